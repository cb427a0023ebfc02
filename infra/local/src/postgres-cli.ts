/**
 * The platform's local PostgreSQL:
 *   tsx infra/local/src/postgres-cli.ts install | start [service...] | status | stop
 * State lives in EMPORIUM_STATE_DIR (see state-dir.ts); the port is EMPORIUM_PG_PORT (default 5432).
 */
import { ensurePostgresInstalled } from "@emporium/local-servers";
import {
  localClusterDir,
  localPostgresPort,
  localPostgresStatus,
  startLocalPostgres,
  stopLocalPostgres,
} from "./local-postgres";
import { SECRETS_FILE } from "./local-secrets";
import { stateDir } from "./state-dir";

const log = (line: string): void => console.log(line);
const USAGE = "usage: postgres-cli.ts install | start [service...] | status | stop";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "install": {
      const installation = await ensurePostgresInstalled(log);
      log(`==> PostgreSQL ${installation.version} is installed (${installation.binDir})`);
      return 0;
    }
    case "start": {
      const { cluster } = await startLocalPostgres({ services: rest, log });
      log(
        `==> connect as the superuser: postgres://postgres@127.0.0.1:${cluster.port}/postgres (password: postgresSuperuserPassword in ${stateDir()}/${SECRETS_FILE})`,
      );
      return 0;
    }
    case "status": {
      const status = await localPostgresStatus();
      if (!status.installed) {
        log("PostgreSQL: not installed (run `install`)");
        return 3;
      }
      if (!status.initialized)
        log(`PostgreSQL ${status.version}: no cluster yet in ${localClusterDir()} (run \`start\`)`);
      else if (status.running)
        log(
          `PostgreSQL ${status.version}: running, pid ${status.pid}, 127.0.0.1:${status.port}, data ${status.dataDir}, log ${status.logFile}`,
        );
      else
        log(`PostgreSQL ${status.version}: stopped (data ${status.dataDir}, configured port ${localPostgresPort()})`);
      // Like pg_ctl status: 0 running, 3 not running, so scripts can branch on it.
      return status.initialized && status.running ? 0 : 3;
    }
    case "stop":
      await stopLocalPostgres({ log });
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`postgres: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
