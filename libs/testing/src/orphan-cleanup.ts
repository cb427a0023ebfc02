import { spawn } from "node:child_process";

/**
 * A tiny detached shell that waits for the owning process to exit, then runs `stopServer` (a shell
 * snippet; its own arguments are $1, $2…) and deletes `removeDir`. Without it, a test run killed with
 * Ctrl-C (no teardown) would leave a throwaway server and its temp dir behind for good.
 */
function whenOwnerExits(
  name: string,
  stopServer: string,
  args: string[],
  options: { removeDir: string; ownerPid?: number },
): { cancel(): void } {
  const script = `owner="$1"; dir="$2"; shift 2
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
${stopServer}
rm -rf "$dir"
`;
  const child = spawn("sh", ["-c", script, name, String(options.ownerPid ?? process.pid), options.removeDir, ...args], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
  return {
    cancel() {
      // Its own process group (detached): stop the loop and its `sleep` together.
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    },
  };
}

/** PostgreSQL: SIGINT (fast shutdown) to the postmaster of `dataDir`. */
export function cleanUpWhenOwnerExits(options: { dataDir: string; removeDir: string; ownerPid?: number }): {
  cancel(): void;
} {
  const stop = `pid="$(head -n 1 "$1/postmaster.pid" 2>/dev/null || true)"
if [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; then
  i=0; while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
fi`;
  return whenOwnerExits("emporium-test-pg-cleanup", stop, [options.dataDir], options);
}

/**
 * RabbitMQ: the pid in the node's OWN pid file, read at that moment (so a restarted node is covered
 * too) and checked to belong to that node, gets SIGTERM, then SIGKILL if it lingers.
 */
export function stopRabbitmqWhenOwnerExits(options: { pidFile: string; removeDir: string; ownerPid?: number }): {
  cancel(): void;
} {
  const stop = `pid="$(cat "$1" 2>/dev/null || true)"
if [ -n "$pid" ] && grep -qF "RABBITMQ_PID_FILE=$1" "/proc/$pid/environ" 2>/dev/null && kill -TERM "$pid" 2>/dev/null; then
  i=0; while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$pid" 2>/dev/null
fi`;
  return whenOwnerExits("emporium-test-rabbitmq-cleanup", stop, [options.pidFile], options);
}
