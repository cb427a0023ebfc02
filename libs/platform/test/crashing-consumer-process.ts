/**
 * An event consumer in a process of its own, for the delivery-limit test: its handler records an
 * effect per message, except for the value "poison", on which it prints "POISON" and kills its own
 * process with SIGKILL (no thrown error, no ack, no retry: what an out-of-memory crash looks like).
 * It prints "READY" once consuming has begun.
 *
 * CONSUMER_MODULE may name another copy of event-consumer.ts (a deliberately broken variant).
 */
import { StringValueSchema as TestEvent } from "@bufbuild/protobuf/wkt";
import path from "node:path";
import pino from "pino";
import { createPool } from "../src/db/create-pool";
import type * as EventConsumerModule from "../src/events/event-consumer";

const quietLogger = pino({ level: process.env.EMPORIUM_TEST_LOG_LEVEL ?? "silent" });

async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const modulePath = process.env.CONSUMER_MODULE ?? path.join(__dirname, "../src/events/event-consumer.ts");
  const { startEventConsumer, subscribe } = (await import(modulePath)) as typeof EventConsumerModule;
  const name = env("CONSUMER_NAME");
  const pool = createPool(env("CONSUMER_DATABASE_URL"), { logger: quietLogger, statementTimeoutMs: 30_000 });
  await startEventConsumer({
    consumer: name,
    amqpUrl: env("CONSUMER_AMQP_URL"),
    pool,
    logger: quietLogger,
    deliveryLimit: Number(env("CONSUMER_DELIVERY_LIMIT")),
    // One message in flight: only the poison is unacked when the process dies, so only it is counted.
    concurrency: 1,
    prefetch: Number(process.env.CONSUMER_PREFETCH ?? 1),
    subscriptions: [
      subscribe(TestEvent, async (event, { tx, envelope }) => {
        if (event.value === "poison") {
          await new Promise<void>((resolve) => process.stdout.write("POISON\n", () => resolve()));
          process.kill(process.pid, "SIGKILL");
          await new Promise(() => undefined);
        }
        await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, $3)", [
          envelope.id,
          name,
          event.value,
        ]);
      }),
    ],
  });
  process.stdout.write("READY\n");
}

main().catch((err: Error) => {
  process.stderr.write(`crashing consumer failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
