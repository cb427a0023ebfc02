import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { connectNodeAdapter, createConnectTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { ProductSchema } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import http2 from "node:http2";
import net, { type AddressInfo } from "node:net";
import pino from "pino";
import { Registry } from "prom-client";
import { Writable } from "node:stream";
import { AppError } from "../errors/app-error";
import { createServiceTransport } from "../rpc/client-transport";
import { anonymousClient } from "../rpc/service-client";
import { callBudgetInterceptor } from "./call-budget";
import { connectFailureKinds } from "./connect-policy";
import { registerUpstreamMetrics, upstreamBreakersCheck, UpstreamPolicies } from "./upstream-policies";
import { createUpstreamPolicy, UpstreamRejectedError } from "./upstream-policy";
import { DEFAULT_UPSTREAM_POLICY } from "./upstream-policy-config";

/**
 * A stand-in catalog on loopback HTTP/2. GetProduct is NO_SIDE_EFFECTS in the proto, CreateProduct has
 * no idempotency level: each does what `behaviour` says and counts the calls that reached it.
 */
type Behaviour = (ctx: HandlerContext) => Promise<void> | void;
let getProduct: Behaviour = () => undefined;
let createProduct: Behaviour = () => undefined;
const reached = { getProduct: 0, createProduct: 0 };
const servers: http2.Http2Server[] = [];
let catalogUrl = "";

const unavailable: Behaviour = () => {
  throw new ConnectError("shedding load", Code.Unavailable);
};
const notFound: Behaviour = () => {
  throw new ConnectError("no such product", Code.NotFound);
};
/** Hangs until `release()`; `started` resolves once it is reached. */
function gate() {
  let release!: () => void;
  let reachedIt!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (reachedIt = resolve));
  const behaviour: Behaviour = async () => {
    reachedIt();
    await released;
  };
  return { behaviour, release, started };
}

async function listen(routes: (router: ConnectRouter) => void): Promise<string> {
  const server = http2.createServer(connectNodeAdapter({ routes, interceptors: [callBudgetInterceptor()] }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  catalogUrl = await listen((router) =>
    router.service(CatalogService, {
      async getProduct(_req, ctx) {
        reached.getProduct++;
        await getProduct(ctx);
        return { product: create(ProductSchema, { name: "ok" }) };
      },
      async createProduct(_req, ctx) {
        reached.createProduct++;
        await createProduct(ctx);
        return { product: create(ProductSchema, { name: "made" }) };
      },
    }),
  );
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  reached.getProduct = 0;
  reached.createProduct = 0;
  getProduct = () => undefined;
  createProduct = () => undefined;
});

/** Policies configured like an operator would, through the environment. */
function policiesWith(settings: Record<string, string>): UpstreamPolicies {
  return new UpstreamPolicies(
    Object.fromEntries(Object.entries(settings).map(([key, value]) => [`EMPORIUM_UPSTREAM_CATALOG_${key}`, value])),
  );
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => err,
  );

describe("circuit breaker", () => {
  it("opens after its configured failures, lets no call through while open and exactly one trial when half-open", async () => {
    const policies = policiesWith({
      BREAKER_THRESHOLD: "3",
      RETRY_MAX_ATTEMPTS: "1",
      BREAKER_HALF_OPEN_AFTER_MS: "100",
    });
    const lines: { level: number; msg: string }[] = [];
    policies.useLogger(
      pino(
        { level: "info" },
        new Writable({ write: (chunk, _enc, done) => done(void lines.push(JSON.parse(String(chunk)))) }),
      ),
    );
    const registry = new Registry();
    registerUpstreamMetrics(registry, policies);
    const catalog = anonymousClient(CatalogService, catalogUrl, { policies });
    const [policy] = policies.all();
    getProduct = unavailable;

    for (let i = 0; i < 3; i++) expect(await failure(catalog.getProduct({}))).toMatchObject({ code: "UNAVAILABLE" });
    expect(reached.getProduct).toBe(3);
    expect(policy!.breakerState()).toBe("open");
    // Shown in the health details, never as a readiness failure.
    const breakers = upstreamBreakersCheck(policies);
    expect(breakers.critical).toBe(false);
    await expect(breakers.probe()).rejects.toThrow("catalog: open");

    for (let i = 0; i < 5; i++) {
      const err = await failure(catalog.getProduct({}));
      expect(err).toBeInstanceOf(UpstreamRejectedError);
      expect(err).toMatchObject({ code: "UNAVAILABLE", reason: "breaker_open" });
      expect((err as Error).message).toContain("the catalog service");
    }
    expect(reached.getProduct).toBe(3);

    await new Promise((resolve) => setTimeout(resolve, 150));
    const trial = gate();
    getProduct = trial.behaviour;
    const trialCall = catalog.getProduct({});
    await trial.started;
    expect(policy!.breakerState()).toBe("half-open");
    const others = await Promise.all([1, 2, 3].map(() => failure(catalog.getProduct({}))));
    for (const err of others) expect(err).toMatchObject({ reason: "breaker_open" });
    expect(reached.getProduct).toBe(4);

    trial.release();
    await expect(trialCall).resolves.toMatchObject({ product: { name: "ok" } });
    expect(policy!.breakerState()).toBe("closed");
    await expect(catalog.getProduct({})).resolves.toBeDefined();
    await expect(breakers.probe()).resolves.toBeUndefined();

    const metrics = await registry.metrics();
    expect(metrics).toContain('upstream_breaker_state{upstream="catalog"} 0');
    expect(metrics).toContain('upstream_rejected_total{upstream="catalog",reason="breaker_open"} 8');
    const transitions = lines.filter((line) => line.msg.startsWith("circuit to the catalog service"));
    expect(transitions.map((line) => [line.level, line.msg.split(":")[0]])).toEqual([
      [40, "circuit to the catalog service opened"],
      [30, "circuit to the catalog service half-open"],
      [30, "circuit to the catalog service closed"],
    ]);
  });

  it("is not tripped by answers that say nothing about the upstream's health", async () => {
    const policies = policiesWith({ BREAKER_THRESHOLD: "2" });
    const catalog = anonymousClient(CatalogService, catalogUrl, { policies });
    getProduct = notFound;
    for (let i = 0; i < 5; i++) expect(await failure(catalog.getProduct({}))).toMatchObject({ code: Code.NotFound });
    expect(reached.getProduct).toBe(5);
    expect(policies.all()[0]!.breakerState()).toBe("closed");
  });
});

describe("retries", () => {
  const config = {
    ...DEFAULT_UPSTREAM_POLICY,
    retryMaxAttempts: 4,
    retryInitialDelayMs: 8,
    retryMaxDelayMs: 20,
    breakerThreshold: 100,
  };

  function retryingClient(randoms: number[]) {
    const delays: number[] = [];
    const policy = createUpstreamPolicy("catalog", {
      config,
      failures: connectFailureKinds,
      random: () => randoms.shift() ?? 0.5,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    return { policy, delays, transport: (url: string) => createServiceTransport(url, { policy }) };
  }

  it("retries an idempotent method a finite number of times, with full-jitter delays within the backoff bounds", async () => {
    const { policy, delays, transport } = retryingClient([0.99, 0, 0.5]);
    getProduct = unavailable;
    const err = await failure(createClient(CatalogService, transport(catalogUrl)).getProduct({}));
    expect(err).toMatchObject({ code: Code.Unavailable });
    expect(reached.getProduct).toBe(4);
    expect(policy.counts().retries).toBe(3);
    // Bounds 8, 16, min(20, 32): each wait is random * bound, so they vary with the random draws.
    expect(delays).toEqual([7, 0, 10]);
    const bounds = [8, 16, 20];
    delays.forEach((delay, i) => expect(delay).toBeLessThan(bounds[i]!));
  });

  it("never retries a method without an idempotency level once it was sent", async () => {
    const { policy, transport } = retryingClient([0.5, 0.5, 0.5]);
    createProduct = unavailable;
    expect(await failure(createClient(CatalogService, transport(catalogUrl)).createProduct({}))).toMatchObject({
      code: Code.Unavailable,
    });
    expect(reached.createProduct).toBe(1);
    expect(policy.counts().retries).toBe(0);
  });

  it("retries any method whose request never left (connection refused)", async () => {
    const { policy, transport } = retryingClient([0.5, 0.5, 0.5]);
    const closed = await refusingUrl();
    expect(await failure(createClient(CatalogService, transport(closed)).createProduct({}))).toBeInstanceOf(
      ConnectError,
    );
    expect(policy.counts().retries).toBe(3);
  });
});

describe("bulkhead", () => {
  it("refuses a call at once when its slots and queue are full", async () => {
    const policies = policiesWith({ BULKHEAD_CONCURRENCY: "1", BULKHEAD_QUEUE: "1" });
    const catalog = anonymousClient(CatalogService, catalogUrl, { policies });
    const hang = gate();
    getProduct = hang.behaviour;
    const settled: string[] = [];
    const first = catalog.getProduct({}).finally(() => settled.push("first"));
    const queued = catalog.getProduct({}).finally(() => settled.push("queued"));
    await hang.started;

    const err = await failure(catalog.getProduct({}));
    expect(err).toMatchObject({ code: "UNAVAILABLE", reason: "bulkhead_full" });
    expect((err as Error).message).toContain("the catalog service");
    expect(settled).toEqual([]); // refused while the call ahead of it still hangs: it did not wait
    expect(reached.getProduct).toBe(1);
    expect(policies.all()[0]!.counts().rejected.bulkhead_full).toBe(1);

    hang.release();
    await Promise.all([first, queued]);
    expect(reached.getProduct).toBe(2);
  });
});

describe("deadline propagation", () => {
  it("fails the caller with DEADLINE_EXCEEDED and cancels the hanging upstream's work", async () => {
    let upstreamDeadline: number | undefined;
    let finished = false;
    const aborted = new Promise<void>((resolve) => {
      getProduct = async ({ signal }) => {
        await new Promise<void>((wake) => signal.addEventListener("abort", () => wake()));
        resolve();
        if (!signal.aborted) finished = true;
      };
    });
    // The middle service calls the catalog while handling GetOrder, through the kit's client.
    const catalog = anonymousClient(CatalogService, catalogUrl, { policies: new UpstreamPolicies({}) });
    const ordersUrl = await listen((router) =>
      router.service(OrdersService, {
        async getOrder() {
          await catalog.getProduct({});
          throw new AppError("NOT_FOUND", "unreachable in this test");
        },
      }),
    );
    const catalogSawBudget = new Promise<void>((resolve) => {
      const inner = getProduct;
      getProduct = async (ctx) => {
        upstreamDeadline = ctx.timeoutMs();
        resolve();
        await inner(ctx);
      };
    });

    const orders = createClient(OrdersService, createConnectTransport({ baseUrl: ordersUrl, httpVersion: "2" }));
    const err = await failure(orders.getOrder({ id: "o-1" }, { timeoutMs: 300 }));
    expect(err).toMatchObject({ code: Code.DeadlineExceeded });
    await catalogSawBudget;
    await aborted; // the catalog's handler saw its signal abort...
    expect(finished).toBe(false); // ...and stopped instead of finishing for nobody
    expect(upstreamDeadline).toBeLessThanOrEqual(300); // the remaining budget travelled, not the 5 s default
  });
});

/** A loopback URL where nothing listens: connecting is refused, so nothing is ever sent. */
async function refusingUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}
