import { startNodeProcess, stopStrayProcesses } from "./processes";

/** What a test file leaves running is stopped after it, so Jest never waits on a live child. */
describe("stopStrayProcesses", () => {
  it("stops every started process still running, and leaves the ones that ended alone", async () => {
    const forever = ["-e", "setInterval(() => undefined, 1000)"];
    const [a, b] = [startNodeProcess(forever, {}), startNodeProcess(forever, {})];
    const done = startNodeProcess(["-e", "process.exit(3)"], {});
    expect(await done.exited).toBe(3);

    await stopStrayProcesses();
    expect(await a.exited).toBe("SIGTERM");
    expect(await b.exited).toBe("SIGTERM");
    expect(done.child.exitCode).toBe(3);
  });
});
