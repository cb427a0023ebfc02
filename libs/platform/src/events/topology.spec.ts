import { randomUUID } from "node:crypto";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { CapturePaymentCommandSchema } from "@emporium/contracts/emporium/payments/v1/commands_pb";
import { migrateLegacyTopology } from "@emporium/local-servers";
import { createTestVhost, testBroker, type TestVhost } from "@emporium/testing";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { handleCommand } from "./command-handler";
import { inspectDeadLetters, replayDeadLetters } from "./dead-letters";
import { RabbitEventBus } from "./event-bus";
import { toAmqpProperties } from "./event-envelope";
import { startEventConsumer, subscribe, type EventConsumer } from "./event-consumer";
import { Messaging } from "./messaging";
import { recordCommand } from "./record-event";
import { consumerQueue, DEAD_LETTER_EXCHANGE, deadLetterQueueName } from "./topology";
import {
  count,
  eventually,
  messagingDatabase,
  quietLogger,
  TestEvent,
  testEvent,
  type MessagingDatabase,
} from "../../test/messaging-fixtures";

/** The exchanges and queues on a real broker: what the broker's per-service permissions rely on. */
describe("broker topology", () => {
  let db: MessagingDatabase;
  let vhost: TestVhost;
  const { management } = testBroker();
  const users: string[] = [];

  beforeAll(async () => {
    db = await messagingDatabase();
    vhost = await createTestVhost("topology");
  });
  afterAll(async () => {
    await vhost.drop();
    for (const user of users) await manage("DELETE", `/users/${encodeURIComponent(user)}`);
    await db.drop();
  });

  async function manage(method: string, path: string, body?: unknown) {
    const res = await fetch(`${management.url}/api${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${management.user}:${management.password}`).toString("base64")}`,
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  }

  /** A broker user that may write to the emporium exchanges and its own queues only: not to the default exchange. */
  async function restrictedUser(service: string): Promise<string> {
    const user = `${vhost.vhost}-${service}`;
    const password = randomUUID();
    users.push(user);
    await manage("PUT", `/users/${encodeURIComponent(user)}`, { password, tags: "" });
    await manage("PUT", `/permissions/${encodeURIComponent(vhost.vhost)}/${encodeURIComponent(user)}`, {
      configure: ".*",
      write: `^(emporium\\.(events|commands|retry|dead-letter)|${service}(\\..*)?)$`,
      read: ".*",
    });
    const url = new URL(vhost.url);
    url.username = encodeURIComponent(user);
    url.password = password;
    return url.toString();
  }

  it("retries, dead-letters, replays and relays commands without ever writing to the default exchange", async () => {
    const service = `svc${randomUUID().slice(0, 8)}`;
    const url = await restrictedUser(service);
    const connection = connectToBroker(url, { name: "restricted", logger: quietLogger });
    const bus = new RabbitEventBus(connection);
    const running: EventConsumer[] = [];
    let messaging: Messaging | undefined;
    try {
      // The user is refused the default exchange, so everything below proves it is not used.
      const channel = await connection.acquire();
      channel.on("error", () => undefined);
      await channel.confirmSelect();
      await expect(channel.basicPublish({ routingKey: service }, "x")).rejects.toThrow(/ACCESS_REFUSED|closed/);

      let fixed = false;
      const tries = new Map<string, number>();
      running.push(
        await startEventConsumer({
          consumer: service,
          connection,
          pool: db.pool,
          logger: quietLogger,
          retryDelaysMs: [20],
          maxAttempts: 2,
          subscriptions: [
            subscribe(TestEvent, async (event, { tx, envelope, attempt }) => {
              tries.set(event.value, attempt);
              if (event.value === "flaky" && attempt === 1) throw new Error("once");
              if (event.value === "poison" && !fixed) throw new Error("always");
              await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, $3)", [
                envelope.id,
                service,
                event.value,
              ]);
            }),
          ],
        }),
      );
      const effects = (value: string) =>
        count(db.pool, "SELECT count(*)::int AS n FROM effects WHERE consumer = $1 AND value = $2", [service, value]);
      await bus.publish(testEvent("flaky"));
      await bus.publish(testEvent("poison"));
      await eventually(async () => (await effects("flaky")) === 1, "the flaky event is applied after a retry");
      expect(tries.get("flaky")).toBe(2);
      await eventually(
        async () => (await inspectDeadLetters(connection, service)).length === 1,
        "the poison event is dead-lettered",
      );
      fixed = true;
      expect(await replayDeadLetters(connection, service)).toHaveLength(1);
      await eventually(async () => (await effects("poison")) === 1, "the replayed event is applied");

      // A command through the outbox and the service's command queue, retried once on the way.
      let commandTries = 0;
      messaging = new Messaging({
        service,
        amqpUrl: url,
        pool: db.pool,
        logger: quietLogger,
        relay: { pollIntervalMs: 20 },
        commands: [
          handleCommand(CapturePaymentCommandSchema, {
            async handle(command, { tx, envelope }) {
              if (++commandTries === 1) throw new Error("once");
              await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, 'command')", [
                envelope.id,
                service,
              ]);
            },
            expired: async () => undefined,
          }),
        ],
      });
      await messaging.start();
      const order = `order-${randomUUID()}`;
      await recordCommand(db.pool, service, {
        schema: CapturePaymentCommandSchema,
        payload: {
          orderId: order,
          correlationId: `${order}:capture`,
          expireTime: timestampFromMs(Date.now() + 60_000),
        },
        aggregateId: order,
        aggregateVersion: 1,
      });
      await eventually(async () => (await effects("command")) === 1, "the command is handled after a retry");
      expect(commandTries).toBe(2);
    } finally {
      await messaging?.close();
      for (const c of running) await c.close();
      await bus.close();
      await connection.close();
    }
  });

  describe("a broker declared before commands existed", () => {
    let legacy: TestVhost;
    let admin: BrokerConnection;
    beforeAll(async () => {
      legacy = await createTestVhost("legacy");
      admin = connectToBroker(legacy.url, { name: "legacy", logger: quietLogger });
    });
    afterAll(async () => {
      await admin.close();
      await legacy.drop();
    });

    it("is migrated: the direct dead-letter exchange and the old retry queues go, their messages reach the consumer", async () => {
      const consumer = `legacy${randomUUID().slice(0, 8)}`;
      // What the previous version declared.
      await admin.exchangeDeclare({ exchange: DEAD_LETTER_EXCHANGE, type: "direct", durable: true });
      await admin.queueDeclare(
        consumerQueue(consumer, { exchange: "emporium.events", deliveryLimit: 10, retryDelaysMs: [] }),
      );
      await admin.queueDeclare({
        queue: deadLetterQueueName(consumer),
        durable: true,
        arguments: { "x-queue-type": "quorum" },
      });
      await admin.queueBind({
        exchange: DEAD_LETTER_EXCHANGE,
        queue: deadLetterQueueName(consumer),
        routingKey: consumer,
      });
      for (const ms of [500, 60_000])
        await admin.queueDeclare({
          queue: `${consumer}.retry.${ms}ms`,
          durable: true,
          arguments: {
            "x-queue-type": "quorum",
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
            "x-message-ttl": ms,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": consumer,
          },
        });
      const parked = testEvent("parked");
      const publisher = admin.createPublisher({ confirm: true });
      await publisher.send(
        { routingKey: `${consumer}.retry.500ms`, ...toAmqpProperties(parked.envelope) },
        Buffer.from(parked.payload),
      );
      await publisher.close();

      const lines: string[] = [];
      const result = await migrateLegacyTopology(management, legacy.vhost, (line) => lines.push(line));
      expect(result).toEqual({
        deadLetterExchangeDeleted: true,
        retryQueuesDeleted: expect.arrayContaining([`${consumer}.retry.500ms`, `${consumer}.retry.60000ms`]),
      });
      expect(lines.join("\n")).toMatch(new RegExp(`${consumer}\\.retry\\.500ms once empty`));
      // The parked message went back to the consumer's queue before its retry queue was deleted.
      expect((await admin.queueDeclare({ queue: consumer, passive: true })).messageCount).toBe(1);
      expect(await migrateLegacyTopology(management, legacy.vhost)).toEqual({
        deadLetterExchangeDeleted: false,
        retryQueuesDeleted: [],
      });

      // The current consumer declares its topology over what is left and takes the message.
      const started = await startEventConsumer({
        consumer,
        connection: admin,
        pool: db.pool,
        logger: quietLogger,
        subscriptions: [
          subscribe(TestEvent, async (event, { tx, envelope }) => {
            await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, $3)", [
              envelope.id,
              consumer,
              event.value,
            ]);
          }),
        ],
      });
      try {
        await eventually(
          async () =>
            (await count(db.pool, "SELECT count(*)::int AS n FROM effects WHERE consumer = $1", [consumer])) === 1,
          "the parked message is processed",
        );
      } finally {
        await started.close();
      }
    });
  });
});
