import { spawn } from "node:child_process";

/**
 * A tiny detached shell that waits for the owning process to exit, then stops the throwaway RabbitMQ
 * node (the pid in ITS pid file, read at that moment, so a restarted node is covered too) and deletes
 * its directory. Without it, a test run killed with Ctrl-C (no teardown) would leave an Erlang VM
 * holding ports and a temp dir behind for good.
 */
const SCRIPT = `
owner="$1"; pidfile="$2"; dir="$3"
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
pid="$(cat "$pidfile" 2>/dev/null || true)"
if [ -n "$pid" ] && grep -qF "RABBITMQ_PID_FILE=$pidfile" "/proc/$pid/environ" 2>/dev/null && kill -TERM "$pid" 2>/dev/null; then
  i=0; while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$pid" 2>/dev/null
fi
rm -rf "$dir"
`;

export function stopRabbitmqWhenOwnerExits(options: { pidFile: string; removeDir: string; ownerPid?: number }): { cancel(): void } {
  const child = spawn("sh", ["-c", SCRIPT, "emporium-test-rabbitmq-cleanup", String(options.ownerPid ?? process.pid), options.pidFile, options.removeDir], {
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
