/**
 * `npm run orders -- rebuild-projections`: operator commands of the orders service, run beside it
 * (the service may be running; see docs/adr/0016). Reads the same configuration as the service.
 */
import { createLogger, createPool } from "@emporium/platform";
import { ordersService } from "./app";
import { loadOrdersConfig } from "./config";
import { PgOrderProjection } from "./db/pg-order-projection";

const USAGE = "usage: npm run orders -- rebuild-projections";
const REBUILD_BATCH = 500;

async function main(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== "rebuild-projections") {
    console.error(USAGE);
    return 2;
  }
  const config = loadOrdersConfig();
  const logger = createLogger("orders-cli", "warn");
  await ordersService.migrations.migrate(config.databaseUrl);
  const pool = createPool(config.databaseUrl, { logger, statementTimeoutMs: 60_000, applicationName: "orders-cli" });
  try {
    const started = Date.now();
    const { events } = await new PgOrderProjection(pool).rebuild(REBUILD_BATCH);
    console.log(`rebuilt the order read models from ${events} events in ${Date.now() - started} ms; swapped in`);
    return 0;
  } finally {
    await pool.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`orders: ${err.message}`);
    process.exit(1);
  },
);
