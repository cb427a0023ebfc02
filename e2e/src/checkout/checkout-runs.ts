import type { RunningServices } from "@emporium/testing";
import {
  CONFIRMED_OR_LATER,
  checkout,
  waitUntilSettled,
  type CheckoutServices,
  type CheckoutStock,
  type Shopper,
} from "./checkout-driver";
import { settledInvariants, type CheckoutInvariants } from "./checkout-invariants";

/** The services a checkout run starts. */
export const CHECKOUT_SERVICES = ["catalog", "customers", "inventory", "orders", "payments", "shipping"] as const;
export type CheckoutPlatform = RunningServices<(typeof CHECKOUT_SERVICES)[number]>;

/** The invariants of a run where nothing went wrong for good. */
export const CLEAN: CheckoutInvariants = {
  doubleCaptures: 0,
  confirmedNotCaptured: 0,
  moneyKeptForUnsettledSale: 0,
  shipmentsForCompensatedOrders: 0,
  stockDrift: 0n,
  stillReserved: 0n,
  unpublishedOutbox: Object.fromEntries(["orders", "inventory", "payments", "shipping"].map((s) => [s, 0])),
};

export const databasesOf = (platform: CheckoutPlatform) => ({
  orders: platform.services.orders.databaseUrl,
  inventory: platform.services.inventory.databaseUrl,
  payments: platform.services.payments.databaseUrl,
  shipping: platform.services.shipping.databaseUrl,
});

/**
 * `count` checkouts, the shoppers in parallel and each one's checkouts one after another (a
 * customer's placements queue on their cart anyway). `onPlaced` hears the running total.
 */
export async function runCheckouts(
  services: CheckoutServices,
  shoppers: readonly Shopper[],
  stock: CheckoutStock,
  count: number,
  onPlaced: (placed: number) => void = () => undefined,
): Promise<string[]> {
  const run = `run-${Date.now()}`;
  const orderIds: string[] = [];
  await Promise.all(
    shoppers.map(async (shopper, s) => {
      for (let i = s; i < count; i += shoppers.length) {
        orderIds.push(await checkout(services, shopper, stock, `${run}-${i}`));
        onPlaced(orderIds.length);
      }
    }),
  );
  return orderIds;
}

export interface CrashRun {
  orderIds: string[];
  statuses: Map<string, { status: string; reason: string }>;
  invariants: CheckoutInvariants;
  /** When each kill happened, as the number of orders placed by then. */
  killedAfter: number[];
  elapsedMs: number;
}

/**
 * Checkouts while orders is killed with SIGKILL `kills` times, spread over the run (each kill once
 * that share of the orders was placed; the orchestrator-like restart follows at once), then every
 * order must settle and the invariants hold.
 */
export async function crashRun(
  platform: CheckoutPlatform,
  shoppers: readonly Shopper[],
  stock: CheckoutStock,
  options: { checkouts: number; kills: number; settleTimeoutMs: number },
): Promise<CrashRun> {
  const started = Date.now();
  const killAt = Array.from({ length: options.kills }, (_, k) =>
    Math.floor(((k + 1) * options.checkouts) / (options.kills + 1)),
  );
  const killedAfter: number[] = [];
  let restarting: Promise<void> = Promise.resolve();
  const services = servicesOf(platform);
  const orderIds = await runCheckouts(services, shoppers, stock, options.checkouts, (placed) => {
    if (killAt.length && placed >= killAt[0]!) {
      killAt.shift();
      killedAfter.push(placed);
      restarting = restarting.then(() => platform.restart("orders", { kill: "SIGKILL" }));
    }
  });
  await restarting;
  const statuses = await waitUntilSettled(platform.services.orders.databaseUrl, orderIds, options.settleTimeoutMs);
  const invariants = await settledInvariants(databasesOf(platform), orderIds, stock);
  return { orderIds, statuses, invariants, killedAfter, elapsedMs: Date.now() - started };
}

export const servicesOf = (platform: CheckoutPlatform): CheckoutServices => platform.services;

/** How the saga settled the orders: confirmed (shipped and delivered count: they were confirmed first), cancelled, failed. */
export function countByOutcome(statuses: Map<string, { status: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of statuses.values()) {
    const outcome = CONFIRMED_OR_LATER.has(status) ? "CONFIRMED" : status;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}
