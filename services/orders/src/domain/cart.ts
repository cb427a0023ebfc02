import { AppError, type FieldViolation, type Money } from "@emporium/platform";

/** At most this many of one SKU in a cart. */
export const MAX_LINE_QUANTITY = 99;
/** At most this many different SKUs in a cart. */
export const MAX_CART_LINES = 50;

/** One SKU in a cart, with the catalog's name and price as they were when the cart last read them. */
export interface CartLine {
  skuId: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

/** What the catalog says about a SKU: a line without its quantity. */
export type PricedSku = Omit<CartLine, "quantity">;

/**
 * A customer's cart (`customerId` set) or a guest's (reached by its cart token). `version` counts
 * changes: a new cart is at 0 and every change adds 1. `currency` is its lines' currency, undefined
 * while the cart is empty: one cart holds one currency.
 */
export interface Cart {
  id: string;
  customerId?: string;
  version: bigint;
  currency?: string;
  lines: readonly CartLine[];
  updateTime: Date;
}

/** A refusal that depends on what the cart already holds, not on the request alone. */
const refused = (field: string, ruleId: string, message: string) =>
  new AppError("FAILED_PRECONDITION", message, [{ field, ruleId, message }] satisfies FieldViolation[]);

const changed = (cart: Cart, lines: readonly CartLine[]): Cart => ({
  ...cart,
  lines,
  version: cart.version + 1n,
  currency: lines[0]?.unitPrice.currency,
});

/**
 * Adds `quantity` of a SKU: a new line, or more of an existing one (whose name and price are then
 * the catalog's current ones). Refuses a line above MAX_LINE_QUANTITY, a line beyond MAX_CART_LINES
 * and a second currency.
 */
export function addLine(cart: Cart, sku: PricedSku, quantity: number): Cart {
  if (cart.currency && sku.unitPrice.currency !== cart.currency)
    throw refused(
      "sku_id",
      "cart.single_currency",
      `SKU ${sku.skuId} is priced in ${sku.unitPrice.currency} but this cart holds ${cart.currency}; one cart holds one currency`,
    );
  const existing = cart.lines.find((l) => l.skuId === sku.skuId);
  if (existing) {
    const total = existing.quantity + quantity;
    if (total > MAX_LINE_QUANTITY)
      throw refused(
        "quantity",
        "cart.line_quantity_max",
        `the cart already holds ${existing.quantity} of SKU ${sku.skuId}; at most ${MAX_LINE_QUANTITY} fit in one line`,
      );
    return changed(
      cart,
      cart.lines.map((l) => (l === existing ? { ...sku, quantity: total } : l)),
    );
  }
  if (cart.lines.length >= MAX_CART_LINES)
    throw refused("sku_id", "cart.max_lines", `the cart is full: at most ${MAX_CART_LINES} different SKUs`);
  return changed(cart, [...cart.lines, { ...sku, quantity }]);
}

/** Sets a line's quantity; NOT_FOUND when the cart has no line for the SKU. Unchanged: no new version. */
export function setLineQuantity(cart: Cart, skuId: string, quantity: number): Cart {
  const existing = cart.lines.find((l) => l.skuId === skuId);
  if (!existing) throw new AppError("NOT_FOUND", `the cart has no line for SKU ${JSON.stringify(skuId)}`);
  if (existing.quantity === quantity) return cart;
  return changed(
    cart,
    cart.lines.map((l) => (l === existing ? { ...l, quantity } : l)),
  );
}

/** Removes a SKU's line. Removing a line that is not there changes nothing (a retry is harmless). */
export function removeLine(cart: Cart, skuId: string): Cart {
  const lines = cart.lines.filter((l) => l.skuId !== skuId);
  return lines.length === cart.lines.length ? cart : changed(cart, lines);
}

/**
 * The guest's lines moved into the customer's cart: the same SKU's quantities added and capped at
 * MAX_LINE_QUANTITY (the customer's line keeps its name and price), other lines appended in the
 * guest's order. One new version, even for an empty guest cart (the merge happened). Refused, with
 * nothing changed, when the result would mix currencies or exceed MAX_CART_LINES.
 */
export function mergeCarts(customer: Cart, guest: Cart): Cart {
  if (customer.currency && guest.currency && customer.currency !== guest.currency)
    throw refused(
      "cart_token",
      "cart.single_currency",
      `the guest cart holds ${guest.currency} but yours holds ${customer.currency}; one cart holds one currency`,
    );
  const lines = [...customer.lines];
  for (const g of guest.lines) {
    const i = lines.findIndex((l) => l.skuId === g.skuId);
    if (i >= 0) lines[i] = { ...lines[i]!, quantity: Math.min(MAX_LINE_QUANTITY, lines[i]!.quantity + g.quantity) };
    else lines.push(g);
  }
  if (lines.length > MAX_CART_LINES)
    throw refused(
      "cart_token",
      "cart.max_lines",
      `together the carts hold ${lines.length} different SKUs, more than ${MAX_CART_LINES}; remove some and merge again`,
    );
  return changed(customer, lines);
}

/** A line whose stored price is no longer the catalog's, or whose SKU the catalog no longer has. */
export interface LinePriceChange {
  skuId: string;
  stored: Money;
  /** Undefined when the catalog no longer has the SKU. */
  current?: Money;
}

/** The lines whose stored price differs from `prices` (SKU id → what the catalog says now). */
export function linePriceChanges(cart: Cart, prices: ReadonlyMap<string, PricedSku>): LinePriceChange[] {
  return cart.lines.flatMap((l) => {
    const current = prices.get(l.skuId)?.unitPrice;
    const same =
      current && current.currency === l.unitPrice.currency && current.amountMinor === l.unitPrice.amountMinor;
    return same ? [] : [{ skuId: l.skuId, stored: l.unitPrice, current }];
  });
}

/** The lines with the catalog's current name and price; lines of SKUs it no longer has are kept as they were. */
export function repriceLines(cart: Cart, prices: ReadonlyMap<string, PricedSku>): CartLine[] {
  return cart.lines.map((l) => {
    const p = prices.get(l.skuId);
    return p ? { ...p, skuId: l.skuId, quantity: l.quantity } : l;
  });
}

/** The sum of quantity × unit price; undefined for an empty cart (it has no currency). */
export function subtotal(cart: Cart): Money | undefined {
  if (!cart.currency) return undefined;
  return {
    currency: cart.currency,
    amountMinor: cart.lines.reduce((sum, l) => sum + lineTotal(l).amountMinor, 0n),
  };
}

export const lineTotal = (line: CartLine): Money => ({
  currency: line.unitPrice.currency,
  amountMinor: line.unitPrice.amountMinor * BigInt(line.quantity),
});

export const itemCount = (cart: Cart): number => cart.lines.reduce((n, l) => n + l.quantity, 0);
