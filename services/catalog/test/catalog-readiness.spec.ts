import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { startTestPostgres } from "@emporium/testing";
import pg from "pg";
import { startCatalog, type RunningCatalog } from "./catalog-harness";

/**
 * Readiness follows the service's own database: stop it and health turns NOT_SERVING (gRPC Watch
 * and /readyz), start it again and it turns back. Uses a throwaway PostgreSQL of its own, never
 * the shared test server.
 */
const REPO = path.resolve(__dirname, "..", "..", "..");

describe("catalog readiness follows its database", () => {
  let postgres: Awaited<ReturnType<typeof startTestPostgres>>;
  let catalog: RunningCatalog;

  beforeAll(async () => {
    postgres = await startTestPostgres();
    const admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query("CREATE ROLE catalog LOGIN PASSWORD 'catalog'");
    await admin.query("CREATE DATABASE catalog OWNER catalog");
    await admin.end();
    const url = new URL(postgres.adminUrl);
    url.username = "catalog";
    url.password = "catalog";
    url.pathname = "/catalog";
    catalog = await startCatalog({ databaseUrl: url.toString() });
  }, 120_000);

  afterAll(async () => {
    await catalog?.stop();
    await postgres?.stop();
  });

  it("turns NOT_SERVING when the database stops and SERVING when it is back", async () => {
    const def = protoLoader.loadSync("grpc/health/v1/health.proto", {
      includeDirs: [path.join(REPO, "proto-vendor")],
      enums: String,
    });
    const Health = (
      grpc.loadPackageDefinition(def) as never as {
        grpc: {
          health: {
            v1: {
              Health: new (
                a: string,
                c: grpc.ChannelCredentials,
              ) => grpc.Client & { watch(req: object): grpc.ClientReadableStream<{ status: string }> };
            };
          };
        };
      }
    ).grpc.health.v1.Health;
    const client = new Health(new URL(catalog.rpcUrl).host, grpc.credentials.createInsecure());
    const statuses: string[] = [];
    const waiters: Array<() => void> = [];
    const stream = client.watch({ service: "" });
    stream.on("data", (r) => {
      statuses.push(r.status);
      waiters.splice(0).forEach((w) => w());
    });
    stream.on("error", () => undefined);
    const until = async (status: string) => {
      while (statuses.at(-1) !== status) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    try {
      await until("SERVING");
      expect((await fetch(`${catalog.httpUrl}/readyz`)).status).toBe(200);

      await postgres.stopServer();
      await until("NOT_SERVING");
      const down = await fetch(`${catalog.httpUrl}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        status: "NOT_SERVING",
        checks: { postgres: { ok: false, critical: true } },
      });
      // Liveness does not follow the database: restarting a healthy process would not help.
      expect((await fetch(`${catalog.httpUrl}/healthz`)).status).toBe(200);

      await postgres.startServer();
      await until("SERVING");
      expect(statuses).toEqual(["SERVING", "NOT_SERVING", "SERVING"]);
      expect((await catalog.client().listProducts({ pageSize: 1 })).products).toHaveLength(1);
    } finally {
      stream.cancel();
      client.close();
    }
  }, 120_000);
});
