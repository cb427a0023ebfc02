import { Gauge, Registry } from "prom-client";
import { breakerStates } from "./chaos-load";
import { errorRateIn } from "./chaos-run";

describe("what the chaos timeline reads", () => {
  it("reads each upstream's breaker state from a /metrics exposition as prom-client writes it", async () => {
    const registry = new Registry();
    const state = new Gauge({
      name: "upstream_breaker_state",
      help: "0 closed, 1 open, 2 half-open",
      labelNames: ["upstream", "service"],
      registers: [registry],
    });
    state.set({ upstream: "payments", service: "orders" }, 1);
    state.set({ upstream: "inventory", service: "orders" }, 0);
    expect(breakerStates(await registry.metrics())).toEqual({ payments: 1, inventory: 0 });
  });

  it("finds no breakers in a service that exports none", () => {
    expect(breakerStates("# HELP process_cpu_seconds_total x\nprocess_cpu_seconds_total 1.5\n")).toEqual({});
  });

  it("counts the error rate over the seconds a window covers, 0 when no call was made", () => {
    const second = (t: number, calls: number, failedCalls: number) => ({
      t,
      placed: 0,
      calls,
      failedCalls,
      failedCheckouts: 0,
      skipped: 0,
      productPages: { served: 0, failed: 0 },
      breakers: {},
    });
    const seconds = [second(0, 10, 0), second(1, 10, 5), second(2, 10, 10), second(3, 0, 0)];
    expect(errorRateIn(seconds, { from: 1, to: 3 })).toBe(0.75);
    expect(errorRateIn(seconds, { from: 3, to: 4 })).toBe(0);
  });
});
