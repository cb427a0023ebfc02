import { create, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { StockReservationSucceededSchema } from "@emporium/contracts/emporium/inventory/v1/commands_pb";
import {
  CRASH_EXIT_CODE,
  connectToBroker,
  newTraceparent,
  RabbitEventBus,
  type BrokerConnection,
} from "@emporium/platform";
import {
  createTestVhost,
  freePort,
  setFaults,
  startTsProcess,
  testKeycloak,
  waitForHttpOk,
  type RunningProcess,
  type TestVhost,
} from "@emporium/testing";
import pino from "pino";
import { uuidv7 } from "uuidv7";
import { ALICE, commandsOf, placeWithCheckout, startOrders, until, type RunningOrders } from "./orders-harness";

/**
 * `fault.crash-at-step` on a real orders process: set over HTTP while it runs, it ends the process
 * (exit 137) as the saga is about to send that step's command; nothing of the decision commits, and
 * a restarted orders takes the redelivered reply and sends it.
 */
describe("orders crashed at a named saga step", () => {
  let vhost: TestVhost;
  let svc: RunningOrders;
  let connection: BrokerConnection;
  let bus: RabbitEventBus;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    vhost = await createTestVhost("orders-crash");
    // In-process, without a broker: the spec's window on the database the child process uses.
    svc = await startOrders();
    connection = connectToBroker(vhost.url, { name: "orders-crash-spec", logger: pino({ level: "silent" }) });
    bus = new RabbitEventBus(connection);
  }, 120_000);
  afterAll(async () => {
    for (const proc of started) await proc.stop(2_000);
    await bus?.close();
    await connection?.close();
    await svc?.stop();
    await vhost?.drop();
  });

  async function startOrdersProcess(): Promise<{ proc: RunningProcess; httpUrl: string }> {
    const httpPort = await freePort();
    const proc = startTsProcess("services/orders/src/main.ts", {
      EMPORIUM_ORDERS_DATABASE_URL: svc.databaseUrl,
      EMPORIUM_ORDERS_AMQP_URL: vhost.url,
      EMPORIUM_ORDERS_RPC_PORT: String(await freePort()),
      EMPORIUM_ORDERS_HTTP_PORT: String(httpPort),
      EMPORIUM_AUTH_ISSUER: testKeycloak().issuer,
      EMPORIUM_LOG_LEVEL: "warn",
    });
    started.push(proc);
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    await waitForHttpOk(`${httpUrl}/readyz`, proc);
    return { proc, httpUrl };
  }

  async function reply<D extends DescMessage>(schema: D, payload: MessageInitShape<D>) {
    const envelope = {
      id: uuidv7(),
      type: schema.typeName,
      source: "/emporium/spec",
      aggregateId: "spec",
      aggregateVersion: 1n,
      occurredAt: new Date(),
      traceparent: newTraceparent(),
    };
    await bus.publish({ envelope, payload: toBinary(schema, create(schema, payload)) });
  }

  const inboxCount = async () =>
    (await svc.app.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM inbox WHERE consumer = 'orders'")).rows[0]!
      .n;

  it("exits with 137 before authorize-payment is sent, and a restarted orders sends it", async () => {
    const orderId = await placeWithCheckout(svc, ALICE);
    const first = await startOrdersProcess();
    // Its queue is bound once a reply for no order reaches its inbox.
    await until(async () => {
      const probe = uuidv7();
      await reply(StockReservationSucceededSchema, { orderId: probe, correlationId: `${probe}:reserve-stock` });
      await new Promise((r) => setTimeout(r, 200));
      return (await inboxCount()) > 0;
    }, "the orders queue to be consumed");

    await setFaults(first.httpUrl, { "fault.crash-at-step": "authorize-payment" });
    await reply(StockReservationSucceededSchema, {
      orderId,
      correlationId: `${orderId}:reserve-stock`,
      reservationId: "res-1",
    });
    expect(await first.proc.exited).toBe(CRASH_EXIT_CODE);
    expect(first.proc.output()).toMatch(/"msg":"injected crash","step":"authorize-payment"/);
    // Nothing of the decision committed: still waiting for the stock, no payment command.
    expect((await svc.app.deps.orders.load(orderId)).order!.checkout.awaiting).toMatchObject({ step: "reserve-stock" });
    expect((await commandsOf(svc, orderId)).map((c) => c.type)).toEqual(["ReserveStockCommand"]);

    // Restarted without the flag (flags live in the process), the redelivered reply moves the saga on.
    await startOrdersProcess();
    await until(
      async () => (await svc.app.deps.orders.load(orderId)).order!.checkout.awaiting?.step === "authorize-payment",
      "the restarted orders to send authorize-payment",
    );
    expect((await commandsOf(svc, orderId)).map((c) => c.type)).toEqual([
      "ReserveStockCommand",
      "AuthorizePaymentCommand",
    ]);
  });
});
