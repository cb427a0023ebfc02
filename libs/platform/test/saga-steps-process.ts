/**
 * A kit service (createServiceApp, as every service) whose one worker walks the steps
 * reserve-stock, authorize-payment, create-shipment over and over, marking each with
 * `faults.atStep` and printing "PASSED <step>" after it, for the crash-at-step test: the test sets
 * `fault.crash-at-step` over HTTP while the process runs and watches it end at that step.
 * Prints "LISTENING <httpUrl>" once its listeners are up.
 */
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { createServiceApp } from "../src/server/create-service-app";

const STEPS = ["reserve-stock", "authorize-payment", "create-shipment"];

async function main(): Promise<void> {
  let walking = true;
  const app = await createServiceApp({
    name: "saga-steps",
    config: {
      mode: "development",
      host: "127.0.0.1",
      rpcPort: 0,
      httpPort: 0,
      databaseUrl: process.env.SAGA_DATABASE_URL!,
      statementTimeoutMs: 5_000,
      healthIntervalMs: 60_000,
      shutdownTimeoutMs: 500,
      authIssuer: "http://127.0.0.1:1/realms/none",
      inboxRetentionDays: 7,
    },
    logger: pino({ level: "warn" }),
    migrations: { dir: __dirname, migrate: async () => undefined },
    deps: (_pool, _logger, _registry, faults) => ({ steps: faults }),
    rpc: { services: [], routes: () => () => undefined, access: {} },
    workers: (deps) => [
      {
        name: "saga-steps",
        start() {
          void (async () => {
            while (walking)
              for (const step of STEPS) {
                await deps.steps.atStep(step);
                process.stdout.write(`PASSED ${step}\n`);
                await sleep(10);
              }
          })();
        },
        stop: () => void (walking = false),
      },
    ],
  });
  const { httpUrl } = await app.host.listen();
  process.stdout.write(`LISTENING ${httpUrl}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
