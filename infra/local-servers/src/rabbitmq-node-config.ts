import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One RabbitMQ node that Emporium owns outright: its own directory, node name and ports, so it never
 * collides with Debian's node (rabbit@<host>) or with other test nodes on the same machine.
 *
 * Layout of `dir`: mnesia/ (queues, messages, users), log/, rabbitmq.conf, enabled_plugins, pid.
 */
export interface RabbitmqNodeSpec {
  /** Directory holding rabbitmq-server and rabbitmqctl (see findRabbitmq). */
  binDir: string;
  dir: string;
  /** Short name, e.g. "emporium"; the node is `<name>@localhost`. */
  name: string;
  amqpPort: number;
  /** Erlang distribution port: rabbitmqctl talks to the node through it. */
  distPort: number;
  managementPort: number;
  /** Created with these credentials on the node's first boot (an empty database). */
  adminUser: string;
  adminPassword: string;
  /** The settings that move each port, for the "port taken" message. */
  portSettings?: { amqp: string; dist: string; management: string };
}

export function rabbitmqNodeName(spec: Pick<RabbitmqNodeSpec, "name">): string {
  return `${spec.name}@localhost`;
}

export function rabbitmqNodePaths(dir: string) {
  return {
    mnesiaBase: path.join(dir, "mnesia"),
    logDir: path.join(dir, "log"),
    configFile: path.join(dir, "rabbitmq.conf"),
    pluginsFile: path.join(dir, "enabled_plugins"),
    pidFile: path.join(dir, "pid"),
  };
}

export function rabbitmqLogFile(spec: Pick<RabbitmqNodeSpec, "dir" | "name">): string {
  return path.join(rabbitmqNodePaths(spec.dir).logDir, `${rabbitmqNodeName(spec)}.log`);
}

export function managementUrl(spec: Pick<RabbitmqNodeSpec, "managementPort">): string {
  return `http://127.0.0.1:${spec.managementPort}`;
}

/** `amqp://user:password@127.0.0.1:port/vhost`; the vhost is URL-encoded ("/" becomes %2F). */
export function amqpUrl(port: number, credentials: { user: string; password: string }, vhost = "/"): string {
  return `amqp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${encodeURIComponent(vhost)}`;
}

// Loopback for Erlang distribution too: by default the dist listener (and epmd) take every interface.
const LOOPBACK_DISTRIBUTION = "-kernel inet_dist_use_interface {127,0,0,1}";

/** The environment for rabbitmq-server and rabbitmqctl: every path points into the node's dir. */
export function rabbitmqNodeEnv(spec: RabbitmqNodeSpec, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const paths = rabbitmqNodePaths(spec.dir);
  return {
    ...base,
    RABBITMQ_NODENAME: rabbitmqNodeName(spec),
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(spec.amqpPort),
    RABBITMQ_DIST_PORT: String(spec.distPort),
    RABBITMQ_MNESIA_BASE: paths.mnesiaBase,
    RABBITMQ_LOG_BASE: paths.logDir,
    RABBITMQ_PID_FILE: paths.pidFile,
    RABBITMQ_CONFIG_FILE: paths.configFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: paths.pluginsFile,
    // Never read a machine-wide rabbitmq-env.conf meant for Debian's node.
    RABBITMQ_CONF_ENV_FILE: path.join(spec.dir, "rabbitmq-env.conf"),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(spec.dir, "advanced.config"),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: LOOPBACK_DISTRIBUTION,
    RABBITMQ_CTL_ERL_ARGS: LOOPBACK_DISTRIBUTION,
    // If no epmd runs yet, the one the node starts listens on loopback only.
    ERL_EPMD_ADDRESS: "127.0.0.1",
    ERL_CRASH_DUMP: path.join(spec.dir, "erl_crash.dump"),
  };
}

/**
 * Writes rabbitmq.conf and enabled_plugins (every start, so a changed port takes effect). The admin
 * user is created by the node itself on first boot, which saves a rabbitmqctl round trip.
 */
export function writeRabbitmqNodeConfig(spec: RabbitmqNodeSpec): void {
  const paths = rabbitmqNodePaths(spec.dir);
  for (const dir of [spec.dir, paths.mnesiaBase, paths.logDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const config = [
    "# Written by Emporium (infra/local-servers/src/rabbitmq-node-config.ts) at every start; edits are lost.",
    "management.tcp.ip = 127.0.0.1",
    `management.tcp.port = ${spec.managementPort}`,
    `default_user = ${spec.adminUser}`,
    `default_pass = ${spec.adminPassword}`,
    "default_user_tags.administrator = true",
    "default_permissions.configure = .*",
    "default_permissions.read = .*",
    "default_permissions.write = .*",
    // Every listener is on loopback already; the admin user must be able to log in over it.
    "loopback_users = none",
    "log.file.level = info",
    "log.console = false",
    "",
  ].join("\n");
  writeFileSync(paths.configFile, config, { mode: 0o600 });
  writeFileSync(paths.pluginsFile, "[rabbitmq_management].\n");
}

/**
 * rabbitmqctl authenticates to the node with the Erlang cookie in $HOME. If it is missing, each
 * starting VM would write its own, and two started at once could disagree; create it first, once.
 */
export function ensureErlangCookie(home: string = process.env.HOME || os.homedir()): void {
  const file = path.join(home, ".erlang.cookie");
  try {
    writeFileSync(file, randomBytes(20).toString("hex").toUpperCase(), { mode: 0o400, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}
