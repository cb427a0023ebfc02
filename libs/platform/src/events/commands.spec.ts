import { randomUUID } from "node:crypto";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  CapturePaymentCommandSchema,
  PaymentCaptureFailedSchema,
  RefundPaymentCommandSchema,
} from "@emporium/contracts/emporium/payments/v1/commands_pb";
import { PaymentCapturedSchema } from "@emporium/contracts/emporium/payments/v1/events_pb";
import { captureEvents, createTestVhost, sendCommand, type TestVhost } from "@emporium/testing";
import { Registry } from "prom-client";
import { connectToBroker, type BrokerConnection } from "./broker-connection";
import { handleCommand } from "./command-handler";
import { inspectDeadLetters } from "./dead-letters";
import { RabbitEventBus } from "./event-bus";
import { COMMANDS_EXCHANGE, fromAmqpProperties } from "./event-envelope";
import { Messaging } from "./messaging";
import { OutboxRelay } from "./outbox-relay";
import { recordCommand, recordEvent } from "./record-event";
import { commandsExchange } from "./topology";
import {
  count,
  eventually,
  messagingDatabase,
  quietLogger,
  TestEvent,
  type MessagingDatabase,
} from "../../test/messaging-fixtures";

/** Commands (ADR 0017) on a real broker and database: out through the outbox, in through handleCommand. */
describe("commands", () => {
  let db: MessagingDatabase;
  let vhost: TestVhost;
  let connection: BrokerConnection;

  beforeAll(async () => {
    db = await messagingDatabase();
    vhost = await createTestVhost("commands");
    connection = connectToBroker(vhost.url, { name: "commands-spec", logger: quietLogger });
  });
  afterAll(async () => {
    await connection.close();
    await vhost.drop();
    await db.drop();
  });

  const orderId = () => `order-${randomUUID()}`;
  const capture = (order: string, expireAtMs: number) => ({
    orderId: order,
    correlationId: `${order}:capture-payment`,
    expireTime: timestampFromMs(expireAtMs),
  });
  const outboxRow = async (id: string) =>
    (
      await db.pool.query<{ published_at: Date | null; publish_attempts: number; last_error: string | null }>(
        "SELECT published_at, publish_attempts, last_error FROM outbox WHERE id = $1",
        [id],
      )
    ).rows[0];

  it("keeps a command in the outbox until a queue takes it, publishing the events beside it meanwhile", async () => {
    const bus = new RabbitEventBus(connection);
    const relay = new OutboxRelay({
      pool: db.pool,
      bus,
      logger: quietLogger,
      pollIntervalMs: 20,
      backoff: { minMs: 20, maxMs: 100 },
    });
    const order = orderId();
    const client = await db.pool.connect();
    let eventId: string, commandId: string;
    try {
      await client.query("BEGIN");
      eventId = await recordEvent(client, "orders", {
        schema: TestEvent,
        payload: { value: "decided" },
        aggregateId: order,
        aggregateVersion: 3,
      });
      commandId = await recordCommand(client, "orders", {
        schema: CapturePaymentCommandSchema,
        payload: capture(order, Date.now() + 60_000),
        aggregateId: order,
        aggregateVersion: 3,
      });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    relay.start();
    try {
      await eventually(async () => (await outboxRow(eventId))?.published_at != null, "the event is published");
      await eventually(
        async () => ((await outboxRow(commandId))?.publish_attempts ?? 0) >= 2,
        "the relay tried the command twice",
      );
      expect(await outboxRow(commandId)).toMatchObject({
        published_at: null,
        last_error: expect.stringMatching(/no queue takes emporium\.payments\.v1\.CapturePaymentCommand/),
      });

      // The receiver starts: its queue is bound by the command's type name.
      const queue = `payments-${randomUUID().slice(0, 8)}.commands`;
      await connection.exchangeDeclare(commandsExchange());
      await connection.queueDeclare({ queue, exclusive: true });
      await connection.queueBind({
        queue,
        exchange: COMMANDS_EXCHANGE,
        routingKey: CapturePaymentCommandSchema.typeName,
      });
      await eventually(async () => (await outboxRow(commandId))?.published_at != null, "the command is published");
      const msg = await connection.basicGet({ queue });
      expect(fromAmqpProperties({ messageId: msg?.messageId, type: msg?.type, headers: msg?.headers })).toMatchObject({
        id: commandId,
        type: CapturePaymentCommandSchema.typeName,
        source: "/emporium/orders",
        aggregateId: order,
        aggregateVersion: 3n,
      });
      // Only the command went there: the event left on emporium.events.
      expect((await connection.queueDeclare({ queue, passive: true })).messageCount).toBe(0);
    } finally {
      await relay.stop();
      await bus.close();
    }
  });

  it("lets the events recorded after a command no queue takes go out at once", async () => {
    const bus = new RabbitEventBus(connection);
    // Polls hourly and parks an unroutable command for a minute: only a commit wakes it here.
    const relay = new OutboxRelay({
      pool: db.pool,
      bus,
      logger: quietLogger,
      pollIntervalMs: 3_600_000,
      backoff: { minMs: 60_000, maxMs: 60_000 },
    });
    relay.start();
    try {
      const order = orderId();
      const commandId = await recordCommand(db.pool, "orders", {
        schema: RefundPaymentCommandSchema,
        payload: {
          orderId: order,
          correlationId: `${order}:refund:1`,
          expireTime: timestampFromMs(Date.now() + 60_000),
        },
        aggregateId: order,
        aggregateVersion: 7,
      });
      await eventually(() => relay.status.unroutableCommands === 1, "the command waits for a queue");
      const eventId = await recordEvent(db.pool, "orders", {
        schema: TestEvent,
        payload: { value: "after" },
        aggregateId: order,
        aggregateVersion: 8,
      });
      await eventually(async () => (await outboxRow(eventId))?.published_at != null, "the event is published");
      expect((await outboxRow(commandId))?.published_at).toBeNull();
      expect(relay.status.brokerAvailable).toBe(true);
    } finally {
      await relay.stop();
      await bus.close();
    }
  });

  describe("a participant's command queue", () => {
    const service = `payments${randomUUID().slice(0, 6)}`;
    const queue = `${service}.commands`;
    let now = Date.now();
    let messaging: Messaging;
    const registry = new Registry();

    beforeAll(async () => {
      messaging = new Messaging({
        service,
        amqpUrl: vhost.url,
        pool: db.pool,
        logger: quietLogger,
        registry,
        relay: { pollIntervalMs: 20 },
        commands: [
          handleCommand(CapturePaymentCommandSchema, {
            clock: () => new Date(now),
            async handle(command, { tx, envelope }) {
              await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, 'captured')", [
                envelope.id,
                command.orderId,
              ]);
              await recordEvent(tx, service, {
                schema: PaymentCapturedSchema,
                payload: { orderId: command.orderId, correlationId: command.correlationId },
                aggregateId: command.orderId,
                aggregateVersion: 1,
              });
            },
            async expired(command, { tx, envelope }) {
              await tx.query("INSERT INTO effects (message_id, consumer, value) VALUES ($1, $2, 'expired')", [
                envelope.id,
                command.orderId,
              ]);
              await recordEvent(tx, service, {
                schema: PaymentCaptureFailedSchema,
                payload: { orderId: command.orderId, correlationId: command.correlationId, reason: "expired" },
                aggregateId: command.orderId,
                aggregateVersion: 1,
              });
            },
          }),
        ],
      });
      await messaging.start();
    });
    afterAll(() => messaging.close());

    const effectsOf = async (order: string) =>
      (
        await db.pool.query<{ value: string }>("SELECT value FROM effects WHERE consumer = $1 ORDER BY value", [order])
      ).rows.map((r) => r.value);
    const handled = async (outcome: string) =>
      (await registry.getSingleMetric("events_consumed_total")?.get())?.values.find(
        (v) => v.labels.consumer === queue && v.labels.outcome === outcome,
      )?.value ?? 0;

    it("handles a command once even when it is delivered twice, and its reply is published", async () => {
      const replies = await captureEvents(vhost.url, [PaymentCapturedSchema]);
      try {
        const order = orderId();
        const command = {
          schema: CapturePaymentCommandSchema,
          payload: capture(order, now + 60_000),
          aggregateId: order,
        };
        const duplicatesBefore = await handled("duplicate");
        const messageId = await sendCommand(vhost.url, command);
        await sendCommand(vhost.url, { ...command, messageId });
        const reply = await replies.next(PaymentCapturedSchema, (p) => p.orderId === order);
        expect(reply.payload.correlationId).toBe(`${order}:capture-payment`);
        await eventually(async () => (await handled("duplicate")) > duplicatesBefore, "the duplicate is absorbed");
        expect(await effectsOf(order)).toEqual(["captured"]);
      } finally {
        await replies.close();
      }
    });

    it("answers a command taken after its expire_time with `expired` only", async () => {
      const replies = await captureEvents(vhost.url, [PaymentCapturedSchema, PaymentCaptureFailedSchema]);
      try {
        const order = orderId();
        await sendCommand(vhost.url, {
          schema: CapturePaymentCommandSchema,
          payload: capture(order, now - 1),
          aggregateId: order,
        });
        const reply = await replies.next(PaymentCaptureFailedSchema, (p) => p.orderId === order);
        expect(reply.payload.reason).toBe("expired");
        expect(await effectsOf(order)).toEqual(["expired"]);
        expect(replies.events.filter((e) => e.envelope.type === PaymentCapturedSchema.typeName)).toEqual([]);

        // The clock decides, not the machine's: the same deadline is still ahead for a clock before it.
        const later = orderId();
        now -= 10_000;
        await sendCommand(vhost.url, {
          schema: CapturePaymentCommandSchema,
          payload: capture(later, now + 5_000),
          aggregateId: later,
        });
        await replies.next(PaymentCapturedSchema, (p) => p.orderId === later);
        expect(await effectsOf(later)).toEqual(["captured"]);
      } finally {
        await replies.close();
      }
    });

    it("dead-letters a command without expire_time as rejected, changing nothing", async () => {
      const order = orderId();
      const id = await sendCommand(vhost.url, {
        schema: CapturePaymentCommandSchema,
        payload: { orderId: order, correlationId: `${order}:capture-payment` },
        aggregateId: order,
      });
      await eventually(
        async () => (await inspectDeadLetters(connection, queue)).some((l) => l.messageId === id),
        "the command is dead-lettered",
      );
      const letter = (await inspectDeadLetters(connection, queue)).find((l) => l.messageId === id);
      expect(letter).toMatchObject({ reason: "rejected", error: expect.stringMatching(/has no expire_time/) });
      expect(await effectsOf(order)).toEqual([]);
      expect(await count(db.pool, "SELECT count(*)::int AS n FROM inbox WHERE message_id = $1", [id])).toBe(0);
    });
  });

  it("refuses to handle a message that is not a command with an expire_time", () => {
    const noop = { handle: async () => undefined, expired: async () => undefined };
    expect(() => handleCommand(TestEvent, noop)).toThrow(/is not a command/);
  });
});
