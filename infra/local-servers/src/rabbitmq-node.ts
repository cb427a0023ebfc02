import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describePortOwner, isPortFree, PortInUseError } from "./port-check";
import { runCommand } from "./run-command";
import {
  ensureErlangCookie,
  rabbitmqLogFile,
  rabbitmqNodeEnv,
  rabbitmqNodeName,
  rabbitmqNodePaths,
  writeRabbitmqNodeConfig,
  type RabbitmqNodeSpec,
} from "./rabbitmq-node-config";
import { alive } from "./process-alive";

type Log = (line: string) => void;
const quiet: Log = () => undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;
/** `rabbitmqctl await_startup` exits 69 (EX_UNAVAILABLE) while the node is not reachable yet. */
const NODE_UNAVAILABLE = 69;

export interface RabbitmqNodeStatus {
  running: boolean;
  pid?: number;
  logFile: string;
}

/**
 * The pid in the node's pid file, if that process is still this node. The Erlang VM's command line
 * does not name the node, its environment does; a reused pid is not ours to signal.
 */
export function rabbitmqNodePid(spec: RabbitmqNodeSpec): number | undefined {
  const { pidFile } = rabbitmqNodePaths(spec.dir);
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    return environ.includes(`RABBITMQ_NODENAME=${rabbitmqNodeName(spec)}`) ? pid : undefined;
  } catch {
    // No /proc (macOS) or not readable: trust the pid file of a live process.
    return pid;
  }
}

export function rabbitmqNodeStatus(spec: RabbitmqNodeSpec): RabbitmqNodeStatus {
  const pid = rabbitmqNodePid(spec);
  return { running: pid !== undefined, pid, logFile: rabbitmqLogFile(spec) };
}

/** rabbitmqctl against this node (each call boots a small Erlang VM: about a second). */
export function rabbitmqctl(spec: RabbitmqNodeSpec, args: string[], okCodes?: number[]) {
  return runCommand(path.join(spec.binDir, "rabbitmqctl"), ["-n", rabbitmqNodeName(spec), ...args], {
    cwd: spec.dir,
    env: rabbitmqNodeEnv(spec),
    okCodes,
  });
}

function logTail(spec: RabbitmqNodeSpec): string {
  const file = rabbitmqLogFile(spec);
  if (!existsSync(file)) return `(no log at ${file})`;
  return `${readFileSync(file, "utf8").trimEnd().split("\n").slice(-20).join("\n")}\n(full log: ${file})`;
}

async function assertPortsFree(spec: RabbitmqNodeSpec): Promise<void> {
  const settings = spec.portSettings ?? {
    amqp: "EMPORIUM_RABBITMQ_PORT",
    dist: "EMPORIUM_RABBITMQ_DIST_PORT",
    management: "EMPORIUM_RABBITMQ_MANAGEMENT_PORT",
  };
  const ports = [
    [spec.amqpPort, settings.amqp],
    [spec.distPort, settings.dist],
    [spec.managementPort, settings.management],
  ] as const;
  for (const [port, setting] of ports) {
    if (!(await isPortFree(port))) throw new PortInUseError(port, setting, await describePortOwner(port));
  }
}

/**
 * Starts the node in the background (`rabbitmq-server -detached`) and waits until it has booted and
 * its management API answers. Takes about 5 s; a no-op when the node already runs.
 */
export async function startRabbitmqNode(
  spec: RabbitmqNodeSpec,
  log: Log = quiet,
): Promise<"started" | "already-running"> {
  if (rabbitmqNodePid(spec) !== undefined) return "already-running";
  await assertPortsFree(spec);
  writeRabbitmqNodeConfig(spec);
  ensureErlangCookie();
  rmSync(rabbitmqNodePaths(spec.dir).pidFile, { force: true });
  log(
    `==> starting RabbitMQ node ${rabbitmqNodeName(spec)} on 127.0.0.1:${spec.amqpPort} (management ${spec.managementPort})`,
  );
  await runCommand(path.join(spec.binDir, "rabbitmq-server"), ["-detached"], {
    cwd: spec.dir,
    env: rabbitmqNodeEnv(spec),
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const result = await rabbitmqctl(spec, ["await_startup", "--timeout", "60"], [0, NODE_UNAVAILABLE]).catch(
      (err: Error) => err,
    );
    if (!(result instanceof Error) && result.code === 0) break;
    // The node writes its pid file early in boot; a pid file without a live process means it died.
    if (existsSync(rabbitmqNodePaths(spec.dir).pidFile) && rabbitmqNodePid(spec) === undefined) {
      throw new Error(`RabbitMQ node ${rabbitmqNodeName(spec)} exited during start-up:\n${logTail(spec)}`);
    }
    if (Date.now() > deadline) {
      await killRabbitmqNode(spec);
      const why = result instanceof Error ? `\n${result.message}` : "";
      throw new Error(
        `RabbitMQ node ${rabbitmqNodeName(spec)} did not finish booting within ${START_TIMEOUT_MS / 1000} s${why}\n${logTail(spec)}`,
      );
    }
    await sleep(300);
  }
  // await_startup returns once the broker booted; the HTTP listener is part of that boot, but be sure.
  while (
    !(await fetch(`http://127.0.0.1:${spec.managementPort}/api/overview`, {
      method: "HEAD",
      signal: AbortSignal.timeout(2_000),
    }).then(
      () => true,
      () => false,
    ))
  ) {
    if (Date.now() > deadline)
      throw new Error(`RabbitMQ's management API on port ${spec.managementPort} did not answer:\n${logTail(spec)}`);
    await sleep(200);
  }
  log(`==> RabbitMQ node ${rabbitmqNodeName(spec)} is ready (pid ${rabbitmqNodePid(spec) ?? "?"})`);
  return "started";
}

/**
 * Stops the node cleanly (`rabbitmqctl stop <pidfile>` waits until the VM has exited; about 7 s) and
 * kills it if that takes longer than a minute. Only ever signals the pid from this node's pid file.
 */
export async function stopRabbitmqNode(spec: RabbitmqNodeSpec, log: Log = quiet): Promise<"stopped" | "not-running"> {
  const pid = rabbitmqNodePid(spec);
  if (pid === undefined) {
    log(`==> RabbitMQ node ${rabbitmqNodeName(spec)} not running`);
    return "not-running";
  }
  const { pidFile } = rabbitmqNodePaths(spec.dir);
  const stopping = rabbitmqctl(spec, ["stop", pidFile]).catch((err: Error) => err);
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (alive(pid) && Date.now() < deadline) await Promise.race([stopping, sleep(200)]);
  if (alive(pid)) {
    log(
      `==> RabbitMQ node ${rabbitmqNodeName(spec)} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing pid ${pid}`,
    );
    await killRabbitmqNode(spec);
  }
  // rabbitmqctl returns once the pid is gone (it watches the same pid file).
  await stopping;
  rmSync(pidFile, { force: true });
  log(`==> RabbitMQ node ${rabbitmqNodeName(spec)} stopped`);
  return "stopped";
}

/**
 * SIGKILL, no clean shutdown: for tests of what clients and the broker's recovery do after a crash.
 * Durable quorum queues keep what they confirmed (they fsync before confirming).
 */
export async function killRabbitmqNode(spec: RabbitmqNodeSpec): Promise<"killed" | "not-running"> {
  const pid = rabbitmqNodePid(spec);
  if (pid === undefined) return "not-running";
  process.kill(pid, "SIGKILL");
  while (alive(pid)) await sleep(50);
  rmSync(rabbitmqNodePaths(spec.dir).pidFile, { force: true });
  return "killed";
}
