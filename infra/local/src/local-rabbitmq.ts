import { createHash } from "node:crypto";
import path from "node:path";
import { loadOrCreateSecrets } from "./local-secrets";
import { BFFS, SERVICES } from "@emporium/registry";
import {
  amqpUrl,
  deleteRabbitmqUser,
  ensureRabbitmqInstalled,
  ensureRabbitmqUser,
  findRabbitmq,
  grantRabbitmqVhostAccess,
  ensureRabbitmqVhost,
  managementUrl,
  migrateLegacyTopology,
  provisionBffBrokerUser,
  provisionServiceBrokerUser,
  rabbitmqCredentialsWork,
  rabbitmqctl,
  type RabbitmqManagement,
  rabbitmqNodeName,
  type RabbitmqNodeSpec,
  type RabbitmqNodeStatus,
  rabbitmqNodeStatus,
  startRabbitmqNode,
  stopRabbitmqNode,
} from "@emporium/local-servers";
import { ensureStateDir, stateDir } from "./state-dir";

/**
 * The platform's RabbitMQ (what `npm start` runs): node emporium@localhost in `<state>/rabbitmq`,
 * AMQP 5672 / management 15672 / distribution 25672 unless moved by env. Each service uses vhost
 * `emporium` as a user of its own, named like the service, with only the rights docs/adr/0017 gives
 * it (serviceBrokerPolicy); so does each BFF (`bff-web`, `bff-mobile`: bffBrokerPolicy, its live
 * feed's queues and nothing else); the management UI takes user `admin`; operator tools such as the
 * dead-letter CLI use `operator`. The passwords are in `<state>/secrets.json`.
 */

type Log = (line: string) => void;

export const LOCAL_RABBITMQ_VHOST = "emporium";
/** The user every service shared before each got its own; `npm start` deletes it. */
const RETIRED_SHARED_USER = "emporium";
/**
 * The operator tools' user: every right on vhost `emporium` plus the `management` tag, which opens
 * the management API for that vhost only (the dead-letter CLI lists queues there, and replays dead
 * letters into any service's queue). The services' users have no management access.
 */
export const LOCAL_RABBITMQ_OPERATOR = "operator";
const ADMIN_USER = "admin";

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new Error(`${name} must be a port number (1-65535), got ${JSON.stringify(raw)}`);
  return value;
};

export function localRabbitmqPorts(env: NodeJS.ProcessEnv = process.env) {
  return {
    amqp: port(env, "EMPORIUM_RABBITMQ_PORT", 5672),
    management: port(env, "EMPORIUM_RABBITMQ_MANAGEMENT_PORT", 15672),
    dist: port(env, "EMPORIUM_RABBITMQ_DIST_PORT", 25672),
  };
}

/**
 * Node names are machine-wide (epmd): a second platform with its own EMPORIUM_STATE_DIR (e.g. the
 * local-stack e2e test) gets a name of its own, so it never takes over or stops the first one's node.
 */
export function localRabbitmqNodeName(env: NodeJS.ProcessEnv = process.env): string {
  const dir = stateDir(env);
  return dir === stateDir({ ...env, EMPORIUM_STATE_DIR: "" })
    ? "emporium"
    : `emporium-${createHash("sha256").update(dir).digest("hex").slice(0, 8)}`;
}

/** The node spec; stop and status need no password (the admin user only matters at start). */
function localNodeSpec(env: NodeJS.ProcessEnv, binDir: string, adminPassword = ""): RabbitmqNodeSpec {
  const ports = localRabbitmqPorts(env);
  return {
    binDir,
    dir: path.join(stateDir(env), "rabbitmq"),
    name: localRabbitmqNodeName(env),
    amqpPort: ports.amqp,
    distPort: ports.dist,
    managementPort: ports.management,
    adminUser: ADMIN_USER,
    adminPassword,
  };
}

export interface StartedLocalRabbitmq {
  /** Each service's URL (its own user, vhost emporium); they hold passwords, so do not print them. */
  serviceAmqpUrls: Record<string, string>;
  /** Each BFF's URL (its own user, vhost emporium), for its live feed; passwords too. */
  bffAmqpUrls: Record<string, string>;
  managementUrl: string;
  logFile: string;
}

/** Installs on first use, starts unless running, and provisions vhost and users every time (idempotent). */
export async function startLocalRabbitmq(
  options: { log?: Log; env?: NodeJS.ProcessEnv } = {},
): Promise<StartedLocalRabbitmq> {
  const { log = () => undefined, env = process.env } = options;
  const { binDir, version } = await ensureRabbitmqInstalled(log);
  const services = SERVICES.map((s) => s.name);
  const bffs = BFFS.map((b) => b.name);
  const secrets = loadOrCreateSecrets(ensureStateDir(stateDir(env)), { brokerServices: services, brokerBffs: bffs });
  const spec = localNodeSpec(env, binDir, secrets.rabbitmqAdminPassword);
  if ((await startRabbitmqNode(spec, log)) === "already-running")
    log(`==> RabbitMQ ${version} already running (node ${rabbitmqNodeName(spec)})`);
  const admin: RabbitmqManagement = { url: managementUrl(spec), user: spec.adminUser, password: spec.adminPassword };
  // The node creates `admin` only on its first boot; a secrets file regenerated since then would not match.
  if (!(await rabbitmqCredentialsWork(admin))) await resetAdminUser(spec, log);
  await ensureRabbitmqVhost(admin, LOCAL_RABBITMQ_VHOST);
  // Before the services start: they could not redeclare what a broker from before ADR 0017 holds.
  await migrateLegacyTopology(admin, LOCAL_RABBITMQ_VHOST, (line) => log(`==> ${line}`));
  // Applied on every start, so a broker provisioned by an older version gets today's rights.
  for (const service of services) {
    await provisionServiceBrokerUser(admin, {
      vhost: LOCAL_RABBITMQ_VHOST,
      user: service,
      password: secrets.rabbitmqServicePasswords[service]!,
      service,
    });
  }
  for (const bff of bffs) {
    await provisionBffBrokerUser(admin, {
      vhost: LOCAL_RABBITMQ_VHOST,
      user: bff,
      password: secrets.rabbitmqBffPasswords[bff]!,
      bff,
    });
  }
  // Its rights on everything would undo the separation (deleting it also closes its connections).
  await deleteRabbitmqUser(admin, RETIRED_SHARED_USER);
  await ensureRabbitmqUser(admin, {
    name: LOCAL_RABBITMQ_OPERATOR,
    password: secrets.rabbitmqOperatorPassword,
    tags: ["management"],
  });
  await grantRabbitmqVhostAccess(admin, LOCAL_RABBITMQ_VHOST, LOCAL_RABBITMQ_OPERATOR);
  log(`==> RabbitMQ vhost ${LOCAL_RABBITMQ_VHOST} (a user per service and BFF, and ${LOCAL_RABBITMQ_OPERATOR}) ready`);
  const urls = (names: readonly string[], passwords: Record<string, string>) =>
    Object.fromEntries(
      names.map((user) => [user, amqpUrl(spec.amqpPort, { user, password: passwords[user]! }, LOCAL_RABBITMQ_VHOST)]),
    );
  return {
    serviceAmqpUrls: urls(services, secrets.rabbitmqServicePasswords),
    bffAmqpUrls: urls(bffs, secrets.rabbitmqBffPasswords),
    managementUrl: admin.url,
    logFile: rabbitmqNodeStatus(spec).logFile,
  };
}

async function resetAdminUser(spec: RabbitmqNodeSpec, log: Log): Promise<void> {
  log(`==> RabbitMQ user ${spec.adminUser} does not take the password in secrets.json; setting it with rabbitmqctl`);
  const changed = await rabbitmqctl(spec, ["change_password", spec.adminUser, spec.adminPassword]).then(
    () => true,
    () => false,
  );
  if (!changed) await rabbitmqctl(spec, ["add_user", spec.adminUser, spec.adminPassword]);
  await rabbitmqctl(spec, ["set_user_tags", spec.adminUser, "administrator"]);
  await rabbitmqctl(spec, ["set_permissions", "-p", "/", spec.adminUser, ".*", ".*", ".*"]);
}

export async function stopLocalRabbitmq(
  options: { log?: Log; env?: NodeJS.ProcessEnv } = {},
): Promise<"stopped" | "not-running"> {
  const { log = () => undefined, env = process.env } = options;
  const installation = findRabbitmq(env);
  if (!installation) {
    log("==> RabbitMQ is not installed; nothing to stop");
    return "not-running";
  }
  return stopRabbitmqNode(localNodeSpec(env, installation.binDir), log);
}

/** Running = our node's pid is alive; ready = its management API answers. */
export async function localRabbitmqStatus(
  env: NodeJS.ProcessEnv = process.env,
): Promise<
  | (RabbitmqNodeStatus & { installed: true; ready: boolean; managementUrl: string; amqpPort: number })
  | { installed: false }
> {
  const installation = findRabbitmq(env);
  if (!installation) return { installed: false };
  const spec = localNodeSpec(env, installation.binDir);
  const status = rabbitmqNodeStatus(spec);
  const url = managementUrl(spec);
  const ready =
    status.running &&
    (await fetch(`${url}/api/overview`, { signal: AbortSignal.timeout(2_000) }).then(
      () => true,
      () => false,
    ));
  return { ...status, installed: true, ready, managementUrl: url, amqpPort: spec.amqpPort };
}
