import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  nextFreeCustomer,
  prepareCustomers,
  refreshTokens,
  restock,
  SETTLED,
  SKUS,
  type Customer,
} from "./checkout/customers";
import { ORDER_STATUS, WEB_ADD_CART_LINE, WEB_PLACE_ORDER, WEB_QUOTE_CHECKOUT } from "./bench-operations";
import { clockTicksPerSecond, cpuMsBetween, readAllProcStats } from "./checkout/proc-cpu";
import { openLoopOffsets, runOpenLoop } from "./checkout/schedule";
import { benchStackFromEnv, gql, GraphqlError, type BenchStack } from "./checkout/stack";
import { percentile, round } from "./checkout/stats";
import { aimMet, renderLiveMarkdown, type LiveReport } from "./live/report";
import { follow, subscriberFor, type Following } from "./live/subscriber";
import { summarizeTracks, type EndCheck } from "./live/tracker";

/**
 * Event-to-subscriber latency of live order tracking through the platform `npm start` runs
 * (`npm run bench -- live`): customers place orders through bff-web at BENCH_RATE per second for
 * BENCH_SECONDS, each order followed over a graphql-ws subscription to `orderStatusChanged` until the
 * checkout settles it, and every pushed change timed from its change time (the orders service's
 * clock in the committing transaction) to its receipt. Bounded: at most BENCH_RATE × BENCH_SECONDS
 * orders, listening at most BENCH_DRAIN_S after the last; loopback only. The aim: p99 ≤ 100 ms with
 * no change missed or duplicated.
 */
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const DRAIN_S = Number(process.env.BENCH_DRAIN_S ?? 120);
const AIM_P99_MS = 100;
/** Customer tokens live 5 minutes and the BFF closes a connection whose token expired. */
const MAX_LISTEN_S = 240;
/** How long an order's final status may take to arrive after it was read over HTTP. */
const FINAL_GRACE_MS = 5_000;

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function checkSettings() {
  const positive = (name: string, value: number) => {
    if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a positive number, got ${value}`);
  };
  positive("BENCH_RATE", RATE);
  positive("BENCH_SECONDS", SECONDS);
  positive("BENCH_CUSTOMERS", CUSTOMERS);
  positive("BENCH_DRAIN_S", DRAIN_S);
  if (SECONDS + DRAIN_S > MAX_LISTEN_S)
    throw new Error(`BENCH_SECONDS + BENCH_DRAIN_S must stay within ${MAX_LISTEN_S}s (customer tokens live 5 min)`);
  if (RATE * SECONDS > 5_000) throw new Error(`at most 5000 orders per run (BENCH_RATE × BENCH_SECONDS)`);
}

function bffWebUrl(stack: BenchStack): string {
  const url = process.env.EMPORIUM_BENCH_BFF_WEB_URL ?? stack.bffUrls?.["bff-web"];
  if (!url) throw new Error("no bff-web URL in EMPORIUM_BENCH_STACK: run it as `npm run bench -- live`");
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url))
    throw new Error(`benchmarks target loopback only, not ${url}`);
  return url;
}

/** A customer's checkout through bff-web: two cart adds, a quote, placeOrder. Returns the order id. */
async function placeOrder(bffUrl: string, customer: Customer): Promise<string> {
  const ask = <T>(query: string, variables: Record<string, unknown>) =>
    gql<T>(bffUrl, customer.token, query, variables);
  const add = WEB_ADD_CART_LINE;
  for (const skuId of SKUS) await ask(add, { s: skuId });
  type Quote = { shippingQuoteId: string; cartVersion: string; total: { amount: string; currency: string } };
  const { quoteCheckout: quote } = await ask<{ quoteCheckout: Quote }>(WEB_QUOTE_CHECKOUT, {
    i: { shippingAddressId: customer.address.id },
  });
  const { placeOrder: order } = await ask<{ placeOrder: { id: string } }>(WEB_PLACE_ORDER, {
    i: {
      idempotencyKey: randomUUID(),
      cartVersion: quote.cartVersion,
      expectedTotal: { amount: quote.total.amount, currency: quote.total.currency },
      shippingAddressId: customer.address.id,
      shippingQuoteId: quote.shippingQuoteId,
      paymentMethodToken: "tok_approve",
    },
  });
  return order.id;
}

/**
 * One order placed and followed to its settled status before the measured run: the BFF serves the
 * subscription, and the path (JIT, pools, connections) is warm. Fails the benchmark otherwise.
 */
async function warmUp(bffUrl: string, customer: Customer) {
  log(`==> warm-up: one order placed through bff-web and followed until settled`);
  const client = subscriberFor(bffUrl, () => customer.token);
  try {
    const following = follow(client, await placeOrder(bffUrl, customer));
    const timedOut = await Promise.race([following.done.then(() => false), sleep(60_000).then(() => true)]);
    following.stop();
    const { track } = following;
    if (track.error || timedOut || !track.settled)
      throw new Error(
        `the warm-up order ${track.orderId} was not followed to a settled status over the subscription ` +
          `(${track.error ?? (timedOut ? "no settled status within 60s" : `last status ${track.last?.status}`)}): ` +
          `does bff-web serve orderStatusChanged?`,
      );
  } finally {
    await client.dispose();
  }
}

/** The order's status as its owner reads it over HTTP; undefined when the read failed. */
const readStatus = (bffUrl: string, customer: Customer, orderId: string) =>
  gql<{ order: { status: string } }>(bffUrl, customer.token, ORDER_STATUS, { id: orderId }).then(
    (data) => data.order.status,
    () => undefined,
  );

/**
 * At the end: for each order still followed, its status read over HTTP must be the one the
 * subscription delivered (given FINAL_GRACE_MS to arrive); a settled status never delivered is missed.
 */
async function checkEnd(bffUrl: string, open: Array<Following & { customer: Customer }>): Promise<EndCheck> {
  const end: EndCheck = { missedFinal: 0, unsettled: 0, unchecked: 0 };
  await Promise.all(
    open.map(async ({ track, customer }) => {
      const status = await readStatus(bffUrl, customer, track.orderId);
      if (status === undefined) {
        end.unchecked++;
        return;
      }
      const deadline = performance.now() + FINAL_GRACE_MS;
      while (track.last?.status !== status && !track.error && performance.now() < deadline) await sleep(50);
      if (!SETTLED.has(status)) end.unsettled++;
      else if (track.last?.status !== status) end.missedFinal++;
    }),
  );
  return end;
}

async function run(stack: BenchStack, bffUrl: string) {
  const customers = await prepareCustomers(stack, CUSTOMERS, log);
  await restock(stack, Math.ceil(RATE * SECONDS) + 20);
  await warmUp(bffUrl, customers[0]!);
  log(`==> fresh tokens for ${customers.length} customers`);
  await refreshTokens(stack, customers);
  const clients = new Map(customers.map((c) => [c, subscriberFor(bffUrl, () => c.token)]));
  const followed: Array<Following & { customer: Customer }> = [];
  const notPlaced: string[] = [];
  const placeMs: number[] = [];
  const roots = stack.processes.map(({ name, pid }) => ({ name, pid }));
  const loadBefore = os.loadavg();
  const cpuBefore = readAllProcStats();
  const clientBefore = process.cpuUsage();
  log(`==> ${RATE} orders/s for ${SECONDS}s through bff-web, each followed over a subscription`);
  try {
    const cursor = { next: 0 };
    const { started, lateMs } = await runOpenLoop(openLoopOffsets(RATE, SECONDS), async () => {
      const customer = nextFreeCustomer(customers, cursor);
      if (!customer) {
        notPlaced.push("NO_FREE_CUSTOMER");
        return;
      }
      const startedAt = performance.now();
      try {
        const orderId = await placeOrder(bffUrl, customer);
        placeMs.push(performance.now() - startedAt);
        followed.push({ ...follow(clients.get(customer)!, orderId), customer });
      } catch (err) {
        notPlaced.push(err instanceof GraphqlError ? err.code : "CLIENT_ERROR");
        if (!(err instanceof GraphqlError)) log(`    placing failed: ${(err as Error).message}`);
      } finally {
        customer.busy = false; // the cart is free again; following the order needs none
      }
    });
    await Promise.all(started);
    log(`    placed ${followed.length}; listening up to ${DRAIN_S}s for the checkouts to settle`);
    await Promise.race([Promise.all(followed.map((f) => f.done)), sleep(DRAIN_S * 1000)]);
    // Still open, or ended by the server before the order settled: compared with the order's status.
    const endCheck = await checkEnd(
      bffUrl,
      followed.filter((f) => !f.track.settled && !f.track.error),
    );
    for (const f of followed) f.stop();
    const client = process.cpuUsage(clientBefore);
    const cpu = cpuMsBetween(roots, cpuBefore, readAllProcStats(), clockTicksPerSecond());
    const keycloak = new Set(stack.processes.filter((p) => p.kind === "keycloak").map((p) => p.name));
    const stackCpu = cpu.filter((c) => !keycloak.has(c.name) && c.cpuMs !== null);
    const total = stackCpu.reduce((sum, c) => sum + c.cpuMs!, 0);
    const live = summarizeTracks(
      followed.map((f) => f.track),
      endCheck,
    );
    const report: LiveReport = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        load: { before: loadBefore.map((l) => +l.toFixed(1)), after: os.loadavg().map((l) => +l.toFixed(1)) },
      },
      settings: { rate: RATE, seconds: SECONDS, customers: CUSTOMERS, drainSeconds: DRAIN_S, aimP99Ms: AIM_P99_MS },
      placement: {
        offered: started.length,
        placed: followed.length,
        notPlaced: Object.fromEntries([...new Set(notPlaced)].map((c) => [c, notPlaced.filter((x) => x === c).length])),
        placeP50Ms: round(percentile(placeMs, 50)),
        placeP99Ms: round(percentile(placeMs, 99)),
        startLateP99Ms: round(percentile(lateMs, 99)),
      },
      live,
      cpuShares: stackCpu
        .sort((a, b) => b.cpuMs! - a.cpuMs!)
        .map((c) => ({ name: c.name, share: total > 0 ? round((c.cpuMs! / total) * 100)! : 0 })),
      clientCpuMs: (client.user + client.system) / 1000,
      aimMet: aimMet(live, AIM_P99_MS),
    };
    return report;
  } finally {
    for (const f of followed) f.stop();
    await Promise.all([...clients.values()].map((c) => c.dispose()));
  }
}

function write(report: LiveReport) {
  const dir = path.join(__dirname, "..", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "live.json"), JSON.stringify(report, null, 2) + "\n");
  const md = renderLiveMarkdown(report);
  writeFileSync(path.join(dir, "live.md"), md);
  log(`\n${md}\nwritten to bench/results/live.json and bench/results/live.md`);
}

async function main() {
  checkSettings();
  const stack = benchStackFromEnv();
  const bffUrl = bffWebUrl(stack);
  const ready = await fetch(`${bffUrl}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
  if (!ready) throw new Error(`${bffUrl} is not ready: start the platform with npm start first`);
  const report = await run(stack, bffUrl);
  write(report);
  if (report.live.pushedChanges === 0) {
    console.error("bench live: no change was pushed to a subscriber: are the checkouts settling?");
    process.exit(1);
  }
}

main().then(
  // Disposed clients may still hold their keep-open timers (see subscriberFor).
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench live failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
