import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  clockTicksPerSecond,
  cpuMsBetween,
  processTree,
  readAllProcStats,
  readThreadTicks,
  threadShares,
  type ProcStat,
} from "./checkout/proc-cpu";
import { openLoopOffsets, parseRates, runOpenLoop } from "./checkout/schedule";
import {
  nextFreeCustomer,
  prepareCustomers,
  refreshTokens,
  restock,
  SETTLED,
  SKUS,
  type Customer,
} from "./checkout/customers";
import { GATEWAY_ADD_CART_LINE, GATEWAY_PLACE_ORDER, GATEWAY_SHIPPING_QUOTE, ORDER_STATUS } from "./bench-operations";
import { benchStackFromEnv, gql, GraphqlError, type BenchStack } from "./checkout/stack";
import { renderMarkdown, summarizeStep, type CheckoutOutcome, type Report, type Step } from "./checkout/report";

/**
 * Checkouts per second through the platform `npm start` runs (`npm run bench -- checkout`).
 *
 * A checkout is what a customer does: two cart adds, a shipping quote to their address, placeOrder,
 * all GraphQL through the gateway; then the order is polled until the saga settles it (CONFIRMED,
 * CANCELLED or FAILED). Checkouts start at fixed open-loop rates, each for a bounded time, by one of
 * BENCH_CUSTOMERS customers created in Keycloak beforehand (with an address in customers); their
 * tokens are fetched before each step and timed apart. For every step: checkouts settled per
 * second, place→settled p50/p99, and CPU-ms per checkout over every process of the stack (from
 * /proc, before and after the step), with each process's share: where the time goes.
 */
const RATES = parseRates(process.env.BENCH_RATES ?? "5,10,20,50");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const SETTLE_TIMEOUT_MS = Number(process.env.BENCH_SETTLE_TIMEOUT_S ?? 60) * 1000;
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 250);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(line);

async function checkout(stack: BenchStack, customer: Customer, startedAt: number): Promise<CheckoutOutcome> {
  const ask = <T>(query: string, variables: Record<string, unknown>) =>
    gql<T>(stack.gatewayUrl, customer.token, query, variables);
  const outcome: CheckoutOutcome = { startedAt, polls: 0 };
  let placeSentAt = 0;
  try {
    type Cart = {
      version: string;
      subtotal: { amount: string; currency: string };
      lines: { skuId: string; quantity: number }[];
    };
    const add = GATEWAY_ADD_CART_LINE;
    await ask(add, { s: SKUS[0] });
    const { cart } = (await ask<{ addCartLine: { cart: Cart } }>(add, { s: SKUS[1] })).addCartLine;
    const { shippingQuote: quote } = await ask<{ shippingQuote: { id: string; price: { amount: string } } }>(
      GATEWAY_SHIPPING_QUOTE,
      { i: { countryCode: customer.address.countryCode, postalCode: customer.address.postalCode, lines: cart.lines } },
    );
    // Exact decimal sum in minor units: the total the customer saw.
    const minor = (amount: string) => Math.round(Number(amount) * 100);
    const total = ((minor(cart.subtotal.amount) + minor(quote.price.amount)) / 100).toFixed(2);
    placeSentAt = performance.now();
    const { placeOrder } = await ask<{ placeOrder: { id: string; status: string } }>(GATEWAY_PLACE_ORDER, {
      i: {
        idempotencyKey: randomUUID(),
        cartVersion: cart.version,
        expectedTotal: { amount: total, currency: cart.subtotal.currency },
        shippingAddressId: customer.address.id,
        shippingQuoteId: quote.id,
        paymentMethodToken: "tok_approve",
      },
    });
    outcome.placeMs = performance.now() - startedAt;
    outcome.orderId = placeOrder.id;
    outcome.status = placeOrder.status;
  } catch (err) {
    outcome.error = err instanceof GraphqlError ? err.code : "CLIENT_ERROR";
    if (!(err instanceof GraphqlError)) log(`    checkout failed: ${(err as Error).message}`);
    return outcome;
  } finally {
    customer.busy = false; // the cart is free again; waiting for the saga needs no cart
  }
  const deadline = placeSentAt + SETTLE_TIMEOUT_MS;
  while (!SETTLED.has(outcome.status!) && performance.now() < deadline) {
    await sleep(POLL_MS);
    outcome.polls++;
    try {
      const { order } = await ask<{ order: { status: string } }>(ORDER_STATUS, { id: outcome.orderId });
      outcome.status = order.status;
    } catch {
      // a failed poll is retried until the deadline
    }
  }
  if (SETTLED.has(outcome.status!)) {
    outcome.settledAt = performance.now();
    outcome.placeToSettledMs = outcome.settledAt - placeSentAt;
  }
  return outcome;
}

/** Per process of the stack, its tree's ticks by thread group (see readThreadTicks). */
const threadTicksByProcess = (roots: ReadonlyArray<{ name: string; pid: number }>, stats: readonly ProcStat[]) =>
  new Map(roots.map(({ name, pid }) => [name, readThreadTicks(processTree(stats, pid).map((p) => p.pid))]));

async function runStep(stack: BenchStack, customers: Customer[], rate: number, ticksPerSecond: number) {
  log(`==> ${rate} checkouts/s for ${SECONDS}s`);
  const tokens = await refreshTokens(stack, customers);
  await restock(stack, Math.ceil(rate * SECONDS) + 10);
  const roots = stack.processes.map(({ name, pid }) => ({ name, pid }));
  const cpuBefore = readAllProcStats();
  const threadsBefore = threadTicksByProcess(roots, cpuBefore);
  const clientBefore = process.cpuUsage();
  const stepStart = performance.now();
  const cursor = { next: 0 };
  const { started, lateMs } = await runOpenLoop(openLoopOffsets(rate, SECONDS), async () => {
    const startedAt = performance.now();
    const customer = nextFreeCustomer(customers, cursor);
    return customer ? checkout(stack, customer, startedAt) : { startedAt, polls: 0, error: "NO_FREE_CUSTOMER" };
  });
  const outcomes = await Promise.all(started);
  const client = process.cpuUsage(clientBefore);
  const cpuAfter = readAllProcStats();
  const cpu = cpuMsBetween(roots, cpuBefore, cpuAfter, ticksPerSecond);
  const threadsAfter = threadTicksByProcess(roots, cpuAfter);
  const threads = Object.fromEntries(
    roots.map(({ name }) => [name, threadShares(threadsBefore.get(name)!, threadsAfter.get(name)!).slice(0, 6)]),
  );
  return summarizeStep({
    rate,
    seconds: SECONDS,
    outcomes,
    lateMs,
    stepStart,
    cpu,
    threads,
    kinds: Object.fromEntries(stack.processes.map((p) => [p.name, p.kind])),
    clientCpuMs: (client.user + client.system) / 1000,
    tokens,
  });
}

function write(steps: Step[]) {
  const report: Report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: {
      rates: RATES,
      seconds: SECONDS,
      customers: CUSTOMERS,
      settleTimeoutMs: SETTLE_TIMEOUT_MS,
      pollMs: POLL_MS,
      skus: SKUS,
    },
    steps,
  };
  const dir = path.join(__dirname, "..", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "checkout.json"), JSON.stringify(report, null, 2) + "\n");
  const md = renderMarkdown(report);
  writeFileSync(path.join(dir, "checkout.md"), md);
  log(`\n${md}\nwritten to bench/results/checkout.json and bench/results/checkout.md`);
}

async function main() {
  const stack = benchStackFromEnv();
  const customers = await prepareCustomers(stack, CUSTOMERS, log);
  const ticksPerSecond = clockTicksPerSecond();
  const steps: Step[] = [];
  for (const rate of RATES) {
    steps.push(await runStep(stack, customers, rate, ticksPerSecond));
    const last = steps.at(-1)!;
    log(
      `    placed ${last.placed}/${last.started}, settled ${last.settled} (${last.settledPerSecond}/s), ` +
        `unsettled ${last.unsettledAfterTimeout}`,
    );
  }
  write(steps);
  const settled = steps.reduce((sum, s) => sum + s.settled, 0);
  if (settled === 0) {
    console.error(
      `bench checkout: no order settled within ${SETTLE_TIMEOUT_MS / 1000}s (they stay PENDING): ` +
        `is the checkout saga running?`,
    );
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`bench checkout failed: ${(err as Error).message}`);
  process.exit(1);
});
