import type { LiveSummary } from "./tracker";

/** What bench/results/live.json holds. */
export interface LiveReport {
  date: string;
  machine: {
    cpus: number;
    cpuModel?: string;
    memoryGiB: number;
    node: string;
    /** Load average (1, 5, 15 min) before and after the run: the machine may be shared. */
    load: { before: number[]; after: number[] };
  };
  settings: { rate: number; seconds: number; customers: number; drainSeconds: number; aimP99Ms: number };
  placement: {
    offered: number;
    placed: number;
    /** Orders not placed, by error code. */
    notPlaced: Record<string, number>;
    placeP50Ms: number | null;
    placeP99Ms: number | null;
    /** How late the open-loop clock started orders (a loaded client machine shows here). */
    startLateP99Ms: number | null;
  };
  live: LiveSummary;
  /** Each process's share of the stack's CPU during the run (Keycloak apart), busiest first. */
  cpuShares: Array<{ name: string; share: number }>;
  clientCpuMs: number;
  aimMet: boolean;
}

/** The aim: every change delivered once, in order (all checked), no subscription failing, p99 within the aim. */
export function aimMet(live: LiveSummary, aimP99Ms: number): boolean {
  return (
    live.pushedChanges > 0 &&
    Object.keys(live.errors).length === 0 &&
    live.uncheckedAtEnd === 0 &&
    live.missed === 0 &&
    live.duplicated === 0 &&
    live.regressions === 0 &&
    live.latencyMs.p99 !== null &&
    live.latencyMs.p99 <= aimP99Ms
  );
}

const counts = (record: Record<string, number>) =>
  Object.keys(record).length === 0
    ? "–"
    : Object.entries(record)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");

export function renderLiveMarkdown(report: LiveReport): string {
  const { machine, settings, placement, live } = report;
  const ms = (v: number | null) => (v === null ? "–" : String(v));
  return [
    `# Live updates benchmark: order status change → subscriber`,
    ``,
    `${report.date} · ${machine.cpus} × ${machine.cpuModel} · ${machine.memoryGiB} GiB · Node ${machine.node} · ` +
      `the \`npm start\` platform · ${settings.rate} orders/s for ${settings.seconds}s · ` +
      `${settings.customers} customers · listening up to ${settings.drainSeconds}s after the last order`,
    ``,
    `Load average (1, 5, 15 min): ${machine.load.before.join(", ")} before, ${machine.load.after.join(", ")} after.`,
    ``,
    `## Method`,
    ``,
    `Customers (signed in through Keycloak's development client) place orders through bff-web at a fixed ` +
      `open-loop rate: two cart adds, quoteCheckout, placeOrder. As soon as placeOrder answers, the customer's ` +
      `graphql-ws connection to bff-web (one per customer, \`graphql-transport-ws\`, token in connection_init) ` +
      `subscribes to \`orderStatusChanged(orderId)\` and follows the order until the checkout settles it ` +
      `(CONFIRMED or later, CANCELLED, FAILED).`,
    ``,
    `Measured, for every change the server pushes: the subscriber's receipt time (wall clock, sub-millisecond) ` +
      `minus the change's \`changedAt\`. \`changedAt\` is OrderStatusChanged.change_time: the orders service's ` +
      `clock when it decided the change, inside the transaction that commits it, just before the event and ` +
      `outbox rows are inserted and committed. It is the closest recorded time to the commit and precedes it ` +
      `by those inserts and the COMMIT, so the number is commit→receipt plus that (an upper bound). It spans ` +
      `the commit, the outbox relay (LISTEN/NOTIFY), RabbitMQ, bff-web's live queue, the ordering per order, ` +
      `graphql-ws and the client's parsing. Both clocks are the same machine's. The subscription's first ` +
      `message is the status the server read when it started (the snapshot): not a pushed change, so not ` +
      `timed; changes before it (PENDING, at placement) are counted apart.`,
    ``,
    `Missed: a sequence skipped between two messages, or an order whose final status (read over HTTP at ` +
      `the end) the subscription never delivered. Duplicated: a sequence received twice. Both must be 0.`,
    ``,
    `## Results`,
    ``,
    `| pushed changes | p50 ms | p95 ms | p99 ms | max ms | missed | duplicated | regressions | aim (p99 ≤ ${settings.aimP99Ms} ms, 0 missed/duplicated) |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
    `| ${live.pushedChanges} | ${ms(live.latencyMs.p50)} | ${ms(live.latencyMs.p95)} | ${ms(live.latencyMs.p99)} | ` +
      `${ms(live.latencyMs.max)} | ${live.missed} | ${live.duplicated} | ${live.regressions} | ` +
      `${report.aimMet ? "met" : "missed"} |`,
    ``,
    `| offered | placed | not placed | place p50 / p99 ms | start late p99 ms | subscriptions | settled | unsettled at end | changes before subscribing | subscribe→snapshot p50 / p99 ms | subscription errors |`,
    `| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
    `| ${placement.offered} | ${placement.placed} | ${counts(placement.notPlaced)} | ` +
      `${ms(placement.placeP50Ms)} / ${ms(placement.placeP99Ms)} | ${ms(placement.startLateP99Ms)} | ` +
      `${live.subscriptions} | ${live.settled} | ${live.unsettledAtEnd} (${live.uncheckedAtEnd} unread) | ` +
      `${live.beforeSubscribing} | ` +
      `${ms(live.subscribeToSnapshotMs.p50)} / ${ms(live.subscribeToSnapshotMs.p99)} | ${counts(live.errors)} |`,
    ``,
    `Where the CPU went during the run (share of the stack's, Keycloak apart; a process counts with its ` +
      `children): ${report.cpuShares.map((c) => `${c.name} ${c.share}%`).join(", ") || "–"}. ` +
      `The benchmark client itself: ${Math.round(report.clientCpuMs)} CPU ms.`,
    ``,
  ].join("\n");
}
