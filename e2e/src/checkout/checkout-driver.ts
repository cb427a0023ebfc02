import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { CartService } from "@emporium/contracts/emporium/orders/v1/cart_service_pb";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { withBearer } from "@emporium/testing";
import pg from "pg";

/** The services a checkout touches, as a test platform or a local stack exposes them. */
export interface CheckoutServices {
  catalog: { rpcUrl: string };
  customers: { rpcUrl: string };
  inventory: { rpcUrl: string };
  orders: { rpcUrl: string; databaseUrl: string };
  shipping: { rpcUrl: string };
}

/** A customer ready to check out: a fresh token when asked, and an address to ship to. */
export interface Shopper {
  name: string;
  token(): Promise<string>;
  addressId: string;
}

/** Tokens live minutes; a run lasts longer. Each is fetched again once it is a minute old. */
function freshTokens(fetch: () => Promise<string>): () => Promise<string> {
  let cached: { token: Promise<string>; at: number } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > 60_000) cached = { token: fetch(), at: Date.now() };
    return cached.token;
  };
}

/** Two SKUs of one product made for the run, with plenty of stock in inventory. */
export interface CheckoutStock {
  skuIds: [string, string];
  /** Units of each SKU on hand when the run began. */
  initialOnHand: bigint;
}

/** Where the saga leaves an order; a confirmed one may have moved on with its parcel already. */
export const CONFIRMED_OR_LATER = new Set(["CONFIRMED", "SHIPPED", "DELIVERED"]);
const SETTLED = new Set([...CONFIRMED_OR_LATER, "CANCELLED", "FAILED"]);
const BERLIN = { countryCode: "DE", postalCode: "10115" };

function client<S extends Parameters<typeof createClient>[0]>(service: S, url: string, token: string): Client<S> {
  return createClient(service, createGrpcTransport({ baseUrl: url, interceptors: withBearer(token) }));
}

/** Gives each shopper (a user name and how to get their token) an address in Berlin, where the quotes go. */
export async function prepareShoppers(
  services: CheckoutServices,
  names: readonly string[],
  tokenOf: (name: string) => Promise<string>,
): Promise<Shopper[]> {
  return Promise.all(
    names.map(async (name) => {
      const token = freshTokens(() => tokenOf(name));
      const customers = client(CustomersService, services.customers.rpcUrl, await token());
      const added = await customers.addMyAddress({
        address: { recipient: `Checkout ${name}`, line1: "1 Main St", ...BERLIN, city: "Berlin" },
      });
      return { name, token, addressId: added.customer!.addresses.at(-1)!.id };
    }),
  );
}

/** A product with two SKUs, `onHand` of each in one warehouse (made by an admin). */
export async function prepareStock(
  services: CheckoutServices,
  adminToken: string,
  onHand: bigint,
): Promise<CheckoutStock> {
  const catalog = client(CatalogService, services.catalog.rpcUrl, adminToken);
  const { product } = await catalog.createProduct({
    name: `Checkout run ${Date.now()}`,
    categoryId: "cat-kitchen",
    skus: ["A", "B"].map((code) => ({
      code: `CHK-${Date.now()}-${code}`,
      name: code,
      price: { currencyCode: "EUR", amountMinor: 990n },
      weightGrams: 300,
    })),
  });
  const skuIds = product!.skus.map((s) => s.id) as [string, string];
  const inventory = client(InventoryService, services.inventory.rpcUrl, adminToken);
  for (const skuId of skuIds)
    await inventory.adjustStock({
      skuId,
      productId: product!.id,
      warehouseId: "wh-checkout",
      delta: onHand,
      reason: "checkout run",
    });
  return { skuIds, initialOnHand: onHand };
}

/**
 * One checkout as a client makes it: two cart adds, a shipping quote, then placeOrder with a key
 * of its own. While orders is away (killed, restarting) every call is retried, placeOrder with the
 * same key and request, so a retry never makes a second order. Returns the order id.
 * `onCall` hears how every call went (undefined: it succeeded), retried failures included: what a
 * client sees of an outage.
 */
export async function checkout(
  services: CheckoutServices,
  shopper: Shopper,
  stock: CheckoutStock,
  key: string,
  paymentMethodToken = "tok_approve",
  onCall: (failure?: ConnectError) => void = () => undefined,
): Promise<string> {
  const token = await shopper.token();
  const carts = client(CartService, services.orders.rpcUrl, token);
  const orders = client(OrdersService, services.orders.rpcUrl, token);
  const shipping = client(ShippingService, services.shipping.rpcUrl, token);
  const [a, b] = stock.skuIds;
  const whileUnavailable = <T>(call: () => Promise<T>) => retryWhileUnavailable(call, onCall);
  await whileUnavailable(() => carts.addCartLine({ skuId: a, quantity: 1 }));
  const { cart } = await whileUnavailable(() => carts.addCartLine({ skuId: b, quantity: 1 }));
  const lines = cart!.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
  const { quote } = await whileUnavailable(() => shipping.quoteShipping({ destination: BERLIN, lines }));
  const request = {
    idempotencyKey: key,
    cartVersion: cart!.version,
    expectedTotal: { currencyCode: "EUR", amountMinor: cart!.subtotal!.amountMinor + quote!.price!.amountMinor },
    shippingAddressId: shopper.addressId,
    paymentMethodToken,
    shippingQuoteId: quote!.id,
  };
  // The same request again after a lost answer is the same order (the key's first placement).
  const { order } = await whileUnavailable(() => orders.placeOrder(request));
  return order!.id;
}

/** Answers a retry cannot change; anything else (a cut connection, a restart) is worth another try. */
const FINAL = new Set([
  Code.InvalidArgument,
  Code.FailedPrecondition,
  Code.NotFound,
  Code.PermissionDenied,
  Code.Unauthenticated,
  Code.AlreadyExists,
]);

/** Runs `call` again while it fails in a way a retry may mend (the service is away or restarting). */
function retryWhileUnavailable<T>(call: () => Promise<T>, onCall: (failure?: ConnectError) => void): Promise<T> {
  return retryWhile(call, (err) => !FINAL.has(err.code), 120_000, onCall);
}

async function retryWhile<T>(
  call: () => Promise<T>,
  retryable: (err: ConnectError) => boolean,
  forMs: number,
  onCall: (failure?: ConnectError) => void = () => undefined,
): Promise<T> {
  const until = Date.now() + forMs;
  for (;;) {
    try {
      const answer = await call();
      onCall();
      return answer;
    } catch (err) {
      const e = ConnectError.from(err);
      onCall(e);
      if (!retryable(e) || Date.now() > until) throw e;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Each order's status as its read model shows it. */
export async function orderStatuses(ordersDatabaseUrl: string, orderIds: readonly string[]) {
  const db = new pg.Client({ connectionString: ordersDatabaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ order_id: string; status: string; status_reason: string }>(
      "SELECT order_id, status, status_reason FROM order_views WHERE order_id = ANY($1)",
      [orderIds],
    );
    return new Map(rows.map((r) => [r.order_id, { status: r.status, reason: r.status_reason }]));
  } finally {
    await db.end();
  }
}

/** Whether the saga is done with an order (confirmed or later, CANCELLED or FAILED). */
export const isSettled = (status: string | undefined): boolean => SETTLED.has(status ?? "");

/**
 * Polls until every order is settled or `timeoutMs` passed; returns the statuses as they are then
 * (an id missing from the map has no order at all).
 */
export async function statusesOnceSettled(ordersDatabaseUrl: string, orderIds: readonly string[], timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const statuses: Map<string, { status: string; reason: string }> = await orderStatuses(
      ordersDatabaseUrl,
      orderIds,
    ).catch(() => new Map());
    if (orderIds.every((id) => isSettled(statuses.get(id)?.status)) || Date.now() > until) return statuses;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until every order is settled (confirmed or later, CANCELLED or FAILED); returns their statuses. */
export async function waitUntilSettled(ordersDatabaseUrl: string, orderIds: readonly string[], timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await orderStatuses(ordersDatabaseUrl, orderIds).catch(() => new Map());
    const unsettled = orderIds.filter((id) => !isSettled(statuses.get(id)?.status));
    if (unsettled.length === 0) return statuses as Map<string, { status: string; reason: string }>;
    if (Date.now() > until)
      throw new Error(
        `${unsettled.length} of ${orderIds.length} orders did not settle within ${timeoutMs} ms, e.g. ` +
          unsettled
            .slice(0, 3)
            .map((id) => `${id}: ${statuses.get(id)?.status ?? "no read model"}`)
            .join(", "),
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
