import { createHash } from "node:crypto";
import { AppError, requireRole, type FieldViolation, type Money, type Principal } from "@emporium/platform";
import { linePriceChanges, type Cart } from "../domain/cart";
import { beginCheckout } from "../domain/checkout";
import { placeOrder as decidePlacement, replay, subtotalOf } from "../domain/order-aggregate";
import type { OrderEvent } from "../domain/order-events";
import type { Order, OrderLine, ShippingAddress } from "../domain/order";
import { quoteRefusal, type ShippingQuote } from "../domain/shipping-quote";
import type { SkuPrice } from "./carts-deps";
import { appendDecision, type CommandContext } from "./order-commands";
import { awaitReadModels } from "./order-projection-worker";
import type { OrderTransaction, OrdersDeps } from "./orders-deps";

export interface PlaceOrderInput {
  idempotencyKey: string;
  cartVersion: bigint;
  expectedTotal: Money;
  shippingAddressId: string;
  paymentMethodToken: string;
  /** The caller's quote from the shipping service: the order's shipping is its price. */
  shippingQuoteId: string;
}

/** Field names as each transport spells them (snake_case over RPC, camelCase in GraphQL). */
export interface FieldNames {
  idempotencyKey: string;
  cartVersion: string;
  expectedTotal: string;
  shippingAddressId: string;
  shippingQuoteId: string;
  /** The unit price of the cart's i-th line. */
  linePrice(index: number): string;
}

const refused = (message: string, violations: FieldViolation[] = []) =>
  new AppError("FAILED_PRECONDITION", message, violations);

/** The request, as a digest: a retry must send exactly this again. */
const fingerprintOf = (input: PlaceOrderInput) =>
  createHash("sha256")
    .update(
      JSON.stringify([
        input.cartVersion.toString(),
        input.expectedTotal.currency,
        input.expectedTotal.amountMinor.toString(),
        input.shippingAddressId,
        input.paymentMethodToken,
        input.shippingQuoteId,
      ]),
    )
    .digest("base64url");

/**
 * Turns the customer's cart into a PENDING order, once per idempotency key.
 *
 * Outside the transaction (never hold a lock across a network call): the cart as it is, the
 * catalog's prices of its SKUs, the shipping address (read with the caller's own token) and the
 * shipping quote (read as this service). Inside it: the cart is locked, so placements of one
 * customer queue; a placement already made with the key answers the retry (or refuses a different
 * request); the cart must still be the version the customer saw; the quote must be the caller's,
 * unexpired, to the address and in the cart's currency; every price and the total (subtotal plus
 * the quote's price) must be what they saw. A changed price stores the new prices on the cart and
 * commits that, then refuses with `price.changed`. Otherwise OrderPlaced, its PENDING status and
 * the checkout's first step are appended, the first command (reserve the stock) recorded, the
 * placement (with the payment method token, never published) recorded and the cart emptied, all in
 * one commit.
 */
export async function placeOrder(
  deps: OrdersDeps,
  principal: Principal | undefined,
  ctx: CommandContext,
  input: PlaceOrderInput,
  fields: FieldNames,
): Promise<Order> {
  const customer = requireRole(principal, "customer");
  if (customer.kind !== "user") throw new AppError("PERMISSION_DENIED", "orders are placed by people");
  const customerId = customer.subject;
  const fingerprint = fingerprintOf(input);
  const seen = await deps.carts.findCustomerCart(customerId);
  const [prices, address, quote] = await Promise.all([
    deps.catalogPrices.pricesOf((seen?.lines ?? []).map((l) => l.skuId)),
    deps.addresses.addressOf(customer, input.shippingAddressId),
    deps.shippingQuotes.quoteById(input.shippingQuoteId),
  ]);
  const outcome = await deps.orders.transaction((tx) =>
    placeInTransaction(deps, tx, ctx, { customerId, input, fingerprint, seen, prices, address, quote, fields }),
  );
  if (outcome.kind === "priceChanged")
    throw refused("prices changed since you saw your cart; the cart now shows the current prices", outcome.violations);
  if (outcome.kind === "existing") return existingOrder(deps, outcome.orderId);
  // Read your writes: the caller's next query shows the order (bounded; see ADR 0016).
  await awaitReadModels(deps, outcome.position);
  return outcome.placed;
}

/** What placeOrder read before its transaction. */
interface Placing {
  customerId: string;
  input: PlaceOrderInput;
  fingerprint: string;
  /** The cart as it was before it was locked (its prices were read for these SKUs). */
  seen: Cart | undefined;
  prices: Map<string, SkuPrice>;
  address: ShippingAddress | undefined;
  /** The quote of `input.shippingQuoteId`, whoever's it is; undefined when shipping has none. */
  quote: ShippingQuote | undefined;
  fields: FieldNames;
}

/** The decision under the cart's lock: the first order of a key, a repriced cart, or a new order. */
async function placeInTransaction(
  deps: OrdersDeps,
  tx: OrderTransaction,
  ctx: CommandContext,
  { customerId, input, fingerprint, seen, prices, address, quote, fields }: Placing,
) {
  const cart = await tx.lockCart(customerId);
  const previous = await tx.placementByKey(customerId, input.idempotencyKey);
  if (previous) {
    if (previous.requestFingerprint !== fingerprint)
      throw refused(`idempotency key ${input.idempotencyKey} was used for another order request; use a new key`, [
        {
          field: fields.idempotencyKey,
          ruleId: "idempotency_key.reused",
          message: "was used for a different request",
        },
      ]);
    return { kind: "existing", orderId: previous.orderId } as const;
  }
  if (!address)
    throw refused("the shipping address is not one of yours", [
      { field: fields.shippingAddressId, ruleId: "address.exists", message: "is not one of your addresses" },
    ]);
  if (!cart || cart.lines.length === 0) throw refused("your cart is empty: add something before placing an order");
  if (cart.version !== input.cartVersion)
    throw refused(`your cart changed (it is at version ${cart.version}); review it and place the order again`, [
      { field: fields.cartVersion, ruleId: "cart.version", message: `the cart is at version ${cart.version}` },
    ]);
  if (!seen || seen.version !== cart.version)
    throw new AppError("ABORTED", "the cart changed while the order was being placed; retry");
  const now = deps.clock();
  const refusal = quoteRefusal(quote, { customerId, address, currency: cart.currency!, now });
  if (refusal)
    throw refused(`shipping quote ${input.shippingQuoteId} ${refusal.message}`, [
      { field: fields.shippingQuoteId, ...refusal },
    ]);
  const shipping = quote!.price;
  const priceChanges = priceViolations(cart, prices, shipping, input.expectedTotal, fields);
  if (priceChanges.length) {
    await tx.repriceCart(cart.id, prices, now);
    return { kind: "priceChanged", violations: priceChanges } as const;
  }
  const orderId = deps.newId();
  const placement = decidePlacement(
    { orderId, customerId, lines: orderLines(cart), shippingAddress: address, shipping },
    now,
  );
  // The checkout starts in the same commit: its first command exists exactly when the order does.
  const checkout = beginCheckout(replay(versioned(placement))!, now, deps.checkout);
  const events = [...placement, ...checkout.events];
  const placed = replay(versioned(events))!;
  await tx.recordPlacement({
    customerId,
    idempotencyKey: input.idempotencyKey,
    orderId,
    requestFingerprint: fingerprint,
    paymentMethodToken: input.paymentMethodToken,
    shippingQuoteId: input.shippingQuoteId,
    createTime: now,
  });
  const decision = { events, commands: checkout.commands };
  const position = await appendDecision(
    tx,
    ctx,
    { order: undefined, version: 0 },
    orderId,
    decision,
    placed,
    deps.steps,
  );
  await tx.emptyCart(cart.id, now);
  return { kind: "placed", placed, position } as const;
}

/** The first order of a retried key, from the read model (or its stream while the projection catches up). */
async function existingOrder(deps: OrdersDeps, orderId: string): Promise<Order> {
  const view = await deps.views.byId(orderId);
  if (view) return view;
  const { order } = await deps.orders.load(orderId);
  return order!;
}

const versioned = (events: OrderEvent[]) => events.map((event, i) => ({ event, version: i + 1 }));

const orderLines = (cart: Cart): OrderLine[] => cart.lines.map((l) => ({ ...l, quantity: BigInt(l.quantity) }));

/** A violation per line whose price is no longer the catalog's, and one for a total (with shipping) that differs. */
function priceViolations(
  cart: Cart,
  prices: ReadonlyMap<string, SkuPrice>,
  shipping: Money,
  expectedTotal: Money,
  fields: FieldNames,
): FieldViolation[] {
  const violations: FieldViolation[] = linePriceChanges(cart, prices).map((c) => ({
    field: fields.linePrice(cart.lines.findIndex((l) => l.skuId === c.skuId)),
    ruleId: "price.changed",
    message: c.current
      ? `SKU ${c.skuId} now costs ${c.current.amountMinor} ${c.current.currency} (minor units), not ${c.stored.amountMinor}`
      : `SKU ${c.skuId} is no longer sold`,
  }));
  const subtotal = subtotalOf(
    cart.lines.map((l) => ({
      ...l,
      quantity: BigInt(l.quantity),
      unitPrice: prices.get(l.skuId)?.unitPrice ?? l.unitPrice,
    })),
    cart.currency!,
  );
  const current = { currency: subtotal.currency, amountMinor: subtotal.amountMinor + shipping.amountMinor };
  if (current.currency !== expectedTotal.currency || current.amountMinor !== expectedTotal.amountMinor)
    violations.push({
      field: fields.expectedTotal,
      ruleId: "price.changed",
      message: `the total is now ${current.amountMinor} ${current.currency} (minor units)`,
    });
  return violations;
}
