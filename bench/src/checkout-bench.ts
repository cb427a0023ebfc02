import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { clockTicksPerSecond, cpuMsBetween, readAllProcStats } from "./checkout/proc-cpu";
import { openLoopOffsets, parseRates, runOpenLoop } from "./checkout/schedule";
import {
  benchStackFromEnv,
  connectCall,
  gql,
  GraphqlError,
  keycloakAdmin,
  userToken,
  type BenchStack,
} from "./checkout/stack";
import { percentile, round } from "./checkout/stats";

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
/** Two SKUs of one seeded product (catalog and inventory seed them under `npm start`). */
const SKUS = ["0192f000-0000-7000-8000-000000000002", "0192f000-0000-7000-8000-000000000012"];
const SKU_PRODUCT = "0192f000-0000-7000-8000-000000000001";
const WAREHOUSE = "wh-lyon";
const SETTLED = new Set(["CONFIRMED", "CANCELLED", "FAILED"]);

interface Customer {
  username: string;
  password: string;
  token: string;
  address: { id: string; countryCode: string; postalCode: string };
  busy: boolean;
}

interface CheckoutOutcome {
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
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(line);

async function prepareCustomers(stack: BenchStack): Promise<Customer[]> {
  log(`==> ${CUSTOMERS} customers in Keycloak (bench-customer-1…), each with an address`);
  const admin = await keycloakAdmin(stack.keycloakUrl, stack.keycloakAdminPassword);
  const customers: Customer[] = [];
  for (let i = 1; i <= CUSTOMERS; i++) {
    const username = `bench-customer-${i}`;
    // A fresh password every run: nothing to store, and no fixed password on a reachable account.
    const password = randomBytes(18).toString("base64url");
    await admin.ensureCustomer(username, password);
    const token = await userToken(stack.keycloakUrl, username, password);
    type Me = { me: { addresses: Customer["address"][] } };
    const read = () => gql<Me>(stack.gatewayUrl, token, `{ me { addresses { id countryCode postalCode } } }`);
    let { addresses } = (await read()).me;
    if (addresses.length === 0) {
      await connectCall(stack.serviceUrls.customers!, "emporium.customers.v1.CustomersService/AddMyAddress", token, {
        address: {
          recipient: `Bench ${i}`,
          line1: `Benchstraße ${i}`,
          postalCode: "10115",
          city: "Berlin",
          countryCode: "DE",
        },
      });
      ({ addresses } = (await read()).me);
    }
    customers.push({ username, password, token, address: addresses[0]!, busy: false });
  }
  return customers;
}

/** Fresh tokens for everyone (they live 5 minutes), timed: Keycloak's cost, kept out of the checkouts. */
async function refreshTokens(stack: BenchStack, customers: Customer[]) {
  const samples: number[] = [];
  const started = performance.now();
  for (const c of customers) {
    const t = performance.now();
    c.token = await userToken(stack.keycloakUrl, c.username, c.password);
    samples.push(performance.now() - t);
  }
  return {
    tokens: samples.length,
    totalMs: round(performance.now() - started),
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
  };
}

/** Enough stock for every checkout of the step, as an admin would deliver it (AdjustStock). */
async function restock(stack: BenchStack, units: number) {
  const admin = await userToken(stack.keycloakUrl, "ada", "dev-only-ada-password");
  for (const skuId of SKUS)
    await connectCall(stack.serviceUrls.inventory!, "emporium.inventory.v1.InventoryService/AdjustStock", admin, {
      skuId,
      warehouseId: WAREHOUSE,
      delta: String(units),
      reason: "checkout benchmark delivery",
      productId: SKU_PRODUCT,
    });
}

async function checkout(stack: BenchStack, customer: Customer, startedAt: number): Promise<CheckoutOutcome> {
  const ask = <T>(query: string, variables: Record<string, unknown>) =>
    gql<T>(stack.gatewayUrl, customer.token, query, variables);
  const outcome: CheckoutOutcome = { startedAt };
  let placeSentAt = 0;
  try {
    type Cart = {
      version: string;
      subtotal: { amount: string; currency: string };
      lines: { skuId: string; quantity: number }[];
    };
    const add = `mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cart { version subtotal { amount currency } lines { skuId quantity } } } }`;
    await ask(add, { s: SKUS[0] });
    const { cart } = (await ask<{ addCartLine: { cart: Cart } }>(add, { s: SKUS[1] })).addCartLine;
    const { shippingQuote: quote } = await ask<{ shippingQuote: { id: string; price: { amount: string } } }>(
      `query ($i: ShippingQuoteInput!) { shippingQuote(input: $i) { id price { amount } } }`,
      { i: { countryCode: customer.address.countryCode, postalCode: customer.address.postalCode, lines: cart.lines } },
    );
    // Exact decimal sum in minor units: the total the customer saw.
    const minor = (amount: string) => Math.round(Number(amount) * 100);
    const total = ((minor(cart.subtotal.amount) + minor(quote.price.amount)) / 100).toFixed(2);
    placeSentAt = performance.now();
    const { placeOrder } = await ask<{ placeOrder: { id: string; status: string } }>(
      `mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id status } }`,
      {
        i: {
          idempotencyKey: randomUUID(),
          cartVersion: cart.version,
          expectedTotal: { amount: total, currency: cart.subtotal.currency },
          shippingAddressId: customer.address.id,
          shippingQuoteId: quote.id,
          paymentMethodToken: "tok_approve",
        },
      },
    );
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
    try {
      const { order } = await ask<{ order: { status: string } }>(`query ($id: ID!) { order(id: $id) { status } }`, {
        id: outcome.orderId,
      });
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

async function runStep(stack: BenchStack, customers: Customer[], rate: number, ticksPerSecond: number) {
  log(`==> ${rate} checkouts/s for ${SECONDS}s`);
  const tokens = await refreshTokens(stack, customers);
  await restock(stack, Math.ceil(rate * SECONDS) + 10);
  const roots = stack.processes.map(({ name, pid }) => ({ name, pid }));
  const cpuBefore = readAllProcStats();
  const clientBefore = process.cpuUsage();
  const stepStart = performance.now();
  let next = 0;
  const { started, lateMs } = await runOpenLoop(openLoopOffsets(rate, SECONDS), async () => {
    const startedAt = performance.now();
    // Round robin over the customers not in the middle of a checkout (one cart each).
    for (let tried = 0; tried < customers.length; tried++) {
      const customer = customers[next++ % customers.length]!;
      if (customer.busy) continue;
      customer.busy = true;
      return checkout(stack, customer, startedAt);
    }
    return { startedAt, error: "NO_FREE_CUSTOMER" };
  });
  const outcomes = await Promise.all(started);
  const client = process.cpuUsage(clientBefore);
  const cpu = cpuMsBetween(roots, cpuBefore, readAllProcStats(), ticksPerSecond);
  return summarize(stack, rate, outcomes, lateMs, stepStart, cpu, (client.user + client.system) / 1000, tokens);
}

function summarize(
  stack: BenchStack,
  rate: number,
  outcomes: CheckoutOutcome[],
  lateMs: number[],
  stepStart: number,
  cpu: Array<{ name: string; pid: number; cpuMs: number | null }>,
  clientCpuMs: number,
  tokens: Awaited<ReturnType<typeof refreshTokens>>,
) {
  const placed = outcomes.filter((o) => o.orderId);
  const settled = placed.filter((o) => o.settledAt !== undefined);
  const count = (values: (string | undefined)[]) =>
    Object.fromEntries([...new Set(values)].map((v) => [v, values.filter((x) => x === v).length]));
  const lastSettled = Math.max(stepStart, ...settled.map((o) => o.settledAt!));
  const kind = new Map(stack.processes.map((p) => [p.name, p.kind]));
  const stackCpu = cpu.filter((c) => kind.get(c.name) !== "keycloak");
  const stackCpuMs = stackCpu.reduce((sum, c) => sum + (c.cpuMs ?? 0), 0);
  return {
    offeredPerSecond: rate,
    seconds: SECONDS,
    started: outcomes.length,
    placed: placed.length,
    notPlaced: count(outcomes.filter((o) => !o.orderId).map((o) => o.error)),
    settled: settled.length,
    byStatus: count(settled.map((o) => o.status)),
    unsettledAfterTimeout: placed.length - settled.length,
    settledPerSecond: settled.length ? round(settled.length / ((lastSettled - stepStart) / 1000), 2) : 0,
    placeToSettledMs: {
      p50: round(
        percentile(
          settled.map((o) => o.placeToSettledMs!),
          50,
        ),
      ),
      p99: round(
        percentile(
          settled.map((o) => o.placeToSettledMs!),
          99,
        ),
      ),
    },
    cartQuotePlaceMs: {
      p50: round(
        percentile(
          placed.map((o) => o.placeMs!),
          50,
        ),
      ),
      p99: round(
        percentile(
          placed.map((o) => o.placeMs!),
          99,
        ),
      ),
    },
    clientLateStartMsP99: round(percentile(lateMs, 99)),
    cpu: {
      stackMs: round(stackCpuMs),
      perCheckoutMs: placed.length ? round(stackCpuMs / placed.length) : null,
      keycloakMs: round(cpu.find((c) => kind.get(c.name) === "keycloak")?.cpuMs ?? undefined),
      benchClientMs: round(clientCpuMs),
      // Where the time goes: each process's CPU and share of the stack's (Keycloak apart).
      processes: stackCpu
        .map((c) => ({
          name: c.name,
          pid: c.pid,
          cpuMs: round(c.cpuMs ?? undefined),
          share: c.cpuMs === null || stackCpuMs === 0 ? null : round((100 * c.cpuMs) / stackCpuMs),
        }))
        .sort((a, b) => (b.cpuMs ?? 0) - (a.cpuMs ?? 0)),
    },
    keycloakTokens: tokens,
  };
}

type Step = ReturnType<typeof summarize>;

function write(steps: Step[]) {
  const report = {
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
  const ms = (v: number | null) => (v === null ? "–" : String(v));
  const rows = steps.map(
    (s) =>
      `| ${s.offeredPerSecond} | ${s.placed}/${s.started} | ${
        Object.entries(s.notPlaced)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "–"
      } | ${s.settledPerSecond} | ${
        Object.entries(s.byStatus)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "–"
      } | ${s.unsettledAfterTimeout} | ${ms(s.placeToSettledMs.p50)} | ${ms(s.placeToSettledMs.p99)} | ${ms(s.cartQuotePlaceMs.p50)} | ${ms(s.cpu.perCheckoutMs)} | ${ms(s.cpu.keycloakMs)} | ${ms(s.keycloakTokens.p50Ms)} |`,
  );
  const shares = steps.map(
    (s) =>
      `| ${s.offeredPerSecond} | ${s.cpu.processes.map((p) => `${p.name} ${p.share ?? "?"}%`).join(", ")} | ${s.cpu.benchClientMs} |`,
  );
  const md = [
    `# Checkout benchmark`,
    ``,
    `${report.date} · ${report.machine.cpus} × ${report.machine.cpuModel} · Node ${report.machine.node} · ` +
      `the \`npm start\` platform · ${SECONDS}s per rate · ${CUSTOMERS} customers · settle timeout ${SETTLE_TIMEOUT_MS / 1000}s`,
    ``,
    `A checkout: two cart adds, a shipping quote, placeOrder (GraphQL through the gateway), then polling the order every ${POLL_MS} ms until CONFIRMED, CANCELLED or FAILED.`,
    ``,
    `| offered/s | placed | not placed | settled/s | settled as | unsettled | place→settled p50 ms | p99 ms | cart+quote+place p50 ms | stack CPU ms/checkout | Keycloak CPU ms | token p50 ms |`,
    `|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|`,
    ...rows,
    ``,
    `Where the CPU goes (share of the stack's CPU during the step, Keycloak apart; the processes' trees: PostgreSQL with its backends):`,
    ``,
    `| offered/s | processes | bench client CPU ms |`,
    `|---:|---|---:|`,
    ...shares,
    ``,
  ].join("\n");
  writeFileSync(path.join(dir, "checkout.md"), md);
  log(`\n${md}\nwritten to bench/results/checkout.json and bench/results/checkout.md`);
}

async function main() {
  const stack = benchStackFromEnv();
  const customers = await prepareCustomers(stack);
  const ticksPerSecond = clockTicksPerSecond();
  const steps: Step[] = [];
  for (const rate of RATES) {
    steps.push(await runStep(stack, customers, rate, ticksPerSecond));
    const last = steps.at(-1)!;
    log(
      `    placed ${last.placed}/${last.started}, settled ${last.settled} (${last.settledPerSecond}/s), unsettled ${last.unsettledAfterTimeout}`,
    );
  }
  write(steps);
  const settled = steps.reduce((sum, s) => sum + s.settled, 0);
  if (settled === 0) {
    console.error(
      `bench checkout: no order settled within ${SETTLE_TIMEOUT_MS / 1000}s (they stay PENDING): is the checkout saga running?`,
    );
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`bench checkout failed: ${(err as Error).message}`);
  process.exit(1);
});
