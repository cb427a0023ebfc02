import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { Counter } from "prom-client";
import { createTestDatabase, ensureTemplateDatabase, testKeycloak } from "@emporium/testing";
import { createServiceApp, serviceMigrations } from "./create-service-app";

/** The composition every service shares, on the real test PostgreSQL (no broker: the outbox just fills). */
describe("createServiceApp", () => {
  it("migrates, serves readiness with the extra checks, and closes host, then workers, then the pool", async () => {
    const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
    await ensureTemplateDatabase(adminUrl, { service: "platform_kit", migrate: async () => undefined });
    const db = await createTestDatabase(adminUrl, { service: "platform_kit" });
    const srcDir = mkdtempSync(path.join(os.tmpdir(), "kit-src-"));
    mkdirSync(path.join(srcDir, "db", "migrations"), { recursive: true });
    writeFileSync(
      path.join(srcDir, "db", "migrations", "0001_things.sql"),
      "CREATE TABLE things (id int PRIMARY KEY);",
    );
    const events: string[] = [];
    let httpUrl = "";
    const app = await createServiceApp({
      name: "kit",
      config: {
        mode: "development",
        host: "127.0.0.1",
        rpcPort: 0,
        httpPort: 0,
        databaseUrl: db.databaseUrl,
        statementTimeoutMs: 5_000,
        healthIntervalMs: 500,
        shutdownTimeoutMs: 500,
        authIssuer: testKeycloak().issuer,
        inboxRetentionDays: 7,
      },
      logger: pino({ level: "silent" }),
      migrations: serviceMigrations(srcDir),
      deps: (pool, _logger, registry) => ({
        countThings: async () => (await pool.query("SELECT count(*)::int AS n FROM things")).rows[0].n,
        // A service's own metric, served on its /metrics beside the platform's.
        lookups: new Counter({ name: "kit_lookups_total", help: "Lookups", registers: [registry] }),
      }),
      rpc: { services: [], routes: () => () => undefined, access: {} },
      healthChecks: () => [{ name: "extra", critical: false, probe: async () => undefined }],
      workers: (deps) => [
        {
          name: "recorder",
          start: () => void events.push("worker started"),
          // Stopped after the drain and before the pool ends: the listener is gone, the database is not.
          stop: async () => {
            const listening = await fetch(`${httpUrl}/readyz`).then(
              () => true,
              () => false,
            );
            events.push(`worker stopped (listening: ${listening}, things: ${await deps.countThings()})`);
          },
        },
      ],
    });
    try {
      ({ httpUrl } = await app.host.listen());
      const ready = await fetch(`${httpUrl}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { checks: Record<string, unknown> };
      expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(["postgres", "extra"]));
      app.deps.lookups.inc(3);
      const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
      expect(metrics).toMatch(/^kit_lookups_total\{service="kit"\} 3$/m);
      // Its own table and the platform's outbox both exist.
      expect(await app.deps.countThings()).toBe(0);
      await app.pool.query("SELECT 1 FROM outbox LIMIT 1");

      await Promise.all([app.close(), app.close()]);
      expect(events).toEqual(["worker started", "worker stopped (listening: false, things: 0)"]);
      await expect(app.pool.query("SELECT 1")).rejects.toThrow();
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
