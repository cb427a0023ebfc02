import { existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { Connection } from "rabbitmq-client";
import { isPortFree, rabbitmqListeners } from "@emporium/local-servers";
import { startTestRabbitmq, type TestRabbitmq } from "./rabbitmq-for-tests";

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** A broker of its own (not the run's shared one): these tests stop and restart it. */
describe("throwaway RabbitMQ", () => {
  let broker: TestRabbitmq;
  beforeAll(async () => {
    broker = await startTestRabbitmq();
  }, 180_000);
  afterAll(() => broker?.stop());

  const management = () => ({ url: broker.managementUrl, user: broker.adminUser, password: broker.adminPassword });

  it("listens on 127.0.0.1 only: AMQP, management and Erlang distribution", async () => {
    const listeners = await rabbitmqListeners(management());
    expect(listeners.map((l) => l.protocol).sort()).toEqual(["amqp", "clustering", "http"]);
    expect(listeners.find((l) => l.protocol === "amqp")).toMatchObject({
      ip_address: "127.0.0.1",
      port: broker.amqpPort,
    });
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i?.family === "IPv4" && !i.internal)?.address;
    for (const { port } of listeners) {
      expect(await reachable("127.0.0.1", port)).toBe(true);
      // Machines without a non-loopback interface cannot be reached from outside anyway.
      if (outside) expect(await reachable(outside, port)).toBe(false);
    }
  });

  it("keeps a durable quorum queue and its persistent message across stopServer/startServer", async () => {
    let connection = new Connection({ url: broker.url, retryLow: 20, retryHigh: 200 });
    connection.on("error", () => undefined);
    await connection.queueDeclare({ queue: "orders.durable", durable: true, arguments: { "x-queue-type": "quorum" } });
    const publisher = connection.createPublisher({ confirm: true });
    await publisher.send({ routingKey: "orders.durable", durable: true, messageId: "m-1" }, { orderId: "o-1" });
    await publisher.close();
    await connection.close();

    await broker.stopServer();
    expect(await isPortFree(broker.amqpPort)).toBe(true);
    await broker.startServer();

    connection = new Connection({ url: broker.url });
    try {
      const message = await connection.basicGet({ queue: "orders.durable", noAck: true });
      expect(message).toMatchObject({ messageId: "m-1", body: { orderId: "o-1" } });
    } finally {
      await connection.close();
    }
  }, 120_000);

  it("stop() deletes the broker's directory and frees its ports", async () => {
    await broker.stop();
    expect(existsSync(broker.dir)).toBe(false);
    expect(await isPortFree(broker.amqpPort)).toBe(true);
  }, 60_000);
});
