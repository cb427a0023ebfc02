import { AppError } from "@emporium/platform";
import {
  addLine,
  itemCount,
  linePriceChanges,
  MAX_CART_LINES,
  mergeCarts,
  removeLine,
  repriceLines,
  setLineQuantity,
  subtotal,
  type Cart,
  type PricedSku,
} from "./cart";

const eur = (amountMinor: bigint) => ({ currency: "EUR", amountMinor });
const sku = (skuId: string, price = 250n, currency = "EUR"): PricedSku => ({
  skuId,
  productId: `product-of-${skuId}`,
  name: `Name of ${skuId}`,
  unitPrice: { currency, amountMinor: price },
});
const empty = (id = "cart"): Cart => ({ id, version: 0n, lines: [], updateTime: new Date(0) });
const cartWith = (...lines: Array<[skuId: string, quantity: number]>): Cart =>
  lines.reduce((cart, [s, q]) => addLine(cart, sku(s), q), empty());

const refusal = (work: () => unknown): AppError => {
  try {
    work();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
};

describe("cart rules", () => {
  it("adds a line with the catalog's name and price, takes its currency and bumps the version", () => {
    const cart = addLine(empty(), sku("a", 250n), 2);
    expect(cart).toMatchObject({ version: 1n, currency: "EUR" });
    expect(cart.lines).toEqual([{ ...sku("a", 250n), quantity: 2 }]);
    expect(subtotal(cart)).toEqual(eur(500n));
    expect(itemCount(cart)).toBe(2);
  });

  it("adds more of a SKU to its line, with the price the catalog gives now", () => {
    const cart = addLine(cartWith(["a", 2]), sku("a", 300n), 3);
    expect(cart.lines).toEqual([{ ...sku("a", 300n), quantity: 5 }]);
    expect(cart.version).toBe(2n);
  });

  it("refuses a line above 99, a 51st SKU and a second currency, naming the rule", () => {
    const tooMany = refusal(() => addLine(cartWith(["a", 98]), sku("a"), 2));
    expect(tooMany.code).toBe("FAILED_PRECONDITION");
    expect(tooMany.violations).toEqual([
      expect.objectContaining({ field: "quantity", ruleId: "cart.line_quantity_max" }),
    ]);

    const full = Array.from({ length: MAX_CART_LINES }, (_, i) => [`s${i}`, 1] as [string, number]);
    const overflow = refusal(() => addLine(cartWith(...full), sku("one-more"), 1));
    expect(overflow.violations[0]?.ruleId).toBe("cart.max_lines");

    const dollars = refusal(() => addLine(cartWith(["a", 1]), sku("b", 100n, "USD"), 1));
    expect(dollars.violations[0]).toMatchObject({ field: "sku_id", ruleId: "cart.single_currency" });
  });

  it("sets a line's quantity, and changes nothing (same version) when it is already that", () => {
    const cart = cartWith(["a", 2], ["b", 1]);
    const set = setLineQuantity(cart, "b", 7);
    expect(set.lines.map((l) => [l.skuId, l.quantity])).toEqual([
      ["a", 2],
      ["b", 7],
    ]);
    expect(set.version).toBe(cart.version + 1n);
    expect(setLineQuantity(set, "b", 7)).toBe(set);
    expect(refusal(() => setLineQuantity(cart, "zzz", 1)).code).toBe("NOT_FOUND");
  });

  it("removes a line; removing one that is not there changes nothing", () => {
    const cart = cartWith(["a", 2], ["b", 1]);
    const removed = removeLine(cart, "a");
    expect(removed.lines.map((l) => l.skuId)).toEqual(["b"]);
    expect(removed.version).toBe(cart.version + 1n);
    expect(removeLine(removed, "a")).toBe(removed);
    const emptied = removeLine(removed, "b");
    expect(emptied.currency).toBeUndefined();
    expect(subtotal(emptied)).toBeUndefined();
  });

  it("merges a guest cart: the same SKU's quantities added and capped at 99, others appended", () => {
    const customer = cartWith(["a", 60], ["b", 1]);
    const guest = { ...cartWith(["a", 50], ["c", 4]), id: "guest" };
    const merged = mergeCarts(customer, guest);
    expect(merged.id).toBe(customer.id);
    expect(merged.lines.map((l) => [l.skuId, l.quantity])).toEqual([
      ["a", 99],
      ["b", 1],
      ["c", 4],
    ]);
    expect(merged.version).toBe(customer.version + 1n);
    expect(mergeCarts(empty(), guest).currency).toBe("EUR");
  });

  it("refuses a merge that would mix currencies or exceed 50 SKUs", () => {
    const usd = addLine(empty("guest"), sku("x", 100n, "USD"), 1);
    expect(refusal(() => mergeCarts(cartWith(["a", 1]), usd)).violations[0]?.ruleId).toBe("cart.single_currency");
    const half = (prefix: string) =>
      cartWith(...Array.from({ length: 30 }, (_, i) => [`${prefix}${i}`, 1] as [string, number]));
    expect(refusal(() => mergeCarts(half("a"), half("b"))).violations[0]?.ruleId).toBe("cart.max_lines");
  });

  it("finds the lines whose stored price is no longer the catalog's, and reprices them", () => {
    const cart = cartWith(["a", 1], ["b", 2], ["gone", 1]);
    const now = new Map([
      ["a", sku("a", 250n)],
      ["b", sku("b", 275n)],
    ]);
    expect(linePriceChanges(cart, now)).toEqual([
      { skuId: "b", stored: eur(250n), current: eur(275n) },
      { skuId: "gone", stored: eur(250n), current: undefined },
    ]);
    expect(repriceLines(cart, now).map((l) => [l.skuId, l.quantity, l.unitPrice.amountMinor])).toEqual([
      ["a", 1, 250n],
      ["b", 2, 275n],
      ["gone", 1, 250n],
    ]);
  });
});
