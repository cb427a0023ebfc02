import { beginCheckout, decideCheckout } from "./checkout";
import { evolve, placeOrder, replay } from "./order-aggregate";
import type { OrderEvent, VersionedOrderEvent } from "./order-events";

const eur = (amountMinor: bigint) => ({ currency: "EUR", amountMinor });
const at = new Date("2026-12-01T10:00:00Z");
const later = new Date("2026-12-01T11:00:00Z");
const address = {
  addressId: "a1",
  recipient: "A",
  line1: "1 St",
  line2: "",
  postalCode: "10115",
  city: "B",
  countryCode: "DE",
};
const lines = [
  { skuId: "s1", productId: "p1", name: "Mug", quantity: 2n, unitPrice: eur(1250n) },
  { skuId: "s2", productId: "p2", name: "Tee", quantity: 1n, unitPrice: eur(1999n) },
];
const placed = () =>
  placeOrder({ orderId: "o1", customerId: "c1", lines, shippingAddress: address, shipping: eur(495n) }, at);
const versioned = (events: OrderEvent[], after = 0): VersionedOrderEvent[] =>
  events.map((event, i) => ({ event, version: after + i + 1 }));

describe("the order aggregate", () => {
  it("a placed order is PENDING at status sequence 1, with its totals summed from the lines", () => {
    const order = replay(versioned(placed()))!;
    expect(order).toMatchObject({
      id: "o1",
      customerId: "c1",
      status: "PENDING",
      statusSequence: 1,
      version: 2,
      subtotal: eur(4499n),
      shipping: eur(495n),
      total: eur(4994n),
    });
    expect(placed().map((e) => e.type)).toEqual(["OrderPlaced", "OrderStatusChanged"]);
  });

  it("a placed order has no checkout progress, cancellation or refunds yet", () => {
    const order = replay(versioned(placed()))!;
    expect(order).toMatchObject({ checkout: { done: [] }, refunds: [], refundedTotal: eur(0n) });
    expect(order.cancellation).toBeUndefined();
  });

  it("folding from a mid-stream state equals folding the whole stream", () => {
    const settings = { stepTimeoutMs: 60_000, reservationMarginMs: 0 };
    const all = [...placed()];
    const fold = () => replay(versioned(all))!;
    all.push(...beginCheckout(fold(), later, settings).events);
    const succeed = () => {
      const correlationId = fold().checkout.awaiting!.correlationId;
      all.push(...decideCheckout(fold(), { kind: "succeeded", correlationId }, later, settings).events);
    };
    succeed();
    all.push(...decideCheckout(fold(), { kind: "cancel", reason: "r" }, later, settings).events);
    succeed(); // void-payment
    succeed(); // release-reservation
    expect(fold()).toMatchObject({ status: "CANCELLED", statusSequence: 2, cancellation: { reason: "r" } });
    for (let cut = 1; cut < all.length; cut++) {
      const mid = replay(versioned(all).slice(0, cut))!;
      expect(replay(versioned(all).slice(cut), mid)).toEqual(fold());
    }
  });

  it("refuses an empty order and mixed currencies; an event before OrderPlaced is a corrupt stream", () => {
    const base = { orderId: "o", customerId: "c", shippingAddress: address, shipping: eur(0n) };
    expect(() => placeOrder({ ...base, lines: [] }, at)).toThrow(/at least one line/);
    const usd = [{ ...lines[0]!, unitPrice: { currency: "USD", amountMinor: 1n } }];
    expect(() => placeOrder({ ...base, lines: usd }, at)).toThrow(/one currency/);
    expect(() => evolve(undefined, { type: "OrderConfirmed", orderId: "o", customerId: "c", at }, 1)).toThrow(
      /before OrderPlaced/,
    );
  });
});
