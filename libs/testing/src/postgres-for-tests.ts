import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  clusterPaths,
  findPostgres,
  freePort,
  generatePassword,
  initCluster,
  PortInUseError,
  startCluster,
  stopCluster,
  superuserUrl,
  type ClusterSpec,
} from "@emporium/local-servers";
import { cleanUpWhenOwnerExits } from "./orphan-cleanup";

export interface TestPostgres {
  /** Superuser URL of the throwaway server. */
  adminUrl: string;
  port: number;
  /** The cluster's temp directory (data/, postgres.log). */
  dir: string;
  /** Stops the server but keeps its data: for tests of how clients ride out a database outage. */
  stopServer(): Promise<void>;
  /** Starts it again after stopServer(), on the same port. */
  startServer(): Promise<void>;
  /** Stops the server and deletes everything. */
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 5;

/**
 * A throwaway PostgreSQL for tests: fresh cluster in a temp dir, free port, fsync off. It never
 * touches the platform's own server, and it is removed even if the test process dies first.
 */
export async function startTestPostgres(options: { log?: (line: string) => void } = {}): Promise<TestPostgres> {
  const installation = await findPostgres();
  if (!installation) {
    throw new Error(
      "PostgreSQL server binaries were not found: run `npx tsx infra/local/src/postgres-cli.ts install` (as root) or install your system's postgresql package",
    );
  }
  // os.tmpdir(), not somewhere under $HOME: as root the server runs as "postgres", which must reach it.
  const dir = mkdtempSync(path.join(os.tmpdir(), "emporium-test-pg-"));
  const password = generatePassword();
  const cluster: ClusterSpec = { binDir: installation.binDir, dir, port: 0, ephemeral: true };
  let cleanup: { cancel(): void } | undefined;
  try {
    await initCluster(cluster, { superuserPassword: password }, options.log);
    cleanup = cleanUpWhenOwnerExits({ dataDir: clusterPaths(dir).dataDir, removeDir: dir });
    for (let attempt = 1; ; attempt++) {
      cluster.port = await freePort();
      try {
        await startCluster(cluster, options.log);
        break;
      } catch (err) {
        // Another process took the port between freePort() and the server's bind: pick again.
        if (!(err instanceof PortInUseError)) throw err;
        if (attempt >= PORT_ATTEMPTS)
          throw new Error(
            `could not start a test PostgreSQL: ${PORT_ATTEMPTS} free ports in a row were taken before it could bind them`,
          );
      }
    }
  } catch (err) {
    cleanup?.cancel();
    await stopCluster(cluster).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;
  return {
    adminUrl: superuserUrl(cluster.port, password),
    port: cluster.port,
    dir,
    async stopServer() {
      await stopCluster(cluster);
    },
    async startServer() {
      await startCluster(cluster);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await stopCluster(cluster);
      } finally {
        cleanup?.cancel();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
