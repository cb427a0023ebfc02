import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@emporium/contracts/grpc/health/v1/health_pb";
import Fastify from "fastify";
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import pino from "pino";
import { Registry } from "prom-client";
import type { TokenVerifier } from "../auth/token-verifier";
import { createBffApp } from "../bff/create-bff-app";
import { HealthMonitor } from "../health/health-monitor";
import { createMetrics } from "../metrics/metrics";
import { DEFAULT_LOAD_LIMITS, LoadShedder, loadLimitsFromEnv, loadShedding, sustainedDelay } from "./load-shedding";
import { buildServiceHost, type ServiceHost } from "./service-host";

const LIMITS = { maxInFlight: 2, maxEventLoopDelayMs: 100, retryAfterSeconds: 3 };

describe("the event-loop delay that counts as overload", () => {
  it("ignores one pause (it falls into one sample) and counts a loop that stays behind", () => {
    const samples = [5, 900, 5, 5, 600, 700, 650, 5];
    const readings = samples.map((mean, i) => sustainedDelay(samples[i - 1] ?? 0, mean));
    expect(readings).toEqual([0, 5, 5, 5, 5, 600, 650, 5]);
  });
});

describe("LoadShedder", () => {
  it("admits up to maxInFlight at once and one more after a release", () => {
    const shedder = new LoadShedder("orders", LIMITS, () => 0);
    expect([shedder.admit(), shedder.admit()]).toEqual([undefined, undefined]);
    expect(shedder.admit()).toEqual({
      reason: "in_flight",
      retryAfterSeconds: 3,
      message: "orders is overloaded (2 requests in flight, its limit); retry in 3 s",
    });
    shedder.release();
    expect(shedder.admit()).toBeUndefined();
    expect(shedder.current).toBe(2);
  });

  it("refuses everything while the event loop is further behind than its limit, and admits again after", () => {
    let delayMs = 250;
    const shedder = new LoadShedder("gateway", LIMITS, () => delayMs);
    expect(shedder.admit()).toMatchObject({
      reason: "event_loop_delay",
      message: "gateway is overloaded (its event loop is 250 ms behind); retry in 3 s",
    });
    expect(shedder.current).toBe(0);
    delayMs = 100;
    expect(shedder.admit()).toBeUndefined();
  });
});

describe("loadLimitsFromEnv", () => {
  it("takes the defaults, and each limit from <prefix>LOAD_*", () => {
    expect(loadLimitsFromEnv("EMPORIUM_ORDERS_", {})).toEqual(DEFAULT_LOAD_LIMITS);
    const env = { EMPORIUM_ORDERS_LOAD_MAX_IN_FLIGHT: "50", EMPORIUM_ORDERS_LOAD_MAX_EVENT_LOOP_DELAY_MS: "200" };
    expect(loadLimitsFromEnv("EMPORIUM_ORDERS_", env)).toEqual({
      ...DEFAULT_LOAD_LIMITS,
      maxInFlight: 50,
      maxEventLoopDelayMs: 200,
    });
  });

  it("fails naming the variable when a limit is not a positive integer", () => {
    expect(() => loadLimitsFromEnv("EMPORIUM_ORDERS_", { EMPORIUM_ORDERS_LOAD_MAX_IN_FLIGHT: "0" })).toThrow(
      /EMPORIUM_ORDERS_LOAD_MAX_IN_FLIGHT/,
    );
  });
});

describe("event-loop delay shedding on a listener", () => {
  let delayMs = 0;
  const app = Fastify();
  void app.register(loadShedding, {
    name: "bff-web",
    listener: "http",
    limits: LIMITS,
    registry: new Registry(),
    eventLoopDelayMs: () => delayMs,
  });
  app.post("/graphql", async () => ({ data: { ok: true } }));
  app.get("/readyz", async () => ({ status: "SERVING" }));
  afterAll(() => app.close());

  it("answers 503 OVERLOADED with Retry-After while the loop is behind, the probes still answered", async () => {
    delayMs = 400;
    const refused = await app.inject({ method: "POST", url: "/graphql", payload: { query: "{ ok }" } });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers["retry-after"]).toBe("3");
    expect(refused.json()).toEqual({
      errors: [
        {
          message: "bff-web is overloaded (its event loop is 400 ms behind); retry in 3 s",
          extensions: {
            code: "OVERLOADED",
            requestId: expect.any(String),
            reason: "event_loop_delay",
            retryAfterSeconds: 3,
          },
        },
      ],
    });
    expect((await app.inject({ url: "/readyz" })).statusCode).toBe(200);
    delayMs = 0;
    expect((await app.inject({ method: "POST", url: "/graphql", payload: { query: "{ ok }" } })).statusCode).toBe(200);
  });
});

/** A gate the held handlers wait at: `entered` resolves once `count` of them are inside. */
function heldHandlers(count: number) {
  let open!: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  let inside = 0;
  let allInside!: () => void;
  const entered = new Promise<void>((resolve) => (allInside = resolve));
  return {
    released,
    entered,
    release: () => open(),
    async hold(): Promise<void> {
      if (++inside === count) allInside();
      await released;
    },
  };
}

/**
 * A service host with an in-flight limit of 2 whose RPC and GraphQL query hold every request until
 * the test releases them. More than the limit at once: the excess fails at once, with the documented
 * code, while the admitted ones are still held; once released, every admitted one completes.
 */
describe("a service under more load than its in-flight limit", () => {
  let gate = heldHandlers(LIMITS.maxInFlight);
  let host: ServiceHost;
  let urls: { rpcUrl: string; httpUrl: string };
  const verifier: TokenVerifier = { verify: () => Promise.reject(new Error("no tokens in this test")) };
  const held = new GraphQLObjectType({
    name: "Query",
    fields: {
      held: {
        type: GraphQLString,
        resolve: async () => {
          await gate.hold();
          return "done";
        },
      },
    },
  });

  beforeAll(async () => {
    const health = new HealthMonitor([], { intervalMs: 60_000 });
    await health.start();
    host = buildServiceHost({
      name: "orders",
      mode: "development",
      host: "127.0.0.1",
      rpcPort: 0,
      httpPort: 0,
      logger: pino({ level: "silent" }),
      metrics: createMetrics("load_shedding_spec"),
      health,
      services: [CatalogService],
      routes: (router) =>
        router.service(CatalogService, {
          async getProduct(req) {
            await gate.hold();
            return { product: { id: req.id, name: `held ${req.id}` } };
          },
        }),
      subgraph: { schema: new GraphQLSchema({ query: held }), context: () => ({}) },
      auth: { verifier, access: { "emporium.catalog.v1.CatalogService/GetProduct": { public: true } } },
      loadLimits: { ...LIMITS, maxEventLoopDelayMs: 60_000 },
      shutdownTimeoutMs: 500,
    });
    urls = await host.listen();
  });
  beforeEach(() => (gate = heldHandlers(LIMITS.maxInFlight)));
  afterAll(() => host?.close());

  /** Fires the admitted calls, waits until they are inside, fires the excess; the log orders what happened. */
  async function overload<T>(call: (i: number) => Promise<T>, excess: number) {
    const events: string[] = [];
    const admitted = [0, 1].map((i) => call(i).finally(() => events.push("admitted settled")));
    await gate.entered;
    const shed = await Promise.allSettled(
      Array.from({ length: excess }, (_, i) => call(10 + i).finally(() => events.push("shed settled"))),
    );
    events.push("released");
    gate.release();
    const answers = await Promise.all(admitted);
    return { events, shed, answers };
  }

  it.each([
    ["gRPC on the RPC listener", () => createGrpcTransport({ baseUrl: urls.rpcUrl })],
    ["gRPC-Web on the HTTP listener", () => createGrpcWebTransport({ baseUrl: urls.httpUrl, httpVersion: "1.1" })],
    [
      "Connect over HTTP/1.1 on the HTTP listener",
      () => createConnectTransport({ baseUrl: urls.httpUrl, httpVersion: "1.1" }),
    ],
  ])("%s: the excess fails with RESOURCE_EXHAUSTED before the admitted calls end", async (_, transport) => {
    const catalog = createClient(CatalogService, transport());
    const { events, shed, answers } = await overload((i) => catalog.getProduct({ id: `p${i}` }), 3);

    expect(events).toEqual([...Array(3).fill("shed settled"), "released", "admitted settled", "admitted settled"]);
    for (const outcome of shed) {
      expect(outcome.status).toBe("rejected");
      const err = ConnectError.from((outcome as PromiseRejectedResult).reason);
      expect(err.code).toBe(Code.ResourceExhausted);
      expect(err.rawMessage).toBe("orders is overloaded (2 requests in flight, its limit); retry in 3 s");
      expect(err.metadata.get("retry-after")).toBe("3");
    }
    expect(answers.map((a) => a.product?.name)).toEqual(["held p0", "held p1"]);
  });

  it("GraphQL on the HTTP listener: the excess gets 503 OVERLOADED with Retry-After; the probes are answered", async () => {
    const query = (_i: number) =>
      fetch(`${urls.httpUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ held }" }),
      }).then(async (res) => ({
        status: res.status,
        retryAfter: res.headers.get("retry-after"),
        body: await res.json(),
      }));
    const events: string[] = [];
    const admitted = [0, 1].map((i) => query(i).finally(() => events.push("admitted settled")));
    await gate.entered;
    const shed = await Promise.all([query(10), query(11)]);
    const probes = await Promise.all(["/healthz", "/readyz", "/metrics"].map((p) => fetch(`${urls.httpUrl}${p}`)));
    const health = await createClient(Health, createGrpcTransport({ baseUrl: urls.rpcUrl })).check({});
    events.push("released");
    gate.release();
    const answers = await Promise.all(admitted);

    expect(events).toEqual(["released", "admitted settled", "admitted settled"]);
    for (const refusal of shed) {
      expect(refusal).toEqual({
        status: 503,
        retryAfter: "3",
        body: {
          errors: [
            {
              message: "orders is overloaded (2 requests in flight, its limit); retry in 3 s",
              extensions: {
                code: "OVERLOADED",
                requestId: expect.any(String),
                reason: "in_flight",
                retryAfterSeconds: 3,
              },
            },
          ],
        },
      });
    }
    expect(probes.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(health.status).toBe(Status.SERVING);
    expect(answers).toEqual([
      { status: 200, retryAfter: null, body: { data: { held: "done" } } },
      { status: 200, retryAfter: null, body: { data: { held: "done" } } },
    ]);
    const metrics = await (await fetch(`${urls.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/load_shed_total\{listener="http",reason="in_flight"[^}]*\} 8/);
    expect(metrics).toMatch(/load_shed_total\{listener="rpc",reason="in_flight"[^}]*\} 3/);
    expect(metrics).toMatch(/in_flight_requests\{listener="http"[^}]*\} 0/);
    // Every admitted request left the count when it ended, on HTTP/2 as on HTTP/1.1.
    expect(metrics).toMatch(/in_flight_requests\{listener="rpc"[^}]*\} 0/);
  });
});

/** The BFF host sheds before its token check and edge policy: a GraphQL-shaped 503, the probes still answered. */
describe("a BFF at its in-flight limit", () => {
  const gate = heldHandlers(1);
  let app: Awaited<ReturnType<typeof createBffApp>>;
  let url: string;

  beforeAll(async () => {
    app = await createBffApp({
      name: "bff-shedding-test",
      config: {
        authIssuer: "http://127.0.0.1:9/realms/unused",
        rpcUrls: {},
        loadLimits: { ...LIMITS, maxInFlight: 1, maxEventLoopDelayMs: 60_000 },
      },
      logger: pino({ level: "silent" }),
      graph: {
        schema: "type Query { held: String! }",
        resolvers: { Query: { held: async () => (await gate.hold(), "done") } },
        context: (request) => request,
        examples: [],
      },
    });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => app?.close());

  it("refuses the excess with 503 OVERLOADED while the admitted query is held; it then completes", async () => {
    const ask = () =>
      fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ held }" }),
      }).then(async (res) => ({
        status: res.status,
        retryAfter: res.headers.get("retry-after"),
        body: await res.json(),
      }));
    const admitted = ask();
    await gate.entered;
    const refused = await ask();
    const ready = await fetch(`${url}/healthz`);
    gate.release();

    expect(refused).toMatchObject({
      status: 503,
      retryAfter: "3",
      body: {
        errors: [
          { message: expect.stringMatching(/^bff-shedding-test is overloaded/), extensions: { code: "OVERLOADED" } },
        ],
      },
    });
    expect(ready.status).toBe(200);
    expect(await admitted).toMatchObject({ status: 200, body: { data: { held: "done" } } });
    expect((await ask()).status).toBe(200);
  });
});
