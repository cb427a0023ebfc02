import { HealthMonitor } from "./health-monitor";

describe("HealthMonitor", () => {
  it("is SERVING only while every critical check passes; optional ones only show in the details", async () => {
    let dbUp = true;
    const monitor = new HealthMonitor(
      [
        {
          name: "postgres",
          critical: true,
          probe: async () => {
            if (!dbUp) throw new Error("connection refused");
          },
        },
        {
          name: "broker",
          critical: false,
          probe: async () => {
            throw new Error("broker away");
          },
        },
      ],
      { intervalMs: 60_000 },
    );
    const changes: string[] = [];
    monitor.on("change", (s) => changes.push(s));
    await monitor.refresh();
    expect(monitor.status()).toBe("SERVING");
    expect(monitor.details().broker).toMatchObject({ ok: false, critical: false, error: "broker away" });
    dbUp = false;
    await monitor.refresh();
    expect(monitor.status()).toBe("NOT_SERVING");
    expect(monitor.details().postgres).toMatchObject({ ok: false, error: "connection refused" });
    dbUp = true;
    await monitor.refresh();
    expect(changes).toEqual(["SERVING", "NOT_SERVING", "SERVING"]);
  });

  it("treats a probe that hangs as failed", async () => {
    const monitor = new HealthMonitor(
      [{ name: "postgres", critical: true, probe: () => new Promise(() => undefined) }],
      { intervalMs: 60_000, probeTimeoutMs: 50 },
    );
    await monitor.refresh();
    expect(monitor.status()).toBe("NOT_SERVING");
    expect(monitor.details().postgres!.error).toBe("postgres did not answer within 50 ms");
  });

  it("stays NOT_SERVING once draining, whatever the probes say", async () => {
    const monitor = new HealthMonitor([{ name: "postgres", critical: true, probe: async () => undefined }], {
      intervalMs: 60_000,
    });
    await monitor.refresh();
    monitor.markShuttingDown();
    await monitor.refresh();
    expect(monitor.status()).toBe("NOT_SERVING");
  });
});
