/**
 * A service built on the platform kit (buildServiceHost + runService, as every service's main.ts
 * does) whose one RPC holds each request open, for the drain test: the handler prints
 * "HOLDING <id>" once it has started, and answers only after the process gets SIGUSR2 (the test's
 * "release"). So the test knows the requests are in flight before it sends SIGTERM, and can look
 * at readiness and the listeners while they still are.
 *
 * RUN_SERVICE_MODULE may name another copy of run-service.ts (a deliberately broken variant).
 */
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { once } from "node:events";
import path from "node:path";
import pino from "pino";
import type { TokenVerifier } from "../src/auth/token-verifier";
import { HealthMonitor } from "../src/health/health-monitor";
import { createMetrics } from "../src/metrics/metrics";
import { buildServiceHost } from "../src/server/service-host";
import type * as RunServiceModule from "../src/server/run-service";

/**
 * Long enough that only the test's release ends a held request (never Connect's own abort), short
 * enough that a drain that hangs ends in the watchdog's exit 1 well within the test's timeout.
 */
const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const modulePath = process.env.RUN_SERVICE_MODULE ?? path.join(__dirname, "../src/server/run-service.ts");
  const { runService } = (await import(modulePath)) as typeof RunServiceModule;
  const logger = pino({ level: process.env.EMPORIUM_TEST_LOG_LEVEL ?? "warn" });
  const health = new HealthMonitor([], { intervalMs: 60_000 });
  await health.start();
  // The held RPC is public and the test sends no tokens, so nothing is ever verified.
  const verifier: TokenVerifier = { verify: () => Promise.reject(new Error("the drain fixture verifies no tokens")) };
  const released = once(process, "SIGUSR2");
  const host = buildServiceHost({
    name: "held-requests",
    mode: "development",
    host: "127.0.0.1",
    rpcPort: Number(process.env.HELD_RPC_PORT),
    httpPort: Number(process.env.HELD_HTTP_PORT),
    logger,
    metrics: createMetrics("held-requests"),
    health,
    services: [CatalogService],
    routes: (router) =>
      router.service(CatalogService, {
        async getProduct(req) {
          process.stdout.write(`HOLDING ${req.id}\n`);
          await released;
          return { product: { id: req.id, name: `held ${req.id}` } };
        },
      }),
    auth: { verifier, access: { "emporium.catalog.v1.CatalogService/GetProduct": { public: true } } },
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
  });
  await runService(host, logger, [async () => health.stop()], SHUTDOWN_TIMEOUT_MS);
}

main().catch((err: Error) => {
  process.stderr.write(`held-requests service failed to start: ${err.message}\n`);
  process.exit(1);
});
