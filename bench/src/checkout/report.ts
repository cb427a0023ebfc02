import { percentile, round } from "./stats";

/** What one checkout came to. Times are performance.now() ms. */
export interface CheckoutOutcome {
  /** Why no order was placed: no free customer, or the error code of the failing call. */
  error?: string;
  orderId?: string;
  status?: string;
  startedAt: number;
  /** ms from the start to placeOrder's answer: cart adds, quote, placeOrder. */
  placeMs?: number;
  /** ms from sending placeOrder to reading a settled status. */
  placeToSettledMs?: number;
  settledAt?: number;
  /** Order reads through the gateway while waiting: load the platform served besides the checkout. */
  polls: number;
}

export interface TokenTiming {
  tokens: number;
  totalMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface StepInput {
  rate: number;
  seconds: number;
  outcomes: readonly CheckoutOutcome[];
  /** How late each start was against the open-loop clock. */
  lateMs: readonly number[];
  stepStart: number;
  /** CPU ms of each process tree over the step; null when its process was gone at either reading. */
  cpu: ReadonlyArray<{ name: string; pid: number; cpuMs: number | null }>;
  /** Per process, the largest shares of its CPU by thread group (readThreadTicks). */
  threads?: Record<string, Array<{ thread: string; share: number }>>;
  /** Process name → kind; Keycloak's CPU is reported apart from the stack's. */
  kinds: Record<string, string>;
  clientCpuMs: number;
  tokens: TokenTiming;
}

const count = (values: readonly (string | undefined)[]) =>
  Object.fromEntries([...new Set(values)].map((v) => [String(v), values.filter((x) => x === v).length]));

const p50p99 = (samples: readonly number[]) => ({
  p50: round(percentile(samples, 50)),
  p99: round(percentile(samples, 99)),
});

/** One rate step's numbers, as the JSON report holds them. */
export function summarizeStep(input: StepInput) {
  const { outcomes, stepStart, cpu, kinds } = input;
  const placed = outcomes.filter((o) => o.orderId);
  const settled = placed.filter((o) => o.settledAt !== undefined);
  const lastSettled = Math.max(stepStart, ...settled.map((o) => o.settledAt!));
  const stackCpu = cpu.filter((c) => kinds[c.name] !== "keycloak");
  const stackCpuMs = stackCpu.reduce((sum, c) => sum + (c.cpuMs ?? 0), 0);
  const settledSeconds = (lastSettled - stepStart) / 1000;
  return {
    offeredPerSecond: input.rate,
    seconds: input.seconds,
    started: outcomes.length,
    placed: placed.length,
    notPlaced: count(outcomes.filter((o) => !o.orderId).map((o) => o.error)),
    settled: settled.length,
    byStatus: count(settled.map((o) => o.status)),
    unsettledAfterTimeout: placed.length - settled.length,
    /** Settled orders over the time from the step's start to the last one settling. */
    settledPerSecond: settled.length && settledSeconds > 0 ? round(settled.length / settledSeconds, 2) : 0,
    placeToSettledMs: p50p99(settled.map((o) => o.placeToSettledMs!)),
    cartQuotePlaceMs: p50p99(placed.map((o) => o.placeMs!)),
    clientLateStartMsP99: round(percentile(input.lateMs, 99)),
    pollsPerPlacedCheckout: placed.length ? round(placed.reduce((sum, o) => sum + o.polls, 0) / placed.length) : null,
    cpu: {
      stackMs: round(stackCpuMs),
      perCheckoutMs: placed.length ? round(stackCpuMs / placed.length) : null,
      keycloakMs: round(cpu.find((c) => kinds[c.name] === "keycloak")?.cpuMs ?? undefined),
      benchClientMs: round(input.clientCpuMs),
      // Where the time goes: each process's CPU and share of the stack's (Keycloak apart).
      processes: stackCpu
        .map((c) => ({
          name: c.name,
          pid: c.pid,
          cpuMs: round(c.cpuMs ?? undefined),
          share: c.cpuMs === null || stackCpuMs === 0 ? null : round((100 * c.cpuMs) / stackCpuMs),
          threads: input.threads?.[c.name] ?? [],
        }))
        .sort((a, b) => (b.cpuMs ?? 0) - (a.cpuMs ?? 0)),
    },
    keycloakTokens: input.tokens,
  };
}

export type Step = ReturnType<typeof summarizeStep>;

export interface Report {
  date: string;
  machine: { cpus: number; cpuModel?: string; memoryGiB: number; node: string };
  settings: {
    rates: number[];
    seconds: number;
    customers: number;
    settleTimeoutMs: number;
    pollMs: number;
    skus: string[];
  };
  steps: Step[];
}

/** The Markdown report: one row per rate, then where the CPU went. */
export function renderMarkdown(report: Report): string {
  const { machine, settings, steps } = report;
  const ms = (v: number | null) => (v === null ? "–" : String(v));
  const counts = (byKey: Record<string, number>) =>
    Object.entries(byKey)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "–";
  const row = (cells: Array<string | number>) => `| ${cells.join(" | ")} |`;
  const header = [
    ...["offered/s", "placed", "not placed", "settled/s", "settled as", "unsettled"],
    ...["place→settled p50 ms", "p99 ms", "cart+quote+place p50 ms"],
    ...["stack CPU ms/checkout", "Keycloak CPU ms", "token p50 ms"],
  ];
  const rows = steps.map((s) =>
    row([
      ...[s.offeredPerSecond, `${s.placed}/${s.started}`, counts(s.notPlaced), s.settledPerSecond ?? "–"],
      ...[counts(s.byStatus), s.unsettledAfterTimeout, ms(s.placeToSettledMs.p50), ms(s.placeToSettledMs.p99)],
      ...[ms(s.cartQuotePlaceMs.p50), ms(s.cpu.perCheckoutMs), ms(s.cpu.keycloakMs), ms(s.keycloakTokens.p50Ms)],
    ]),
  );
  const shares = steps.map((s) =>
    row([
      s.offeredPerSecond,
      s.cpu.processes.map((p) => `${p.name} ${p.share ?? "?"}%`).join(", "),
      ms(s.cpu.benchClientMs),
    ]),
  );
  return [
    `# Checkout benchmark`,
    ``,
    `${report.date} · ${machine.cpus} × ${machine.cpuModel} · Node ${machine.node} · ` +
      `the \`npm start\` platform · ${settings.seconds}s per rate · ${settings.customers} customers · ` +
      `settle timeout ${settings.settleTimeoutMs / 1000}s`,
    ``,
    `A checkout: two cart adds, a shipping quote, placeOrder (GraphQL through the gateway), then ` +
      `polling the order every ${settings.pollMs} ms until CONFIRMED (or later), CANCELLED or FAILED. ` +
      `The stack's CPU includes those polls (pollsPerPlacedCheckout in checkout.json).`,
    ``,
    row(header),
    row(header.map((_, i) => ([2, 4].includes(i) ? "---" : "---:"))),
    ...rows,
    ``,
    `Where the CPU goes: each process's share of the stack's CPU during the step (Keycloak apart; ` +
      `a process counts with its children, PostgreSQL with its backends).`,
    ``,
    row(["offered/s", "processes", "bench client CPU ms"]),
    row(["---:", "---", "---:"]),
    ...shares,
    ``,
    `Inside the three busiest processes at the highest rate: their CPU by thread (a Node process's ` +
      `\`MainThread\` runs its JavaScript, its other threads are V8's and libuv's helpers: garbage ` +
      `collection, compilation, I/O; RabbitMQ's \`#_scheduler\`s run Erlang; PostgreSQL is a process ` +
      `per connection, named \`postgres\`).`,
    ``,
    ...(steps.at(-1)?.cpu.processes.slice(0, 3) ?? []).map(
      (p) => `- ${p.name}: ${p.threads.map((t) => `${t.thread} ${t.share}%`).join(", ") || "–"}`,
    ),
    ``,
  ].join("\n");
}
