import { spawn } from "node:child_process";

/**
 * A tiny detached shell that waits for the owning process to exit and then stops the throwaway
 * server and deletes its directory. Without it, a test run killed with Ctrl-C (no teardown) would
 * leave a postmaster and a temp dir behind for good.
 */
const SCRIPT = `
owner="$1"; data="$2"; dir="$3"
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
if [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; then
  i=0; while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
fi
rm -rf "$dir"
`;

export function cleanUpWhenOwnerExits(options: { dataDir: string; removeDir: string; ownerPid?: number }): { cancel(): void } {
  const child = spawn("sh", ["-c", SCRIPT, "emporium-test-pg-cleanup", String(options.ownerPid ?? process.pid), options.dataDir, options.removeDir], {
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
