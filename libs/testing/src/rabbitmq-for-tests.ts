import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  amqpUrl,
  findRabbitmq,
  freePort,
  generatePassword,
  killRabbitmqNode,
  managementUrl,
  PortInUseError,
  rabbitmqNodePaths,
  startRabbitmqNode,
  stopRabbitmqNode,
  type RabbitmqNodeSpec,
} from "@emporium/local-servers";
import { stopRabbitmqWhenOwnerExits } from "./orphan-cleanup";

export interface TestRabbitmq {
  /** AMQP URL as the admin user, default vhost "/". */
  url: string;
  amqpPort: number;
  /** e.g. http://127.0.0.1:41234 (HTTP API under /api, basic auth with the admin user). */
  managementUrl: string;
  adminUser: string;
  adminPassword: string;
  /** `<name>@localhost`, for rabbitmqctl -n. */
  nodeName: string;
  /** The node's temp directory (mnesia/, log/). */
  dir: string;
  /** Stops the broker cleanly but keeps its data: durable queues and persistent messages survive. */
  stopServer(): Promise<void>;
  /** Starts it again after stopServer()/killServer(), on the same ports, with the same data. */
  startServer(): Promise<void>;
  /** SIGKILL, no clean shutdown: a crashed broker. startServer() brings it back. */
  killServer(): Promise<void>;
  /** Stops the broker (SIGKILL: nothing is kept) and deletes everything. */
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 5;

/**
 * A throwaway RabbitMQ node for tests: temp dir, free ports, random node name, management plugin,
 * everything on 127.0.0.1. It never touches the platform's own node, and it is stopped and removed
 * even if the test process dies first. Starting takes about 5 s, a clean stop about 7 s.
 */
export async function startTestRabbitmq(options: { log?: (line: string) => void } = {}): Promise<TestRabbitmq> {
  const installation = findRabbitmq();
  if (!installation) {
    throw new Error(
      "RabbitMQ was not found: run `npm test` once (it installs it as root) or `apt-get install -y rabbitmq-server`",
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "emporium-test-rabbitmq-"));
  const spec: RabbitmqNodeSpec = {
    binDir: installation.binDir,
    dir,
    name: `emporium-test-${process.pid}-${randomBytes(4).toString("hex")}`,
    amqpPort: 0,
    distPort: 0,
    managementPort: 0,
    adminUser: "admin",
    adminPassword: generatePassword(),
  };
  const cleanup = stopRabbitmqWhenOwnerExits({ pidFile: rabbitmqNodePaths(dir).pidFile, removeDir: dir });
  try {
    for (let attempt = 1; ; attempt++) {
      [spec.amqpPort, spec.distPort, spec.managementPort] = [await freePort(), await freePort(), await freePort()];
      try {
        await startRabbitmqNode(spec, options.log);
        break;
      } catch (err) {
        // Another process took a port between freePort() and our check: pick again.
        if (!(err instanceof PortInUseError)) throw err;
        if (attempt >= PORT_ATTEMPTS)
          throw new Error(
            `could not start a test RabbitMQ: ${PORT_ATTEMPTS} sets of free ports in a row were taken before it could bind them`,
          );
      }
    }
  } catch (err) {
    cleanup.cancel();
    await killRabbitmqNode(spec).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let removed = false;
  const admin = { user: spec.adminUser, password: spec.adminPassword };
  return {
    url: amqpUrl(spec.amqpPort, admin),
    amqpPort: spec.amqpPort,
    managementUrl: managementUrl(spec),
    adminUser: spec.adminUser,
    adminPassword: spec.adminPassword,
    nodeName: `${spec.name}@localhost`,
    dir,
    async stopServer() {
      await stopRabbitmqNode(spec, options.log);
    },
    async startServer() {
      await startRabbitmqNode(spec, options.log);
    },
    async killServer() {
      await killRabbitmqNode(spec);
    },
    async stop() {
      if (removed) return;
      removed = true;
      try {
        // The data goes anyway: no need for a clean (7 s) shutdown.
        await killRabbitmqNode(spec);
      } finally {
        cleanup.cancel();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
