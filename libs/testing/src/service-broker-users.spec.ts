import { Connection, type AsyncMessage, type Channel } from "rabbitmq-client";
import { SHARED_EXCHANGES } from "@emporium/local-servers";
import type { ServiceName } from "@emporium/registry";
import { createTestVhost, type TestVhost } from "./test-vhosts";

/**
 * Each service is its own broker user, and the broker enforces who may say what (docs/adr/0017):
 * the users `npm start` provisions, here on a fresh vhost of the run's test broker. A refusal closes
 * the channel with ACCESS_REFUSED (reply code 403) and names the resource and the user.
 */

let vhost: TestVhost;
/** The test broker's admin on the vhost: sets up what belongs to no service under test. */
let admin: Connection;
const connections: Connection[] = [];

function connect(url: string): Connection {
  const connection = new Connection({ url, retryLow: 20, retryHigh: 200, connectionTimeout: 5_000 });
  connection.on("error", () => undefined);
  connections.push(connection);
  return connection;
}

const as = async (service: ServiceName) => connect(await vhost.serviceUrl(service));

/** A channel of its own per operation: a refusal closes the channel it happened on. */
async function onChannel<T>(connection: Connection, action: (ch: Channel) => Promise<T>): Promise<T> {
  const ch = await connection.acquire();
  try {
    return await action(ch);
  } finally {
    if (ch.active) await ch.close();
  }
}

/** Publishes with publisher confirms: resolves when the broker took the message, rejects with its refusal. */
const publish = (connection: Connection, exchange: string, routingKey: string) =>
  onChannel(connection, async (ch) => {
    await ch.confirmSelect();
    await ch.basicPublish({ exchange, routingKey, durable: true }, Buffer.from("{}"));
  });

const refused = (reason: RegExp) => ({ code: "ACCESS_REFUSED", message: expect.stringMatching(reason) });

/** The next message on `queue`, consumed as the connection's user (bounded wait). */
function nextMessage(connection: Connection, queue: string): Promise<AsyncMessage> {
  return onChannel(connection, async (ch) => {
    const received = new Promise<AsyncMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message on ${queue} within 20 s`)), 20_000);
      void ch.basicConsume({ queue, noAck: true }, (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    });
    return received;
  });
}

beforeAll(async () => {
  vhost = await createTestVhost("broker-users");
  // The shared exchanges as the services declare them (all topic exchanges).
  admin = new Connection(vhost.url);
  for (const exchange of Object.values(SHARED_EXCHANGES))
    await admin.exchangeDeclare({ exchange, type: "topic", durable: true });
});
afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await admin?.close();
  await vhost?.drop();
});

describe("a service that sends no commands (catalog)", () => {
  it("is refused publishing to emporium.commands, whatever the key", async () => {
    const catalog = await as("catalog");
    await expect(
      publish(catalog, SHARED_EXCHANGES.commands, "emporium.payments.v1.AuthorizePaymentCommand"),
    ).rejects.toMatchObject(refused(/access to exchange 'emporium\.commands' in vhost .* refused for user/));
  });

  it("is refused the default exchange, which would deliver to payments' command queue by its name", async () => {
    const catalog = await as("catalog");
    await expect(publish(catalog, "", "payments.commands")).rejects.toMatchObject(
      refused(/access to exchange 'amq\.default' in vhost .* refused/),
    );
  });

  it("is refused parking a message in another service's retry queue, and may park in its own", async () => {
    const catalog = await as("catalog");
    await expect(publish(catalog, SHARED_EXCHANGES.retry, "payments.commands.retry.1000ms")).rejects.toMatchObject(
      refused(/access to topic 'payments\.commands\.retry\.1000ms' in exchange 'emporium\.retry'/),
    );
    await expect(publish(catalog, SHARED_EXCHANGES.retry, "catalog.retry.1000ms")).resolves.toBeUndefined();
  });

  it("is refused listening in on another service's commands", async () => {
    const catalog = await as("catalog");
    await onChannel(catalog, (ch) => ch.queueDeclare({ queue: "catalog.eavesdrop", exclusive: true }));
    await expect(
      onChannel(catalog, (ch) =>
        ch.queueBind({
          queue: "catalog.eavesdrop",
          exchange: SHARED_EXCHANGES.commands,
          routingKey: "emporium.payments.v1.AuthorizePaymentCommand",
        }),
      ),
    ).rejects.toMatchObject(refused(/access to topic 'emporium\.payments\.v1\.AuthorizePaymentCommand'/));
  });
});

describe("orders, the saga's orchestrator", () => {
  it("sends a participant's command, which reaches the participant's queue", async () => {
    const payments = await as("payments");
    const command = "emporium.payments.v1.AuthorizePaymentCommand";
    await onChannel(payments, async (ch) => {
      await ch.queueDeclare({ queue: "payments.commands", durable: true, arguments: { "x-queue-type": "quorum" } });
      await ch.queueBind({ queue: "payments.commands", exchange: SHARED_EXCHANGES.commands, routingKey: command });
    });
    const received = nextMessage(payments, "payments.commands");
    await expect(publish(await as("orders"), SHARED_EXCHANGES.commands, command)).resolves.toBeUndefined();
    expect((await received).routingKey).toBe(command);
  });

  it("is refused commands for services it does not command, and keys that are not commands", async () => {
    const orders = await as("orders");
    for (const key of ["emporium.catalog.v1.DeleteProductCommand", "emporium.payments.v1.PaymentAuthorized"])
      await expect(publish(orders, SHARED_EXCHANGES.commands, key)).rejects.toMatchObject(
        refused(new RegExp(`access to topic '${key.replace(/\./g, "\\.")}' in exchange 'emporium\\.commands'`)),
      );
  });
});

describe("events", () => {
  it("a service publishes its own event types and is refused another service's", async () => {
    const payments = await as("payments");
    await expect(
      publish(payments, SHARED_EXCHANGES.events, "emporium.payments.v1.PaymentAuthorized"),
    ).resolves.toBeUndefined();
    for (const key of ["emporium.inventory.v1.StockReserved", "emporium.orders.v1.OrderPlaced"])
      await expect(publish(payments, SHARED_EXCHANGES.events, key)).rejects.toMatchObject(
        refused(new RegExp(`access to topic '${key.replace(/\./g, "\\.")}' in exchange 'emporium\\.events'`)),
      );
  });
});

describe("queues", () => {
  it("a service declares its queues with their dead-letter and retry wiring, binds and consumes them", async () => {
    const inventory = await as("inventory");
    const queue = "inventory.commands";
    await onChannel(inventory, async (ch) => {
      for (const exchange of Object.values(SHARED_EXCHANGES))
        await ch.exchangeDeclare({ exchange, type: "topic", durable: true });
      const quorum = {
        "x-queue-type": "quorum",
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
      } as const;
      await ch.queueDeclare({
        queue,
        durable: true,
        arguments: {
          ...quorum,
          "x-dead-letter-exchange": SHARED_EXCHANGES.deadLetter,
          "x-dead-letter-routing-key": queue,
        },
      });
      await ch.queueDeclare({ queue: `${queue}.dead-letter`, durable: true, arguments: { "x-queue-type": "quorum" } });
      await ch.queueBind({ queue: `${queue}.dead-letter`, exchange: SHARED_EXCHANGES.deadLetter, routingKey: queue });
      // A retry queue's expired messages go back through emporium.retry with the queue's name as key.
      await ch.queueDeclare({
        queue: `${queue}.retry.50ms`,
        durable: true,
        arguments: {
          ...quorum,
          "x-message-ttl": 50,
          "x-dead-letter-exchange": SHARED_EXCHANGES.retry,
          "x-dead-letter-routing-key": queue,
        },
      });
      await ch.queueBind({
        queue: `${queue}.retry.50ms`,
        exchange: SHARED_EXCHANGES.retry,
        routingKey: `${queue}.retry.50ms`,
      });
      await ch.queueBind({ queue, exchange: SHARED_EXCHANGES.retry, routingKey: queue });
      await ch.queueBind({ queue, exchange: SHARED_EXCHANGES.events, routingKey: "emporium.orders.v1.OrderPlaced" });
    });

    // Parked for a retry, the message expires back into the queue: dead-lettering needs no topic right.
    const retried = nextMessage(inventory, queue);
    await publish(inventory, SHARED_EXCHANGES.retry, `${queue}.retry.50ms`);
    expect((await retried).routingKey).toBe(queue);
    // Rejected without requeue, it lands in the queue's dead-letter queue.
    await publish(inventory, SHARED_EXCHANGES.retry, queue);
    await onChannel(inventory, async (ch) => {
      const msg = await ch.basicGet({ queue });
      expect(msg).toBeDefined();
      ch.basicNack({ deliveryTag: msg!.deliveryTag, requeue: false });
    });
    expect((await nextMessage(inventory, `${queue}.dead-letter`)).routingKey).toBe(queue);
  });

  it("a service is refused declaring, consuming or binding another service's queue", async () => {
    const payments = await as("payments");
    await onChannel(admin, (ch) => ch.queueDeclare({ queue: "orders", durable: true }));
    await expect(
      onChannel(payments, (ch) => ch.queueDeclare({ queue: "orders.events", durable: true })),
    ).rejects.toMatchObject(refused(/access to queue 'orders\.events' in vhost .* refused for user/));
    await expect(onChannel(payments, (ch) => ch.basicGet({ queue: "orders" }))).rejects.toMatchObject(
      refused(/access to queue 'orders' in vhost .* refused/),
    );
    await expect(
      onChannel(payments, (ch) =>
        ch.queueBind({
          queue: "orders",
          exchange: SHARED_EXCHANGES.events,
          routingKey: "emporium.payments.v1.PaymentAuthorized",
        }),
      ),
    ).rejects.toMatchObject(refused(/access to queue 'orders' in vhost .* refused/));
  });

  it("a service may not point its queue's dead letters at the default exchange", async () => {
    const shipping = await as("shipping");
    await expect(
      onChannel(shipping, (ch) =>
        ch.queueDeclare({
          queue: "shipping.retry.1000ms",
          durable: true,
          arguments: { "x-message-ttl": 1000, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "payments" },
        }),
      ),
    ).rejects.toMatchObject(refused(/access to exchange 'amq\.default' in vhost .* refused/));
  });
});

describe("a BFF (bff-web), which only listens", () => {
  const asBff = async () => connect(await vhost.bffUrl("bff-web"));
  const liveQueue = (suffix: string) => ({
    queue: `bff-web.live.${suffix}`,
    exclusive: true,
    autoDelete: true,
    arguments: { "x-queue-type": "classic" as const },
  });

  it("declares emporium.events and its live queue, binds any event type and consumes it", async () => {
    const bff = await asBff();
    const type = "emporium.orders.v1.OrderStatusChanged";
    await onChannel(bff, async (ch) => {
      await ch.exchangeDeclare({ exchange: SHARED_EXCHANGES.events, type: "topic", durable: true });
      await ch.queueDeclare(liveQueue("a1"));
    });
    // The exclusive queue lives as long as the connection, not the channel: consume on another one.
    await onChannel(bff, (ch) =>
      ch.queueBind({ queue: "bff-web.live.a1", exchange: SHARED_EXCHANGES.events, routingKey: type }),
    );
    const received = nextMessage(bff, "bff-web.live.a1");
    await publish(await as("orders"), SHARED_EXCHANGES.events, type);
    expect((await received).routingKey).toBe(type);
  });

  it("is refused publishing, to emporium.events or anywhere else", async () => {
    const bff = await asBff();
    await expect(publish(bff, SHARED_EXCHANGES.events, "emporium.orders.v1.OrderStatusChanged")).rejects.toMatchObject(
      refused(/access to exchange 'emporium\.events' in vhost .* refused for user/),
    );
    await expect(publish(bff, "", "bff-web.live.a1")).rejects.toMatchObject(refused(/exchange 'amq\.default'/));
  });

  it("is refused consuming or binding a service's queue, and queues not named like its live queues", async () => {
    const bff = await asBff();
    await onChannel(admin, (ch) => ch.queueDeclare({ queue: "orders", durable: true }));
    await expect(onChannel(bff, (ch) => ch.basicGet({ queue: "orders" }))).rejects.toMatchObject(
      refused(/access to queue 'orders' in vhost .* refused/),
    );
    await expect(
      onChannel(bff, (ch) =>
        ch.queueBind({
          queue: "orders",
          exchange: SHARED_EXCHANGES.events,
          routingKey: "emporium.orders.v1.OrderPlaced",
        }),
      ),
    ).rejects.toMatchObject(refused(/access to queue 'orders' in vhost .* refused/));
    for (const queue of ["bff-web.other", "bff-mobile.live.a1"])
      await expect(onChannel(bff, (ch) => ch.queueDeclare({ queue, exclusive: true }))).rejects.toMatchObject(
        refused(new RegExp(`access to queue '${queue.replace(/\./g, "\\.")}' in vhost .* refused`)),
      );
  });

  it("is refused binding its queue to commands, retries or dead letters", async () => {
    const bff = await asBff();
    await onChannel(bff, (ch) => ch.queueDeclare(liveQueue("b2")));
    const keys = {
      [SHARED_EXCHANGES.commands]: "emporium.payments.v1.AuthorizePaymentCommand",
      [SHARED_EXCHANGES.retry]: "payments.commands",
      [SHARED_EXCHANGES.deadLetter]: "payments.commands",
    };
    for (const [exchange, routingKey] of Object.entries(keys))
      await expect(
        onChannel(bff, (ch) => ch.queueBind({ queue: "bff-web.live.b2", exchange, routingKey })),
      ).rejects.toMatchObject(refused(new RegExp(`access to exchange '${exchange.replace(/\./g, "\\.")}' in vhost`)));
  });
});

describe("test vhosts", () => {
  it("drop() deletes the services' users with the vhost", async () => {
    const other = await createTestVhost("broker-users-drop");
    const url = await other.serviceUrl("reviews");
    expect(new URL(url).username).toBe(encodeURIComponent(`${other.vhost}.reviews`));
    await onChannel(connect(url), (ch) => ch.queueDeclare({ queue: "reviews.probe", exclusive: true }));
    await other.drop();
    const gone = connect(url);
    const [err] = await new Promise<unknown[]>((resolve) => gone.once("error", (...args: unknown[]) => resolve(args)));
    expect(err).toMatchObject({ code: expect.stringMatching(/ACCESS_REFUSED|NOT_ALLOWED/) });
  });
});
