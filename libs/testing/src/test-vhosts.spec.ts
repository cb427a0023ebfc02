import { once, type EventEmitter } from "node:events";
import { Connection } from "rabbitmq-client";
import { rabbitmqVhostExists } from "@emporium/local-servers";
import { startFaultProxy, type FaultProxy } from "./fault-proxy";
import { createTestVhost, testBroker, type TestVhost } from "./test-vhosts";

/** Runs against the jest run's shared test broker (global setup, `{ rabbitmq: true }`). */

const connections: Connection[] = [];
function connect(url: string): Connection {
  // Quick retries: the tests below wait for reconnects, not for back-off.
  const connection = new Connection({ url, retryLow: 20, retryHigh: 200, connectionTimeout: 5_000 });
  connection.on("error", () => undefined);
  connections.push(connection);
  return connection;
}
afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
});

/** Unlike events.once, does not reject when the emitter emits "error" meanwhile. */
const nextEvent = (emitter: EventEmitter, name: string) =>
  new Promise<unknown[]>((resolve) => emitter.once(name, (...args: unknown[]) => resolve(args)));

describe("test vhosts", () => {
  it("isolate: a queue declared in one vhost does not exist in another", async () => {
    const [a, b] = [await createTestVhost("iso"), await createTestVhost("iso")];
    try {
      expect(a.vhost).not.toBe(b.vhost);
      expect(a.vhost).toMatch(/^iso-\d+-[0-9a-f]{8}$/);
      const inA = connect(a.url);
      await inA.queueDeclare({ queue: "orders", durable: true });
      expect((await inA.queueDeclare({ queue: "orders", passive: true })).queue).toBe("orders");
      const inB = connect(b.url);
      await expect(inB.queueDeclare({ queue: "orders", passive: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await a.drop();
      await b.drop();
    }
  });

  it("drop() deletes the vhost, its queues and messages", async () => {
    const vhost = await createTestVhost();
    const { management } = testBroker();
    const connection = connect(vhost.url);
    await connection.queueDeclare({ queue: "gone-with-the-vhost", durable: true });
    expect(await rabbitmqVhostExists(management, vhost.vhost)).toBe(true);
    const closedByBroker = once(connection, "error");
    await vhost.drop();
    expect(await rabbitmqVhostExists(management, vhost.vhost)).toBe(false);
    expect((await closedByBroker)[0]).toMatchObject({ code: "CONNECTION_FORCED" });
    // The vhost no longer exists, so opening a connection to it is refused.
    const [refused] = await once(connect(vhost.url), "error");
    expect(refused).toMatchObject({ code: "NOT_ALLOWED" });
  });
});

describe("fault proxy", () => {
  let vhost: TestVhost;
  let proxy: FaultProxy;
  beforeEach(async () => {
    vhost = await createTestVhost("proxy");
    proxy = await startFaultProxy({ targetPort: testBroker().amqpPort });
  });
  afterEach(async () => {
    await proxy.close();
    await vhost.drop();
  });

  it("cutConnections resets a client's connection, which reconnects through the proxy and works again", async () => {
    const connection = connect(proxy.urlThrough(vhost.url));
    await connection.onConnect(10_000);
    await connection.queueDeclare({ queue: "work", durable: true });
    expect(proxy.openConnections).toBe(1);

    const failed = once(connection, "error");
    const reconnected = nextEvent(connection, "connection");
    proxy.cutConnections();
    const [err] = (await failed) as [NodeJS.ErrnoException];
    expect(err.code).toBe("ECONNRESET");
    await reconnected;

    const publisher = connection.createPublisher({ confirm: true });
    await publisher.send({ routingKey: "work" }, "after the cut");
    await publisher.close();
    expect((await connection.basicGet({ queue: "work", noAck: true }))?.body).toBe("after the cut");
  });

  it("refuseNewConnections keeps a client out until it is switched off", async () => {
    const connection = connect(proxy.urlThrough(vhost.url));
    await connection.onConnect(10_000);
    proxy.refuseNewConnections(true);
    proxy.cutConnections();
    expect(await proxy.nextConnectionAttempt()).toBe("refused");
    expect(connection.ready).toBe(false);
    expect(proxy.openConnections).toBe(0);

    const reconnected = nextEvent(connection, "connection");
    proxy.refuseNewConnections(false);
    await reconnected;
    expect(connection.ready).toBe(true);
    expect(proxy.openConnections).toBe(1);
  });
});
