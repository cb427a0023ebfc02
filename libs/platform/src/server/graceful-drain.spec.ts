import { ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@emporium/contracts/grpc/health/v1/health_pb";
import { freePort, startTsProcess, waitForHttpOk, writeBrokenVariant, type RunningProcess } from "@emporium/testing";
import path from "node:path";

/**
 * SIGTERM while requests are provably inside their handler (the fixture prints "HOLDING <id>" and
 * answers only when the test releases it): readiness turns NOT_SERVING on an open connection, new
 * connections are refused, and the held requests (gRPC over HTTP/2 and Connect over HTTP/1.1)
 * still get their real answers before the process exits 0.
 */
const RUN_SERVICE = path.join(__dirname, "run-service.ts");
const HELD = ["rpc-1", "rpc-2", "http-1"];
const CUT = "in-flight requests did not complete with their responses";

async function drainsRequestsInFlight(runServiceModule: string): Promise<void> {
  const [rpcPort, httpPort] = [await freePort(), await freePort()];
  const proc = startTsProcess("libs/platform/test/held-requests-service.ts", {
    RUN_SERVICE_MODULE: runServiceModule,
    HELD_RPC_PORT: String(rpcPort),
    HELD_HTTP_PORT: String(httpPort),
  });
  const watchAbort = new AbortController();
  try {
    await waitForHttpOk(`http://127.0.0.1:${httpPort}/readyz`, proc);
    const transport = createGrpcTransport({ baseUrl: `http://127.0.0.1:${rpcPort}` });
    const readiness = watchReadiness(createClient(Health, transport), watchAbort.signal);
    expect(await readiness.firstStatus).toBe(Status.SERVING);
    const catalog = createClient(CatalogService, transport);
    const inFlight = [heldOverGrpc(catalog, "rpc-1"), heldOverGrpc(catalog, "rpc-2"), heldOverHttp(httpPort, "http-1")];
    const holding = () => HELD.every((id) => proc.output().includes(`HOLDING ${id}\n`));
    await until(holding, "every request is inside its handler");

    proc.child.kill("SIGTERM");
    let drainFailure: unknown;
    try {
      expect(await readiness.notServing).toBe(true);
      watchAbort.abort(); // an open Watch stream is a request in flight too: let the drain finish
      const refused = await answersUntilRefused(httpPort, rpcPort);
      // A connection that got in before the listeners closed may only hear "not ready".
      expect(refused.readyz.filter((status) => status !== 503)).toEqual([]);
      expect(refused.health.filter((status) => status !== Status.NOT_SERVING)).toEqual([]);
    } catch (err) {
      drainFailure = err;
    }

    proc.child.kill("SIGUSR2"); // release the held handlers
    const outcomes = await Promise.all(inFlight);
    if (outcomes.join() !== HELD.map((id) => `held ${id}`).join()) throw new Error(`${CUT}: ${outcomes.join("; ")}`);
    if (drainFailure) throw drainFailure;
    expect(await proc.exited).toBe(0);
    expect(proc.output()).not.toMatch(/shutdown (failed|took too long)/);
  } finally {
    watchAbort.abort();
    await stopQuietly(proc);
  }
}

/** grpc.health.v1 Watch on an open connection: its first status, and whether it ever says NOT_SERVING. */
interface Readiness {
  firstStatus: Promise<Status | undefined>;
  notServing: Promise<boolean>;
}

function watchReadiness(health: Client<typeof Health>, signal: AbortSignal): Readiness {
  let first!: (status: Status | undefined) => void;
  const firstStatus = new Promise<Status | undefined>((resolve) => (first = resolve));
  const notServing = (async () => {
    try {
      for await (const res of health.watch({ service: "" }, { signal })) {
        first(res.status);
        if (res.status === Status.NOT_SERVING) return true;
      }
    } catch {
      // The stream was cut: it never said NOT_SERVING.
    }
    first(undefined);
    return false;
  })();
  return { firstStatus, notServing };
}

function heldOverGrpc(catalog: Client<typeof CatalogService>, id: string): Promise<string> {
  return catalog.getProduct({ id }).then(
    (res) => res.product?.name ?? "no product",
    (err: unknown) => `${id} failed: ${ConnectError.from(err).message}`,
  );
}

/** The same RPC through the HTTP/1.1 listener (Connect protocol, JSON), as curl would call it. */
function heldOverHttp(httpPort: number, id: string): Promise<string> {
  return fetch(`http://127.0.0.1:${httpPort}/emporium.catalog.v1.CatalogService/GetProduct`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id }),
  }).then(
    async (res) => {
      if (!res.ok) return `${id} got HTTP ${res.status}`;
      return ((await res.json()) as { product?: { name?: string } }).product?.name ?? "no product";
    },
    (err: Error) => `${id} failed: ${err.message} ${String((err.cause as Error | undefined)?.message ?? "")}`,
  );
}

/**
 * Opens new connections to both listeners until each refuses one; returns what the connections
 * that still got in were told (the listeners close a moment after readiness turns).
 */
async function answersUntilRefused(httpPort: number, rpcPort: number): Promise<{ readyz: number[]; health: Status[] }> {
  const readyz: number[] = [];
  await until(async () => {
    try {
      readyz.push((await fetch(`http://127.0.0.1:${httpPort}/readyz`, { headers: { connection: "close" } })).status);
      return false;
    } catch (err) {
      return ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code === "ECONNREFUSED";
    }
  }, "the HTTP listener refuses new connections");
  const health: Status[] = [];
  await until(async () => {
    const fresh = createClient(Health, createGrpcTransport({ baseUrl: `http://127.0.0.1:${rpcPort}` }));
    try {
      health.push((await fresh.check({ service: "" })).status);
      return false;
    } catch (err) {
      // (Connect says UNAVAILABLE in Node, INTERNAL under Jest's VM realm: the cause is what counts.)
      return ConnectError.from(err).message.includes("ECONNREFUSED");
    }
  }, "the RPC listener refuses new connections");
  return { readyz, health };
}

/** Polls for a positive signal; bounded so a broken drain fails instead of hanging. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopQuietly(proc: RunningProcess): Promise<void> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill("SIGUSR2");
  await proc.stop(5_000);
}

describe("service host drain on SIGTERM (a real process on the platform kit)", () => {
  it("turns NOT_SERVING, refuses new connections, answers the requests in flight and exits 0", async () => {
    await drainsRequestsInFlight(RUN_SERVICE);
  }, 60_000);

  it("detects a shutdown that does not wait for the drain: the requests in flight are cut", async () => {
    const variant = writeBrokenVariant(RUN_SERVICE, { find: "await host.close();", replace: "void host.close();" });
    try {
      await expect(drainsRequestsInFlight(variant.path)).rejects.toThrow(CUT);
    } finally {
      variant.remove();
    }
  }, 60_000);
});
