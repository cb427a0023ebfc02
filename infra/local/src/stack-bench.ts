/**
 * `npm run bench -- checkout|live`: the checkout benchmark (bench/src/checkout-bench.ts) or the
 * live-updates one (bench/src/live-bench.ts) against the platform `npm start` runs. As
 * `npm run dead-letters` does for its CLI, the local platform hands the benchmark what it needs in
 * one variable (EMPORIUM_BENCH_STACK: where the gateway, the BFFs, Keycloak and the services listen,
 * Keycloak's admin password, and the pid of every process of the stack); the benchmark itself knows
 * nothing of secrets.json or the supervisors' files.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { BFFS, GATEWAY, SERVICES } from "@emporium/registry";
import { localKeycloakPid, localKeycloakPorts } from "./local-keycloak";
import { localPostgresStatus } from "./local-postgres";
import { localRabbitmqStatus } from "./local-rabbitmq";
import { readLocalSecrets } from "./local-secrets";
import { stateDir } from "./state-dir";
import { bffPort, gatewayPort, servicePorts } from "./stack-ports";
import { readSupervisedState } from "./supervised-state";
import { Supervisor } from "./supervisor";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const BENCHES: Readonly<Record<string, string>> = { checkout: "checkout-bench.ts", live: "live-bench.ts" };

/** What EMPORIUM_BENCH_STACK holds (bench/src/checkout/stack.ts reads the same shape). */
interface BenchStack {
  gatewayUrl: string;
  bffUrls: Record<string, string>;
  keycloakUrl: string;
  keycloakAdminPassword: string;
  serviceUrls: Record<string, string>;
  processes: Array<{
    name: string;
    pid: number;
    kind: "service" | "gateway" | "bff" | "postgres" | "rabbitmq" | "keycloak";
  }>;
}

async function describeRunningStack(env: NodeJS.ProcessEnv): Promise<BenchStack> {
  const dir = stateDir(env);
  const notRunning = (what: string) =>
    new Error(`${what} of the local platform in ${dir} is not running: start the platform with npm start first`);
  const supervisor = new Supervisor(dir);
  const processes: BenchStack["processes"] = [];
  const entries = [
    ...SERVICES.map((s) => ({ name: s.name, entry: `services/${s.name}/src/main.ts`, kind: "service" as const })),
    { name: GATEWAY.name, entry: "gateway/src/main.ts", kind: "gateway" as const },
    ...BFFS.map((b) => ({ name: b.name, entry: `${b.name}/src/main.ts`, kind: "bff" as const })),
  ];
  for (const { name, entry, kind } of entries) {
    // The supervisor's child is the service itself; the supervisor's own CPU is negligible.
    const supervisorPid = supervisor.runningPid({ name, entry });
    const pid = supervisorPid && (readSupervisedState(supervisor.stateFile(name))?.childPid ?? undefined);
    if (!pid) throw notRunning(name);
    processes.push({ name, pid, kind });
  }
  const postgres = await localPostgresStatus(env);
  if (!(postgres.installed && postgres.initialized && postgres.running && postgres.pid)) throw notRunning("PostgreSQL");
  processes.push({ name: "postgres", pid: postgres.pid, kind: "postgres" });
  const rabbitmq = await localRabbitmqStatus(env);
  if (!(rabbitmq.installed && rabbitmq.running && rabbitmq.pid)) throw notRunning("RabbitMQ");
  processes.push({ name: "rabbitmq", pid: rabbitmq.pid, kind: "rabbitmq" });
  const keycloakPid = localKeycloakPid(env);
  if (!keycloakPid) throw notRunning("Keycloak");
  processes.push({ name: "keycloak", pid: keycloakPid, kind: "keycloak" });
  const keycloakAdminPassword = readLocalSecrets(dir)?.keycloakAdminPassword;
  if (typeof keycloakAdminPassword !== "string")
    throw notRunning("Keycloak (no keycloakAdminPassword in secrets.json)");
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort(env)}`,
    bffUrls: Object.fromEntries(BFFS.map((b) => [b.name, `http://127.0.0.1:${bffPort(b, env)}`])),
    keycloakUrl: `http://127.0.0.1:${localKeycloakPorts(env).http}`,
    keycloakAdminPassword,
    serviceUrls: Object.fromEntries(SERVICES.map((s) => [s.name, `http://127.0.0.1:${servicePorts(s, env).http}`])),
    processes,
  };
}

const [name = "", ...args] = process.argv.slice(2);
const script = BENCHES[name];
if (!script) {
  console.error(`usage: stack-bench.ts ${Object.keys(BENCHES).join("|")} [options]`);
  process.exit(2);
}

describeRunningStack(process.env).then(
  (stack) => {
    const env = { ...process.env, EMPORIUM_BENCH_STACK: JSON.stringify(stack) };
    const bench = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(REPO_ROOT, "bench", "src", script), ...args],
      {
        env,
        stdio: "inherit",
      },
    );
    process.exit(bench.status ?? 1);
  },
  (err: unknown) => {
    console.error(`bench ${name}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
