import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { createLogger } from "@emporium/platform";
import { startServiceUnderTest, testKeycloak, userToken, withBearer, type ServiceUnderTest } from "@emporium/testing";
import { uuidv7 } from "uuidv7";
import { ordersService, type OrdersApp } from "../src/app";
import { loadOrdersConfig } from "../src/config";
import { decideCheckout, type CheckoutSettings } from "../src/domain/checkout";
import { placeOrder } from "../src/domain/order-aggregate";
import type { Order, OrderLine } from "../src/domain/order";

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

/** Appends a placed order straight to the event store (the write side), as PlaceOrder does. */
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

/** A cancellation's decision (for changeOrder); an order appended by appendPlacedOrder has no step in flight and settles at once. */
export const cancelling = (reason: string) => (order: Order, at: Date) =>
  decideCheckout(order, { kind: "cancel", reason }, at, SPEC_CHECKOUT);
