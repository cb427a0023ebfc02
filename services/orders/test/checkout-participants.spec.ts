import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { OrderRefundState, OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import {
  createTestVhost,
  rpcError,
  startServices,
  withBearer,
  type RunningServices,
  type TestVhost,
} from "@emporium/testing";
import pg from "pg";
import { uuidv7 } from "uuidv7";
import { PgCartRepository } from "../src/db/cart-repository";
import { addLine, type PricedSku } from "../src/domain/cart";
import { ALICE, BOB, commandsOf, startOrders, until, waitForStatus, type RunningOrders } from "./orders-harness";

type Upstream = "catalog" | "customers" | "shipping" | "inventory" | "payments";
const SETTLED = ["CONFIRMED", "CANCELLED", "FAILED"] as const;

/**
 * The whole checkout with its real participants: inventory, payments and shipping as processes
 * on one broker vhost with orders, commands through orders' outbox, replies on emporium.events.
 * Each scenario ends in the right status, with the right commands and stock levels.
 */
describe("the checkout saga with inventory, payments and shipping", () => {
  let vhost: TestVhost;
  let upstream: RunningServices<Upstream>;
  let svc: RunningOrders;
  let sku: PricedSku;
  const WAREHOUSE = "wh-saga";
  const STOCK = 20n;
  const addressOf: Record<string, { berlin: string; nowhere: string }> = {};

  const client = <
    S extends typeof CatalogService | typeof CustomersService | typeof ShippingService | typeof InventoryService,
  >(
    service: S,
    url: string,
    token: string,
  ) => createClient(service, createGrpcTransport({ baseUrl: url, interceptors: withBearer(token) }));
  const tokenOf = (customerId: string) => (customerId === ALICE ? svc.tokens.alice : svc.tokens.bob);
  const inventory = () => client(InventoryService, upstream.services.inventory.rpcUrl, svc.tokens.ada);
  const stock = async () => (await inventory().getAvailability({ skuId: sku.skuId })).availability!;

  beforeAll(async () => {
    vhost = await createTestVhost("saga");
    upstream = await startServices(
      process.env.EMPORIUM_TEST_PG_ADMIN_URL!,
      ["catalog", "customers", "shipping", "inventory", "payments"],
      { amqpUrl: vhost.url, serviceEnv: { EMPORIUM_SHIPPING_CARRIER_INTERVAL_MS: "200" } },
    );
    svc = await startOrders({
      EMPORIUM_ORDERS_AMQP_URL: vhost.url,
      EMPORIUM_CATALOG_RPC_URL: upstream.services.catalog.rpcUrl,
      EMPORIUM_CUSTOMERS_RPC_URL: upstream.services.customers.rpcUrl,
      EMPORIUM_SHIPPING_RPC_URL: upstream.services.shipping.rpcUrl,
    });
    const catalog = client(CatalogService, upstream.services.catalog.rpcUrl, svc.tokens.ada);
    const { product } = await catalog.createProduct({
      name: "Saga mug",
      categoryId: "cat-kitchen",
      skus: [{ code: "SAGA-MUG", name: "Blue", price: { currencyCode: "EUR", amountMinor: 1250n }, weightGrams: 400 }],
    });
    const s = product!.skus[0]!;
    sku = { skuId: s.id, productId: product!.id, name: s.name, unitPrice: { currency: "EUR", amountMinor: 1250n } };
    await inventory().adjustStock({
      skuId: sku.skuId,
      productId: sku.productId,
      warehouseId: WAREHOUSE,
      delta: STOCK,
      reason: "saga spec",
    });
    for (const who of [ALICE, BOB]) {
      const customers = client(CustomersService, upstream.services.customers.rpcUrl, tokenOf(who));
      const add = async (postalCode: string) =>
        (
          await customers.addMyAddress({
            address: { recipient: `R ${who}`, line1: "1 Main St", postalCode, city: "Berlin", countryCode: "DE" },
          })
        ).customer!.addresses.at(-1)!.id;
      // 00000: the test carrier refuses to deliver there.
      addressOf[who] = { berlin: await add("10115"), nowhere: await add("00000") };
    }
  }, 300_000);
  afterAll(async () => {
    await svc?.stop();
    await upstream?.stop();
    await vhost?.drop();
  });

  /** Places an order of `quantity` mugs for the customer through PlaceOrder, as a client would. */
  async function place(customerId: string, quantity: number, opts: { token?: string; postalCode?: string } = {}) {
    const postalCode = opts.postalCode ?? "10115";
    const cartVersion = await new PgCartRepository(svc.app.pool).transaction(async (tx) => {
      const cart = addLine(await tx.customerCart(customerId, uuidv7(), new Date()), sku, quantity);
      await tx.save(cart, new Date());
      return cart.version;
    });
    const shipping = client(ShippingService, upstream.services.shipping.rpcUrl, tokenOf(customerId));
    const { quote } = await shipping.quoteShipping({
      destination: { countryCode: "DE", postalCode },
      lines: [{ skuId: sku.skuId, quantity }],
    });
    const { order } = await svc.client(tokenOf(customerId)).placeOrder({
      idempotencyKey: uuidv7(),
      cartVersion,
      expectedTotal: { currencyCode: "EUR", amountMinor: 1250n * BigInt(quantity) + quote!.price!.amountMinor },
      shippingAddressId: postalCode === "00000" ? addressOf[customerId]!.nowhere : addressOf[customerId]!.berlin,
      paymentMethodToken: opts.token ?? "tok_approve",
      shippingQuoteId: quote!.id,
    });
    expect(order!.status).toBe(OrderStatus.PENDING);
    return order!.id;
  }
  const types = async (orderId: string) => (await commandsOf(svc, orderId)).map((c) => c.type);
  /** Makes shipping's simulated carrier take the order's parcel its next step now. */
  async function carrierStep(orderId: string) {
    const db = new pg.Client({ connectionString: upstream.services.shipping.databaseUrl });
    await db.connect();
    try {
      await db.query("UPDATE shipments SET next_step_time = now() WHERE order_id = $1", [orderId]);
    } finally {
      await db.end();
    }
  }
  /** Nothing of the mug is held any more once a checkout settled. */
  const noneReserved = () => until(async () => (await stock()).reserved === 0n, "no stock reserved");

  it("happy path: reserved, authorised, booked, captured, committed: CONFIRMED, the stock left", async () => {
    const before = await stock();
    const orderId = await place(ALICE, 2);
    const order = await waitForStatus(svc, orderId, SETTLED);
    expect(order).toMatchObject({ status: "CONFIRMED", statusSequence: 2 });
    expect(await types(orderId)).toEqual([
      "ReserveStockCommand",
      "AuthorizePaymentCommand",
      "CreateShipmentCommand",
      "CapturePaymentCommand",
      "CommitReservationCommand",
    ]);
    await noneReserved();
    expect((await stock()).onHand).toBe(before.onHand - 2n);
  });

  it("declined payment (tok_decline): the reservation is released, FAILED, the stock is back", async () => {
    const before = await stock();
    const orderId = await place(BOB, 1, { token: "tok_decline" });
    const order = await waitForStatus(svc, orderId, SETTLED);
    expect(order).toMatchObject({ status: "FAILED", statusReason: expect.stringContaining("declined") });
    expect(await types(orderId)).toEqual([
      "ReserveStockCommand",
      "AuthorizePaymentCommand",
      "ReleaseReservationCommand",
    ]);
    await noneReserved();
    expect((await stock()).available).toBe(before.available);
  });

  it("out of stock: nothing is held, no payment asked for, FAILED", async () => {
    const before = await stock();
    const orderId = await place(ALICE, Number(before.available) + 1);
    const order = await waitForStatus(svc, orderId, SETTLED);
    expect(order).toMatchObject({ status: "FAILED", statusReason: expect.stringContaining("could not be reserved") });
    expect(await types(orderId)).toEqual(["ReserveStockCommand"]);
    expect((await stock()).available).toBe(before.available);
  });

  it("shipment failure (postal code 00000): the authorisation is voided, the reservation released, FAILED", async () => {
    const before = await stock();
    const orderId = await place(BOB, 1, { postalCode: "00000" });
    const order = await waitForStatus(svc, orderId, SETTLED);
    expect(order).toMatchObject({ status: "FAILED", statusReason: expect.stringContaining("shipment") });
    expect(await types(orderId)).toEqual([
      "ReserveStockCommand",
      "AuthorizePaymentCommand",
      "CreateShipmentCommand",
      "VoidPaymentCommand",
      "ReleaseReservationCommand",
    ]);
    await noneReserved();
    expect((await stock()).available).toBe(before.available);
  });

  it("a customer cancels while the payment is being authorised: it is voided, the stock released, CANCELLED", async () => {
    const before = await stock();
    // tok_slow: the provider takes its time, so the authorisation is in flight when the customer cancels.
    const orderId = await place(ALICE, 3, { token: "tok_slow" });
    await until(async () => (await types(orderId)).includes("AuthorizePaymentCommand"), "the authorisation");
    const { order: cancelling } = await svc.client(svc.tokens.alice).cancelOrder({ orderId, reason: "wrong size" });
    expect(cancelling).toMatchObject({ status: OrderStatus.PENDING, cancellation: { reason: "wrong size" } });
    const order = await waitForStatus(svc, orderId, SETTLED);
    expect(order).toMatchObject({ status: "CANCELLED", statusReason: "wrong size" });
    expect(await types(orderId)).toEqual([
      "ReserveStockCommand",
      "AuthorizePaymentCommand",
      "VoidPaymentCommand",
      "ReleaseReservationCommand",
    ]);
    await noneReserved();
    expect((await stock()).available).toBe(before.available);
  });

  it("a customer cancels a CONFIRMED order: parcel cancelled, payment refunded, stock returned, CANCELLED", async () => {
    const before = await stock();
    const orderId = await place(BOB, 2);
    await waitForStatus(svc, orderId, ["CONFIRMED"]);
    expect((await stock()).onHand).toBe(before.onHand - 2n);
    const { order } = await svc.client(svc.tokens.bob).cancelOrder({ orderId, reason: "no longer needed" });
    expect(order!.cancellation!.reason).toBe("no longer needed");
    const cancelled = await waitForStatus(svc, orderId, ["CANCELLED"]);
    expect(cancelled.refundedTotal.amountMinor).toBe(cancelled.total.amountMinor);
    expect((await types(orderId)).slice(5)).toEqual([
      "CancelShipmentCommand",
      "RefundPaymentCommand",
      "ReturnStockCommand",
    ]);
    expect((await stock()).onHand).toBe(before.onHand);
  });

  it("the parcel ships and arrives: SHIPPED, DELIVERED; an admin refunds part of it", async () => {
    const orderId = await place(ALICE, 1);
    await waitForStatus(svc, orderId, ["CONFIRMED"]);
    await carrierStep(orderId);
    await waitForStatus(svc, orderId, ["SHIPPED"]);
    // Shipped orders can no longer be cancelled.
    expect((await rpcError(svc.client(svc.tokens.alice).cancelOrder({ orderId }))).code).toBe(Code.FailedPrecondition);
    await carrierStep(orderId);
    await waitForStatus(svc, orderId, ["DELIVERED"]);
    const admin = svc.client(svc.tokens.ada);
    await admin.refundOrder({ orderId, amount: { currencyCode: "EUR", amountMinor: 500n }, reason: "late" });
    const refunded = await until(async () => {
      const { order } = await admin.getOrder({ id: orderId });
      return order!.refunds[0]?.state === OrderRefundState.REFUNDED && order;
    }, "the refund");
    expect(refunded).toMatchObject({
      status: OrderStatus.DELIVERED,
      statusSequence: 4n,
      refundedTotal: { amountMinor: 500n },
      refunds: [
        expect.objectContaining({
          number: 1,
          reason: "late",
          refunded: expect.objectContaining({ amountMinor: 500n }),
        }),
      ],
    });
    expect((await types(orderId)).at(-1)).toBe("RefundPaymentCommand");
  });
});
