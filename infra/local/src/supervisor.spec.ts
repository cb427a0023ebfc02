import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { alive, freePort } from "@emporium/local-servers";
import { DEFAULT_RESTART_POLICY, restartDelayMs } from "./restart-policy";
import { Supervisor, describeStatus, type ProcessSpec } from "./supervisor";

const FIXTURE_ENTRY = "infra/local/src/test-fixtures/ready-server.ts";

/**
 * The supervisor as `npm start` uses it (Supervisor.start spawns a detached supervising process,
 * which runs the service), with a stand-in service that records its starts and serves /readyz.
 */
describe("Supervisor of the local platform's processes", () => {
  const state = mkdtempSync(path.join(os.tmpdir(), "emporium-supervisor-spec-"));
  const supervisor = new Supervisor(state);
  const started: ProcessSpec[] = [];
  const log = () => undefined;

  afterAll(async () => {
    for (const spec of started) await supervisor.stop(spec, log);
    rmSync(state, { recursive: true, force: true });
  });

  /** A fixture service under its own name; `crashFlag` existing makes every start exit at once. */
  const fixture = async (name: string, restart: ProcessSpec["restart"]) => {
    const port = await freePort();
    const startsFile = path.join(state, `${name}.starts`);
    const crashFlag = path.join(state, `${name}.crash`);
    const spec: ProcessSpec = {
      name,
      entry: FIXTURE_ENTRY,
      env: { FIXTURE_PORT: String(port), FIXTURE_STARTS_FILE: startsFile, FIXTURE_CRASH_FLAG: crashFlag },
      ports: [{ port, what: "HTTP", envVar: "FIXTURE_PORT" }],
      readyUrl: `http://127.0.0.1:${port}/readyz`,
      restart,
    };
    started.push(spec);
    const starts = () => {
      if (!existsSync(startsFile)) return [];
      return readFileSync(startsFile, "utf8")
        .trim()
        .split("\n")
        .map((line) => Number(line.split(" ")[0]));
    };
    return { spec, starts, crashFlag };
  };

  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it("restarts a service killed with SIGKILL, which is ready again, and status counts the restart", async () => {
    const { spec } = await fixture("killed", { initialDelayMs: 100 });
    expect(await supervisor.start(spec, log)).toBe("started");
    const before = await supervisor.status(spec);
    expect(before).toMatchObject({ supervised: true, ready: true, state: { restarts: 0 } });

    process.kill(before.childPid!, "SIGKILL");
    const after = await waitFor("the restarted service to be ready", async () => {
      const status = await supervisor.status(spec);
      return status.state?.restarts === 1 && status.ready ? status : undefined;
    });
    expect(after.childPid).not.toBe(before.childPid);
    expect(after.pid).toBe(before.pid);
    expect(after.state?.lastExit).toMatchObject({ signal: "SIGKILL", code: null, delayMs: 100 });
    const line = `^killed +running \\(pid ${after.childPid}\\), ready, restarted 1x \\(last: SIGKILL at \\d\\d:\\d\\d:\\d\\d\\)$`;
    expect(describeStatus(after)).toMatch(new RegExp(line));
    const serviceLog = readFileSync(supervisor.logFile(spec.name), "utf8");
    expect(serviceLog).toContain("[supervisor] killed: exited unexpectedly (SIGKILL); restarting in 100 ms");
    expect(serviceLog).toContain(`[supervisor] killed: started ${FIXTURE_ENTRY} (pid ${after.childPid})`);
  });

  it("stops on npm stop: SIGTERM reaches the service, nothing restarts it and no process is left", async () => {
    const spec = started.find((s) => s.name === "killed")!;
    const { pid, childPid } = await supervisor.status(spec);
    const startsBefore = readFileSync(spec.env.FIXTURE_STARTS_FILE!, "utf8");

    await supervisor.stop(spec, log);
    expect(alive(pid!)).toBe(false);
    expect(alive(childPid!)).toBe(false);
    // The fixture exits 0 only from its SIGTERM handler: the signal was forwarded, not a kill.
    expect(readFileSync(supervisor.logFile(spec.name), "utf8")).toContain("[supervisor] killed: stopped (exit code 0)");
    expect(readFileSync(spec.env.FIXTURE_STARTS_FILE!, "utf8")).toBe(startsBefore);
    expect(describeStatus(await supervisor.status(spec))).toBe(`${"killed".padEnd(10)} stopped`);
  });

  it("is idempotent: starting a running service leaves it as it is", async () => {
    const { spec, starts } = await fixture("twice", {});
    await supervisor.start(spec, log);
    const first = await supervisor.status(spec);
    expect(await supervisor.start(spec, log)).toBe("already-running");
    expect(await supervisor.status(spec)).toMatchObject({ pid: first.pid, childPid: first.childPid });
    expect(starts()).toHaveLength(1);
  });

  it("restarts a service that crashes at once after growing delays, doubling up to the cap", async () => {
    const policy = { initialDelayMs: 200, maxDelayMs: 800, stableAfterMs: 60_000 };
    const { spec, starts, crashFlag } = await fixture("crashing", policy);
    await supervisor.start(spec, log);
    writeFileSync(crashFlag, "");
    process.kill((await supervisor.status(spec)).childPid!, "SIGKILL");
    // One SIGKILL, then three starts that crash at once: four exits in a row. The fourth restart
    // waits 800 ms, time to let the next start succeed.
    await waitFor("four exits in a row", async () => {
      return ((await supervisor.status(spec)).state?.recentExits.length ?? 0) >= 4 ? true : undefined;
    });
    rmSync(crashFlag);
    const recovered = await waitFor("recovery", async () => {
      const status = await supervisor.status(spec);
      return status.ready ? status : undefined;
    });

    const exits = recovered.state!.recentExits.slice(0, 4);
    expect(exits.map((e) => e.delayMs)).toEqual([200, 400, 800, 800]);
    expect(exits.slice(1).map((e) => e.code)).toEqual([3, 3, 3]);
    const waits = exits.map((e) => Date.parse(e.restartedAt!) - Date.parse(e.at));
    waits.forEach((wait, i) => expect(wait).toBeGreaterThanOrEqual(exits[i]!.delayMs));
    expect(waits[2]).toBeGreaterThan(waits[0]!);
    // As the service saw it: its starts are at least the policy's delays apart.
    const startedAt = starts();
    exits.forEach((exit, i) => expect(startedAt[i + 1]! - startedAt[i]!).toBeGreaterThanOrEqual(exit.delayMs));
    expect(describeStatus(recovered)).toMatch(/ready, restarted \dx \(last: exit code 3 at /);
  });

  it("starts over at the initial delay once the service stayed up for the stable period", async () => {
    const { spec } = await fixture("stable", { initialDelayMs: 100, stableAfterMs: 0 });
    await supervisor.start(spec, log);
    for (const restarts of [1, 2]) {
      process.kill((await supervisor.status(spec)).childPid!, "SIGKILL");
      await waitFor(`restart ${restarts}`, async () => {
        const status = await supervisor.status(spec);
        return status.state?.restarts === restarts && status.ready ? true : undefined;
      });
    }
    expect((await supervisor.status(spec)).state!.recentExits.map((e) => e.delayMs)).toEqual([100, 100]);
  });
});

describe("restart policy", () => {
  it("doubles the delay per exit in a row from the initial one, never beyond the cap", () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 1_000, maxDelayMs: 30_000 };
    const delays = [1, 2, 3, 4, 5, 6, 7, 1_000].map((n) => restartDelayMs(n, policy));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
