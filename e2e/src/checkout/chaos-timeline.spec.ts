import { Gauge, Registry } from "prom-client";
import { breakerStates, type Second } from "./chaos-load";
import { breakerOpenSecondsIn, errorRateIn } from "./chaos-timeline";

const second = (t: number, calls: number, failedCalls: number): Second => ({
  t,
  placed: 0,
  calls,
  failedCalls,
  failedCheckouts: 0,
  skipped: 0,
  productPages: { served: 0, failed: 0 },
  breakers: {},
});

describe("what the chaos timeline reads", () => {
  it("reads each upstream's breaker state from a /metrics exposition as prom-client writes it", async () => {
    const registry = new Registry();
    const state = new Gauge({
      name: "upstream_breaker_state",
      help: "Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open",
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

  it("counts the seconds of a window in which a sampled breaker was open, not half-open", () => {
    const breakers: Array<Record<string, number>> = [
      { "gateway→reviews": 0 },
      { "gateway→reviews": 2 },
      { "gateway→reviews": 1 },
      {},
    ];
    const seconds = breakers.map((b, t) => ({ ...second(t, 0, 0), breakers: b }));
    expect(breakerOpenSecondsIn(seconds, { from: 0, to: 4 }, "gateway→reviews")).toBe(1);
    expect(breakerOpenSecondsIn(seconds, { from: 2, to: 4 }, "gateway→reviews")).toBe(0);
  });

  it("counts the error rate over the seconds a window covers, 0 when no call was made", () => {
    const seconds = [second(0, 10, 0), second(1, 10, 5), second(2, 10, 10), second(3, 0, 0)];
    expect(errorRateIn(seconds, { from: 1, to: 3 })).toBe(0.75);
    expect(errorRateIn(seconds, { from: 3, to: 4 })).toBe(0);
  });
});
