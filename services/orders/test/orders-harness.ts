import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { createLogger } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { uuidv7 } from "uuidv7";
import { ordersService, type OrdersApp } from "../src/app";
import { loadOrdersConfig } from "../src/config";
import { takeCheckoutNews } from "../src/application/checkout-progress";
import { appendDecision } from "../src/application/order-commands";
import { awaitReadModels } from "../src/application/order-projection-worker";
import { beginCheckout, decideCheckout, type CheckoutSettings } from "../src/domain/checkout";
import { placeOrder, replay } from "../src/domain/order-aggregate";
import type { Order, OrderLine } from "../src/domain/order";
import type { StorePosition } from "../src/application/orders-deps";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
export const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";
/** ada: an admin who is a customer too. */
export const ADA = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0003";

export interface RunningOrders extends ServiceUnderTest<OrdersApp> {
  tokens: { alice: string; bob: string; ada: string };
  client(token?: string): Client<typeof OrdersService>;
}

/** Orders on a fresh copy of its migrated template database, with real tokens for alice, bob and ada (admin). */
export async function startOrders(env: Record<string, string> = {}): Promise<RunningOrders> {
  const svc = await startServiceUnderTest({
    service: "orders",
    migrate: ordersService.migrations.migrate,
    build: (e) => ordersService.build(loadOrdersConfig(e), createLogger("orders", "silent")),
    env: { EMPORIUM_ORDERS_PROJECTION_INTERVAL_MS: "100", ...env },
  });
  const kc = testKeycloak();
  const [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
  return {
    ...svc,
    tokens: { alice, bob, ada },
    client: (token) =>
      createClient(OrdersService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) })),
  };
}

export const eur = (amountMinor: bigint) => ({ currency: "EUR", amountMinor });

export const sampleLines = (): OrderLine[] => [
  { skuId: "sku-mug-blue", productId: "prod-mug", name: "Mug", quantity: 2n, unitPrice: eur(1250n) },
  { skuId: "sku-tee-m", productId: "prod-tee", name: "T-shirt", quantity: 1n, unitPrice: eur(1999n) },
];

/** Appends a placed order straight to the event store (the write side), without its checkout. */
export async function appendPlacedOrder(svc: RunningOrders, customerId: string, orderId = uuidv7()) {
  const shippingAddress = {
    addressId: "addr-1",
    recipient: "Alice A.",
    line1: "1 Main St",
    line2: "",
    postalCode: "10115",
    city: "Berlin",
    countryCode: "DE",
  };
  const events = placeOrder(
    { orderId, customerId, lines: sampleLines(), shippingAddress, shipping: eur(495n) },
    new Date(),
  );
  const position = await svc.app.deps.orders.transaction((tx) =>
    tx.append(orderId, 0, events, { causationId: "test", correlationId: "test" }),
  );
  return { orderId, position };
}

const SPEC_CHECKOUT: CheckoutSettings = { stepTimeoutMs: 600_000, reservationMarginMs: 600_000 };

/** Waits (bounded, 30 s) until the read models show `position`; fails the spec otherwise. */
export async function projected(svc: RunningOrders, position: StorePosition): Promise<void> {
  const deps = { ...svc.app.deps, readYourWritesTimeoutMs: 30_000 };
  if (!(await awaitReadModels(deps, position)))
    throw new Error(`the order projection did not reach ${position.transactionId}/${position.seq} within 30 s`);
}

/** A cancellation's decision (for changeOrder); an order appended by appendPlacedOrder has no step in flight and settles at once. */
export const cancelling = (reason: string) => (order: Order, at: Date) =>
  decideCheckout(order, { kind: "cancel", reason }, at, SPEC_CHECKOUT);

/**
 * What PlaceOrder writes once it has checked the request: the placed order, its placement (payment
 * token, quote) and the checkout's first step with its command, in one transaction.
 */
export async function placeWithCheckout(
  svc: RunningOrders,
  customerId: string,
  placement: { paymentMethodToken?: string; postalCode?: string } = {},
) {
  const orderId = uuidv7();
  const now = new Date();
  const shippingAddress = {
    addressId: "addr-1",
    recipient: "Alice A.",
    line1: "1 Main St",
    line2: "",
    postalCode: placement.postalCode ?? "10115",
    city: "Berlin",
    countryCode: "DE",
  };
  const placed = placeOrder({ orderId, customerId, lines: sampleLines(), shippingAddress, shipping: eur(495n) }, now);
  const checkout = beginCheckout(
    replay(placed.map((event, i) => ({ event, version: i + 1 })))!,
    now,
    svc.app.deps.checkout,
  );
  const events = [...placed, ...checkout.events];
  const order = replay(events.map((event, i) => ({ event, version: i + 1 })))!;
  await svc.app.deps.orders.transaction(async (tx) => {
    await tx.recordPlacement({
      customerId,
      idempotencyKey: uuidv7(),
      orderId,
      requestFingerprint: "spec",
      paymentMethodToken: placement.paymentMethodToken ?? "tok_approve",
      shippingQuoteId: "quote-spec",
      createTime: now,
    });
    await appendDecision(
      tx,
      { requestId: "spec" },
      { order: undefined, version: 0 },
      orderId,
      { events, commands: checkout.commands },
      order,
    );
  });
  return orderId;
}

/** The commands orders recorded for an order, oldest first: type name and correlation id. */
export async function commandsOf(
  svc: RunningOrders,
  orderId: string,
): Promise<Array<{ type: string; payload: Buffer }>> {
  const { rows } = await svc.app.pool.query<{ event_type: string; payload: Buffer }>(
    "SELECT event_type, payload FROM outbox WHERE destination = 'commands' AND aggregate_id = $1 ORDER BY seq",
    [orderId],
  );
  return rows.map((r) => ({ type: r.event_type.slice(r.event_type.lastIndexOf(".") + 1), payload: r.payload }));
}

/**
 * Waits (bounded polling) until the order's read model is in one of `statuses`, and returns it:
 * "settled" is CONFIRMED, CANCELLED or FAILED.
 */
export async function waitForStatus(
  svc: Pick<RunningOrders, "app">,
  orderId: string,
  statuses: readonly Order["status"][],
  timeoutMs = 30_000,
): Promise<Order> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await svc.app.deps.views.byId(orderId);
    if (view && statuses.includes(view.status)) return view;
    if (Date.now() > deadline)
      throw new Error(`order ${orderId} is ${view?.status ?? "not in the read model"}, not ${statuses.join("/")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until `check` holds (bounded polling); its last answer is returned. */
export async function until<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A DELIVERED order of the customer: placed, every step answered with success, the parcel delivered (no broker). */
export async function deliveredOrder(svc: RunningOrders, customerId: string): Promise<string> {
  const orderId = await placeWithCheckout(svc, customerId);
  const ctx = { requestId: "spec" };
  const take = (news: Parameters<typeof takeCheckoutNews>[4]) =>
    takeCheckoutNews(svc.app.deps, svc.app.deps.orders, ctx, orderId, news);
  for (;;) {
    const awaited = (await svc.app.deps.orders.load(orderId)).order!.checkout.awaiting;
    if (!awaited) break;
    await take({ kind: "succeeded", correlationId: awaited.correlationId });
  }
  const outcome = await take({ kind: "parcel", status: "DELIVERED" });
  if ("position" in outcome && outcome.position) await projected(svc, outcome.position);
  return orderId;
}
