import { renderMarkdown, summarizeStep, type CheckoutOutcome } from "./report";

const settledAt = (startedAt: number, placeMs: number, placeToSettledMs: number, status: string): CheckoutOutcome => ({
  orderId: `o-${startedAt}`,
  status,
  startedAt,
  placeMs,
  placeToSettledMs,
  settledAt: startedAt + placeMs + placeToSettledMs,
  polls: 4,
});

describe("a rate step's summary", () => {
  const step = summarizeStep({
    rate: 2,
    seconds: 2,
    stepStart: 1000,
    outcomes: [
      settledAt(1000, 100, 900, "CONFIRMED"),
      settledAt(1500, 100, 1900, "FAILED"),
      settledAt(2000, 200, 1800, "CONFIRMED"), // the last to settle, at 4000: 3 settled in 3 s
      { orderId: "o-pending", status: "PENDING", startedAt: 2500, placeMs: 300, polls: 240 },
      { startedAt: 2600, error: "NO_FREE_CUSTOMER", polls: 0 },
    ],
    lateMs: [0, 1, 0, 2, 0],
    cpu: [
      { name: "orders", pid: 11, cpuMs: 600 },
      { name: "postgres", pid: 12, cpuMs: 200 },
      { name: "payments", pid: 13, cpuMs: null },
      { name: "keycloak", pid: 14, cpuMs: 5000 },
    ],
    kinds: { orders: "service", postgres: "postgres", payments: "service", keycloak: "keycloak" },
    threads: {
      orders: [
        { thread: "node", share: 80 },
        { thread: "V8Worker", share: 20 },
      ],
    },
    clientCpuMs: 42,
    tokens: { tokens: 3, totalMs: 90, p50Ms: 30, p99Ms: 31 },
  });

  it("counts what settled, how, and what did not", () => {
    expect(step).toMatchObject({
      started: 5,
      placed: 4,
      notPlaced: { NO_FREE_CUSTOMER: 1 },
      settled: 3,
      byStatus: { CONFIRMED: 2, FAILED: 1 },
      unsettledAfterTimeout: 1,
      settledPerSecond: 1,
      placeToSettledMs: { p50: 1800, p99: 1900 },
      cartQuotePlaceMs: { p50: 100, p99: 300 },
      pollsPerPlacedCheckout: 63,
    });
  });

  it("charges the stack's CPU to the placed checkouts, Keycloak apart, with each process's share", () => {
    expect(step.cpu).toEqual({
      stackMs: 800,
      perCheckoutMs: 200,
      keycloakMs: 5000,
      benchClientMs: 42,
      processes: [
        { name: "orders", pid: 11, cpuMs: 600, share: 75, threads: [expect.anything(), expect.anything()] },
        { name: "postgres", pid: 12, cpuMs: 200, share: 25, threads: [] },
        { name: "payments", pid: 13, cpuMs: null, share: null, threads: [] }, // gone: unknown, not 0
      ],
    });
  });

  it("renders one table row per rate and the CPU shares", () => {
    const md = renderMarkdown({
      date: "2026-12-02T07:00:00.000Z",
      machine: { cpus: 2, cpuModel: "test CPU", memoryGiB: 8, node: "v24" },
      settings: { rates: [2], seconds: 2, customers: 3, settleTimeoutMs: 60_000, pollMs: 250, skus: [] },
      steps: [step],
    });
    expect(md).toContain(
      "| 2 | 4/5 | NO_FREE_CUSTOMER 1 | 1 | CONFIRMED 2, FAILED 1 | 1 | 1800 | 1900 | 100 | 200 | 5000 | 30 |",
    );
    expect(md).toContain("| 2 | orders 75%, postgres 25%, payments ?% | 42 |");
    expect(md).toContain("- orders: node 80%, V8Worker 20%\n- postgres: –\n");
  });
});
