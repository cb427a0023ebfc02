import { createTestDatabase, ensureTemplateDatabase, setFaults, startTsProcess } from "@emporium/testing";
import { eventually } from "../../test/messaging-fixtures";
import { CRASH_EXIT_CODE } from "./fault-flags";

/** `fault.crash-at-step`, set while the process runs, ends it at once at that step (spawned child). */
describe("crash at a named saga step", () => {
  it("exits with the crash code at the step, having passed the steps before it and none after", async () => {
    const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
    await ensureTemplateDatabase(adminUrl, { service: "platform_kit", migrate: async () => undefined });
    const db = await createTestDatabase(adminUrl, { service: "platform_kit" });
    const proc = startTsProcess("libs/platform/test/saga-steps-process.ts", { SAGA_DATABASE_URL: db.databaseUrl });
    try {
      await eventually(() => proc.output().includes("PASSED authorize-payment"), "the steps run without the flag");
      const httpUrl = /LISTENING (\S+)/.exec(proc.output())![1]!;
      await setFaults(httpUrl, { "fault.crash-at-step": "authorize-payment" });
      expect(await proc.exited).toBe(CRASH_EXIT_CODE);
      const lines = proc.output().trim().split("\n");
      // The last line is the crash's own, naming the step; the last step passed is the one before it.
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ msg: "injected crash", step: "authorize-payment" });
      expect(lines.filter((l) => l.startsWith("PASSED")).at(-1)).toBe("PASSED reserve-stock");
    } finally {
      await proc.stop(1_000);
      await db.drop();
    }
  });
});
