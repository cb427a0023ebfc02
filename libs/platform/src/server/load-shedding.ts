import { monitorEventLoopDelay } from "node:perf_hooks";
import { Code, ConnectError } from "@connectrpc/connect";
import { codeToHttpStatus, endStreamFlag, errorToJson } from "@connectrpc/connect/protocol-connect";
import { setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Counter, Gauge, type Registry } from "prom-client";
import { z } from "zod";
import { ALWAYS_PUBLIC } from "../auth/rpc-auth-interceptor";
import { envField, loadConfig } from "../config/load-config";
import { sendGraphqlRefusal } from "../errors/graphql-refusal";
import { FAULTS_PATH } from "../faults/fault-admin";

/** When one listener of a process stops admitting requests (docs/conventions.md "Load shedding"). */
export interface LoadLimits {
  /** Requests the listener works on at once; one more is refused until one of them ends. */
  maxInFlight: number;
  /** The process's event-loop delay (mean over the last sample, ms) above which every listener refuses. */
  maxEventLoopDelayMs: number;
  /** What a refusal tells the caller to wait (Retry-After, seconds). */
  retryAfterSeconds: number;
}

/**
 * The limits every listener runs with unless its process's environment says otherwise
 * (loadLimitsFromEnv). Far above what a healthy process serves at once: they refuse the excess of an
 * overload, never a normal peak. Half a second of event-loop delay means every request already waits
 * that long before any of its own work starts.
 */
export const DEFAULT_LOAD_LIMITS: Readonly<LoadLimits> = Object.freeze({
  maxInFlight: 1_000,
  maxEventLoopDelayMs: 500,
  retryAfterSeconds: 1,
});

/** Each limit's environment variable after the process's prefix: `EMPORIUM_ORDERS_LOAD_MAX_IN_FLIGHT`. */
export const LOAD_LIMIT_VARIABLES: Readonly<Record<keyof LoadLimits, string>> = Object.freeze({
  maxInFlight: "LOAD_MAX_IN_FLIGHT",
  maxEventLoopDelayMs: "LOAD_MAX_EVENT_LOOP_DELAY_MS",
  retryAfterSeconds: "LOAD_RETRY_AFTER_SECONDS",
});

const LIMIT_NAMES = Object.keys(LOAD_LIMIT_VARIABLES) as (keyof LoadLimits)[];

/**
 * A process's load limits: `<prefix>LOAD_MAX_IN_FLIGHT`, `…_LOAD_MAX_EVENT_LOOP_DELAY_MS`,
 * `…_LOAD_RETRY_AFTER_SECONDS` (prefix `EMPORIUM_ORDERS_`, `EMPORIUM_GATEWAY_`, `EMPORIUM_BFF_WEB_`),
 * each defaulting to DEFAULT_LOAD_LIMITS. A value that is not a positive integer fails start-up.
 */
export function loadLimitsFromEnv(prefix: string, env: NodeJS.ProcessEnv = process.env): Readonly<LoadLimits> {
  const variable = (limit: keyof LoadLimits) => `${prefix}${LOAD_LIMIT_VARIABLES[limit]}`;
  const schema = z
    .object(
      Object.fromEntries(
        LIMIT_NAMES.map((limit) => [variable(limit), envField.positiveInt(DEFAULT_LOAD_LIMITS[limit])]),
      ),
    )
    .transform((e) => Object.fromEntries(LIMIT_NAMES.map((limit) => [limit, e[variable(limit)] as number])));
  return loadConfig(schema, env) as Readonly<LoadLimits>;
}

/** Why a request was refused: the `reason` label of `load_shed_total`. */
export type ShedReason = "in_flight" | "event_loop_delay";

/** A refusal: why, and what to tell the caller. */
export interface Overload {
  reason: ShedReason;
  message: string;
  retryAfterSeconds: number;
}

/**
 * The admission decision of one listener: a request is admitted while fewer than `maxInFlight` are
 * in flight and the event loop is less than `maxEventLoopDelayMs` behind. Every admitted request is
 * released exactly once when its response ends.
 */
export class LoadShedder {
  private inFlight = 0;

  constructor(
    /** Who is overloaded, as the message names it ("orders", "gateway"). */
    readonly name: string,
    readonly limits: Readonly<LoadLimits>,
    private readonly eventLoopDelayMs: () => number,
  ) {}

  get current(): number {
    return this.inFlight;
  }

  /** Admits the request (counting it) or says why not. */
  admit(): Overload | undefined {
    const { maxInFlight, maxEventLoopDelayMs, retryAfterSeconds } = this.limits;
    const delay = this.eventLoopDelayMs();
    if (delay > maxEventLoopDelayMs)
      return this.overload("event_loop_delay", `its event loop is ${Math.round(delay)} ms behind`, retryAfterSeconds);
    if (this.inFlight >= maxInFlight)
      return this.overload("in_flight", `${plural(this.inFlight, "request")} in flight, its limit`, retryAfterSeconds);
    this.inFlight += 1;
    return undefined;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  private overload(reason: ShedReason, why: string, retryAfterSeconds: number): Overload {
    return {
      reason,
      retryAfterSeconds,
      message: `${this.name} is overloaded (${why}); retry in ${retryAfterSeconds} s`,
    };
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** How often the event-loop delay is read, and the timer resolution it is measured with. */
const DELAY_SAMPLE_MS = 500;
const DELAY_RESOLUTION_MS = 10;

let delayMonitor: { users: number; latestMs: number; stop(): void } | undefined;

/**
 * How far behind the loop is, from the mean delay of each sample (ms): the smaller of the last two,
 * so one pause (a GC, a long synchronous step), which can only fall into one sample, never counts
 * as overload; a loop that stays behind does, from its second sample on.
 */
export function sustainedDelay(previousMeanMs: number, latestMeanMs: number): number {
  return Math.min(previousMeanMs, latestMeanMs);
}

/**
 * The process's event-loop delay in ms (perf_hooks.monitorEventLoopDelay): each sample's mean less
 * the timer's resolution, sustained over two samples (`sustainedDelay`). One monitor per process,
 * shared by its listeners; `release` stops it when the last one closes.
 */
export function processEventLoopDelay(): { read(): number; release(): void } {
  if (!delayMonitor) {
    const histogram = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
    histogram.enable();
    const monitor = { users: 0, latestMs: 0, stop: () => undefined as void };
    let previousMeanMs = 0;
    const timer = setInterval(() => {
      const meanMs = Math.max(0, histogram.mean / 1e6 - DELAY_RESOLUTION_MS);
      monitor.latestMs = sustainedDelay(previousMeanMs, meanMs);
      previousMeanMs = meanMs;
      histogram.reset();
    }, DELAY_SAMPLE_MS).unref();
    monitor.stop = () => {
      clearInterval(timer);
      histogram.disable();
    };
    delayMonitor = monitor;
  }
  const monitor = delayMonitor;
  monitor.users += 1;
  let released = false;
  return {
    read: () => monitor.latestMs,
    release() {
      if (released) return;
      released = true;
      monitor.users -= 1;
      if (monitor.users > 0) return;
      monitor.stop();
      if (delayMonitor === monitor) delayMonitor = undefined;
    },
  };
}

export interface LoadSheddingOptions {
  /** Who is overloaded, as refusals name it: the service's, gateway's or BFF's name. */
  name: string;
  /** The listener's label in `load_shed_total` and `in_flight_requests`: "rpc" or "http". */
  listener: string;
  limits?: Readonly<LoadLimits>;
  /** The process's /metrics registry. */
  registry: Registry;
  /** Tests: the event-loop delay reading (ms); the process's own otherwise. */
  eventLoopDelayMs?: () => number;
}

/**
 * Never shed, never counted: the probes, /metrics, the fault-injection flags (an operator turns a
 * fault off on an overloaded service too), and the health and reflection services.
 */
const EXEMPT_PATHS = new Set(["/healthz", "/readyz", "/metrics", FAULTS_PATH]);
const EXEMPT_RPC_PREFIXES = ALWAYS_PUBLIC.map((service) => `/${service}/`);

const isExempt = (path: string) =>
  EXEMPT_PATHS.has(path) || EXEMPT_RPC_PREFIXES.some((prefix) => path.startsWith(prefix));

/**
 * Load shedding for the Fastify server it is registered on (fastify-plugin: the whole server), as
 * its first onRequest hook: an overloaded listener refuses before any token is verified or any body
 * read. RPCs (Connect, gRPC, gRPC-Web) get RESOURCE_EXHAUSTED, everything else HTTP 503 with a
 * GraphQL-shaped OVERLOADED error; both carry Retry-After. Counts `load_shed_total{listener, reason}`
 * and `in_flight_requests{listener}`.
 */
export const loadShedding = fp<LoadSheddingOptions>(
  async (app, options) => {
    const delay = options.eventLoopDelayMs ? undefined : processEventLoopDelay();
    const read = options.eventLoopDelayMs ?? delay!.read;
    const shedder = new LoadShedder(options.name, options.limits ?? DEFAULT_LOAD_LIMITS, read);
    const { shed, inFlight } = loadMetrics(options.registry);
    const listener = options.listener;
    inFlight.set({ listener }, 0);
    app.addHook("onClose", async () => delay?.release());
    app.addHook("onRequest", async (req, reply) => {
      const path = pathOf(req.url);
      if (isExempt(path)) return;
      const overload = shedder.admit();
      if (overload) {
        shed.inc({ listener, reason: overload.reason });
        return refuse(req, reply, path, overload);
      }
      inFlight.inc({ listener });
      let released = false;
      reply.raw.once("close", () => {
        if (released) return;
        released = true;
        shedder.release();
        inFlight.dec({ listener });
      });
    });
  },
  { name: "emporium-load-shedding" },
);

function loadMetrics(registry: Registry): { shed: Counter<"listener" | "reason">; inFlight: Gauge<"listener"> } {
  const shed =
    (registry.getSingleMetric("load_shed_total") as Counter<"listener" | "reason"> | undefined) ??
    new Counter({
      name: "load_shed_total",
      help: "Requests refused because the listener was overloaded (too many in flight, event loop behind)",
      labelNames: ["listener", "reason"],
      registers: [registry],
    });
  const inFlight =
    (registry.getSingleMetric("in_flight_requests") as Gauge<"listener"> | undefined) ??
    new Gauge({
      name: "in_flight_requests",
      help: "Requests a listener is working on (the ones load shedding counts)",
      labelNames: ["listener"],
      registers: [registry],
    });
  return { shed, inFlight };
}

const pathOf = (url: string) => {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
};

/** `/package.Service/Method`, as Connect, gRPC and gRPC-Web address a procedure. */
const RPC_PATH = /^\/[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+\/[A-Za-z_]\w*$/;

function refuse(req: FastifyRequest, reply: FastifyReply, path: string, overload: Overload): FastifyReply {
  void reply.header("retry-after", String(overload.retryAfterSeconds));
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  if (contentType.startsWith("application/grpc") || contentType.startsWith("application/connect+"))
    return refuseStreamingRpc(reply, contentType, overload);
  if (RPC_PATH.test(path)) return refuseConnectUnary(reply, overload);
  return sendGraphqlRefusal(reply, 503, "OVERLOADED", overload.message, {
    reason: overload.reason,
    retryAfterSeconds: overload.retryAfterSeconds,
  });
}

const resourceExhausted = (overload: Overload) => new ConnectError(overload.message, Code.ResourceExhausted);

/** Connect unary (POST or GET): the error as JSON, with the code's HTTP status (429). */
function refuseConnectUnary(reply: FastifyReply, overload: Overload): FastifyReply {
  return reply
    .code(codeToHttpStatus(Code.ResourceExhausted))
    .type("application/json")
    .send(JSON.stringify(errorToJson(resourceExhausted(overload), undefined)));
}

/**
 * gRPC and gRPC-Web: a trailers-only answer (the status in the headers, no body); Connect
 * streaming: the end-of-stream message carrying the error. All with HTTP status 200, as the protocols say.
 */
function refuseStreamingRpc(reply: FastifyReply, contentType: string, overload: Overload): FastifyReply {
  void reply.code(200).header("content-type", contentType.split(";")[0]!);
  if (contentType.startsWith("application/grpc")) {
    const trailers = new Headers();
    setTrailerStatus(trailers, resourceExhausted(overload));
    trailers.forEach((value, key) => void reply.header(key, value));
    return reply.send();
  }
  const json = Buffer.from(JSON.stringify({ error: errorToJson(resourceExhausted(overload), undefined) }));
  const envelope = Buffer.alloc(5 + json.length);
  envelope.writeUInt8(endStreamFlag, 0);
  envelope.writeUInt32BE(json.length, 1);
  json.copy(envelope, 5);
  return reply.send(envelope);
}
