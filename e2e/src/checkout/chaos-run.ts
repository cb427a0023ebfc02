import pg from "pg";
import type { ChaosTarget, Evidence, Experiment, InvariantCheck } from "./chaos-experiments";
import { errorRateIn, type Window } from "./chaos-timeline";
import { isSettled, statusesOnceSettled, type CheckoutStock } from "./checkout-driver";
import { settledInvariants } from "./checkout-invariants";
import { countByOutcome, databasesOf } from "./checkout-runs";

/** How long each phase of an experiment lasts. */
export interface ChaosDurations {
  baselineMs: number;
  /** How long a lasting fault is held (a freeze, a stopped broker, added latency, reviews away). */
  holdMs: number;
  recoveryMs: number;
  /** How long the orders of an experiment get to reach a terminal status once the load paused. */
  settleTimeoutMs: number;
}

/** The proof size (`npm test`) and the full size (`npm run chaos`). */
export const SIZES = {
  small: { baselineMs: 3_000, holdMs: 3_000, recoveryMs: 6_000, settleTimeoutMs: 60_000 },
  full: { baselineMs: 10_000, holdMs: 10_000, recoveryMs: 20_000, settleTimeoutMs: 60_000 },
} satisfies Record<string, ChaosDurations>;

export interface ExperimentResult {
  name: string;
  fault: string;
  baseline: Window;
  faultWindow: Window;
  recovery: Window;
  evidence: Evidence;
  orders: number;
  outcomes: Record<string, number>;
  /** Median placement-to-confirmation time of the orders placed in each phase (ms; null: none confirmed). */
  medianConfirmMs: { baseline: number | null; fault: number | null; recovery: number | null };
  errorRate: { baseline: number; fault: number; recoveryTail: number };
  invariants: InvariantCheck[];
  passed: boolean;
}

/** How much higher than the baseline the error rate may still be in the second half of the recovery. */
export const ERROR_RATE_TOLERANCE = 0.01;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One experiment under the steady load: a baseline, the fault (injected, held, ended by the
 * experiment), a recovery; then the load pauses, the experiment's orders get `settleTimeoutMs` to
 * reach a terminal status, and the invariants are read from every participant's database.
 */
export async function runExperiment(
  target: ChaosTarget,
  experiment: Experiment,
  stock: CheckoutStock,
  durations: ChaosDurations,
): Promise<ExperimentResult> {
  const { load, platform } = target;
  load.tag = experiment.name;
  const baselineFrom = load.elapsed();
  load.resume();
  await sleep(durations.baselineMs);
  const faultFrom = load.elapsed();
  const evidence: Evidence = {};
  try {
    await experiment.run(target, evidence);
  } catch (err) {
    evidence["the experiment itself failed"] = (err as Error).message.slice(0, 300);
  }
  const recoveryFrom = load.elapsed();
  await sleep(durations.recoveryMs);
  await load.pause();
  const recoveryTo = load.elapsed();

  const mine = load.accepted.filter((a) => a.tag === experiment.name);
  const ids = mine.map((a) => a.orderId);
  const statuses = await statusesOnceSettled(platform.services.orders.databaseUrl, ids, durations.settleTimeoutMs);
  const found = await settledInvariants(databasesOf(platform), ids, stock);
  const phases = { baseline: window(baselineFrom, faultFrom), fault: window(faultFrom, recoveryFrom) };
  const recovery = window(recoveryFrom, recoveryTo);
  const recoveryTail = window((recovery.from + recovery.to) / 2, recovery.to);
  const errorRate = {
    baseline: errorRateIn(load.seconds, phases.baseline),
    fault: errorRateIn(load.seconds, phases.fault),
    recoveryTail: errorRateIn(load.seconds, recoveryTail),
  };
  const unpublished = Object.values(found.unpublishedOutbox).reduce((a, b) => a + b, 0);
  const invariants: InvariantCheck[] = [
    count("lost orders (accepted, no order)", ids.filter((id) => !statuses.has(id)).length),
    count("double captures", found.doubleCaptures),
    count("unpublished outbox rows", unpublished),
    count("stock drift per SKU (on hand + committed - initial)", Number(found.stockDrift)),
    count("units still reserved", Number(found.stillReserved)),
    count("orders not terminal", ids.filter((id) => statuses.has(id) && !isSettled(statuses.get(id)!.status)).length),
    count("confirmed orders not captured once", found.confirmedNotCaptured),
    count("money kept for failed orders", found.moneyKeptForUnsettledSale),
    count("shipments for compensated orders", found.shipmentsForCompensatedOrders),
    {
      name: "error rate back to baseline",
      value: `${percent(errorRate.recoveryTail)} vs ${percent(errorRate.baseline)}`,
      pass: errorRate.recoveryTail <= errorRate.baseline + ERROR_RATE_TOLERANCE,
    },
    { name: "checkouts placed", value: ids.length, pass: ids.length > 0 },
  ];
  const [baselineConfirm, faultConfirm, recoveryConfirm] = await confirmationTimes(
    platform.services.orders.databaseUrl,
    mine,
    [phases.baseline, phases.fault, recovery],
  );
  const medianConfirmMs = {
    baseline: baselineConfirm ?? null,
    fault: faultConfirm ?? null,
    recovery: recoveryConfirm ?? null,
  };
  invariants.push(
    ...(experiment.afterSettled?.({ seconds: load.seconds, fault: phases.fault, medianConfirmMs, evidence }) ?? []),
  );
  return {
    name: experiment.name,
    fault: experiment.fault,
    baseline: phases.baseline,
    faultWindow: phases.fault,
    recovery,
    evidence,
    orders: ids.length,
    outcomes: countByOutcome(statuses),
    medianConfirmMs,
    errorRate,
    invariants,
    passed: invariants.every((i) => i.pass) && !("the experiment itself failed" in evidence),
  };
}

const window = (from: number, to: number): Window => ({ from: round(from), to: round(to) });
const round = (s: number) => Math.round(s * 10) / 10;
const count = (name: string, value: number): InvariantCheck => ({ name, value, pass: value === 0 });
export const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/**
 * Median time from placement to confirmation of the confirmed orders placed in each window, from
 * the orders' read model (create_time, and update_time of the CONFIRMED status: the run's carrier
 * never moves a parcel on, so nothing updates a confirmed order later).
 */
async function confirmationTimes(
  ordersDatabaseUrl: string,
  orders: ReadonlyArray<{ orderId: string; placedAt: number }>,
  windows: readonly Window[],
): Promise<Array<number | null>> {
  const db = new pg.Client({ connectionString: ordersDatabaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ order_id: string; ms: string }>(
      `SELECT order_id, (extract(epoch FROM update_time - create_time) * 1000)::bigint::text AS ms
         FROM order_views WHERE order_id = ANY($1) AND status = 'CONFIRMED'`,
      [orders.map((o) => o.orderId)],
    );
    const ms = new Map(rows.map((r) => [r.order_id, Number(r.ms)]));
    return windows.map((w) =>
      median(orders.filter((o) => o.placedAt >= w.from && o.placedAt < w.to).flatMap((o) => ms.get(o.orderId) ?? [])),
    );
  } finally {
    await db.end();
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
