/**
 * A relay in a process of its own, for the crash test: it publishes one batch, prints
 * "PUBLISHED <n>" once the broker confirmed it, and then hangs before marking the rows published,
 * waiting for the test to kill it with SIGKILL.
 */
import pino from "pino";
import { createPool } from "../src/db/create-pool";
import { connectToBroker } from "../src/events/broker-connection";
import { RabbitEventBus } from "../src/events/event-bus";
import { OutboxRelay } from "../src/events/outbox-relay";

const logger = pino({ level: "warn" });
const pool = createPool(process.env.RELAY_DATABASE_URL as string, { logger, statementTimeoutMs: 30_000 });
const connection = connectToBroker(process.env.RELAY_AMQP_URL as string, { name: "relay-process", logger });
const relay = new OutboxRelay({
  pool,
  bus: new RabbitEventBus(connection),
  logger,
  batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 100),
  faultHooks: {
    afterPublishBeforeMark: async (ids) => {
      process.stdout.write(`PUBLISHED ${ids.length}\n`);
      await new Promise(() => undefined);
    },
  },
});
relay.start();
