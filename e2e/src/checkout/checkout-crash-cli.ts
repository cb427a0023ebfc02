/**
 * `npm run checkout-crash [-- --checkouts N --kills K]`: the crash run at full size (default 1 000
 * checkouts, 5 kills of orders with SIGKILL) on a throwaway PostgreSQL, RabbitMQ and Keycloak of its
 * own (never the `npm start` stack). Writes bench/results/checkout-crash.json and .md; exits 1 when an
 * invariant is broken or an order did not settle. `npm test` runs the same experiment at proof size.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  REPO_ROOT,
  createTestVhost,
  startServices,
  startTestServers,
  testKeycloak,
  userToken,
} from "@emporium/testing";
import { prepareShoppers, prepareStock } from "./checkout-driver";
import { cliOptions, wholeNumber } from "./cli-options";
import { CHECKOUT_SERVICES, CLEAN, countByOutcome, crashRun, servicesOf, type CrashRun } from "./checkout-runs";

async function main(): Promise<number> {
  const options = cliOptions(["checkouts", "kills"]);
  const checkouts = wholeNumber(options.checkouts, "checkouts", 1000);
  const kills = wholeNumber(options.kills, "kills", 5);
  const log = (line: string) => console.log(`[checkout-crash] ${line}`);
  log("starting a throwaway PostgreSQL, Keycloak and RabbitMQ");
  const servers = await startTestServers();
  Object.assign(process.env, servers.env);
  const vhost = await createTestVhost("checkout-crash");
  const platform = await startServices(servers.postgres.adminUrl, CHECKOUT_SERVICES, { broker: vhost });
  try {
    const kc = testKeycloak();
    const tokenOf = (name: string) => userToken(kc, name as "alice");
    const shoppers = await prepareShoppers(servicesOf(platform), ["alice", "bob"], tokenOf);
    const stock = await prepareStock(servicesOf(platform), await tokenOf("ada"), 1_000_000n);
    log(`${checkouts} checkouts, orders killed with SIGKILL ${kills} times`);
    const run = await crashRun(platform, shoppers, stock, { checkouts, kills, settleTimeoutMs: 30 * 60_000 });
    const ok = JSON.stringify(run.invariants, bigints) === JSON.stringify(CLEAN, bigints);
    writeReport(run, { checkouts, kills, ok });
    log(`${ok ? "every invariant holds" : "AN INVARIANT IS BROKEN"}: see bench/results/checkout-crash.md`);
    return ok ? 0 : 1;
  } finally {
    await platform.stop();
    await vhost.drop();
    await servers.stop();
  }
}

const bigints = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

function writeReport(run: CrashRun, setup: { checkouts: number; kills: number; ok: boolean }): void {
  const dir = path.join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const report = {
    at: new Date().toISOString(),
    ...setup,
    killedAfterOrders: run.killedAfter,
    outcomes: countByOutcome(run.statuses),
    invariants: run.invariants,
    elapsedSeconds: Math.round(run.elapsedMs / 1000),
  };
  writeFileSync(path.join(dir, "checkout-crash.json"), `${JSON.stringify(report, bigints, 2)}\n`);
  const shown = (v: unknown) => (typeof v === "bigint" ? v.toString() : JSON.stringify(v));
  const rows = Object.entries(run.invariants).map(([k, v]) => `| ${k} | ${shown(v)} |`);
  writeFileSync(
    path.join(dir, "checkout-crash.md"),
    [
      "# Checkout crash run",
      "",
      `${setup.checkouts} checkouts by two customers; orders killed with SIGKILL ${setup.kills} times`,
      `(after ${run.killedAfter.join(", ")} orders were placed) and restarted at once. Run ${report.at},`,
      `${report.elapsedSeconds} s. Result: ${setup.ok ? "every invariant holds" : "an invariant is broken"}.`,
      "",
      `Settled: ${Object.entries(report.outcomes)
        .map(([s, n]) => `${n} ${s}`)
        .join(", ")}.`,
      "",
      "| invariant (0 = holds) | value |",
      "|---|---|",
      ...rows,
      "",
      "Reproduce: `npm run checkout-crash` (or `-- --checkouts N --kills K`).",
      "",
    ].join("\n"),
  );
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
