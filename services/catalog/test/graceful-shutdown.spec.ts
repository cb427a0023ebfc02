import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { freePort, freshServiceDatabase, startTsProcess, waitForHttpOk } from "@emporium/testing";
import { catalogService } from "../src/app";

/**
 * The real process (as `npm start` runs it) gets SIGTERM in the middle of a burst: every request it
 * had accepted completes successfully, and it exits with code 0.
 */
describe("catalog graceful shutdown", () => {
  it("finishes in-flight requests on SIGTERM and exits 0", async () => {
    const db = await freshServiceDatabase("catalog", catalogService.migrations.migrate);
    const [rpcPort, httpPort] = [await freePort(), await freePort()];
    const proc = startTsProcess("services/catalog/src/main.ts", {
      EMPORIUM_CATALOG_DATABASE_URL: db.databaseUrl,
      EMPORIUM_CATALOG_RPC_PORT: String(rpcPort),
      EMPORIUM_CATALOG_HTTP_PORT: String(httpPort),
      EMPORIUM_SEED: "1",
      EMPORIUM_LOG_LEVEL: "warn",
    });
    try {
      await waitForHttpOk(`http://127.0.0.1:${httpPort}/readyz`, proc);
      const client = createClient(CatalogService, createGrpcTransport({ baseUrl: `http://127.0.0.1:${rpcPort}` }));
      await client.listProducts({ pageSize: 1 }); // the connection is up before the burst

      // 200 searches in flight at once, each doing real work in PostgreSQL.
      const burst = Array.from({ length: 200 }, (_, i) =>
        client.listProducts({ pageSize: 50, query: ["coffee", "wool", "water", "lamp"][i % 4]! }).then(
          (res) => ({ ok: true as const, count: res.products.length }),
          (err: unknown) => ({ ok: false as const, code: ConnectError.from(err).code }),
        ),
      );
      // Signal once the server has started answering, so the rest are mid-flight.
      await Promise.race(burst);
      proc.child.kill("SIGTERM");
      const results = await Promise.all(burst);
      const failures = results.filter((r) => !r.ok);
      expect(failures).toEqual([]);
      expect(results.every((r) => r.ok && r.count > 0)).toBe(true);

      expect(await proc.exited).toBe(0);
      expect(proc.output()).not.toMatch(/error/i);

      // Afterwards nothing listens any more: a new connection is refused.
      const fresh = createClient(CatalogService, createGrpcTransport({ baseUrl: `http://127.0.0.1:${rpcPort}` }));
      const late = await fresh.listProducts({ pageSize: 1 }).catch((e: unknown) => ConnectError.from(e));
      expect(late).toBeInstanceOf(ConnectError);
      // (Connect reports this as UNAVAILABLE in Node; under Jest's VM realm its error-class check
      // misses and it says INTERNAL, so assert on the cause.)
      expect((late as ConnectError).message).toContain("ECONNREFUSED");
    } finally {
      await proc.stop();
      await db.drop();
    }
  }, 120_000);
});
