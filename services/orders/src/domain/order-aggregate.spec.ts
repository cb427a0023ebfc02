import { AppError } from "@emporium/platform";
import { cancelOrder, confirmOrder, evolve, failOrder, placeOrder, replay } from "./order-aggregate";
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

  it("a PENDING order can be cancelled once: CANCELLED at the next status sequence; again is FAILED_PRECONDITION", () => {
    const order = replay(versioned(placed()))!;
    const events = cancelOrder(order, "changed my mind", later);
    expect(events.map((e) => e.type)).toEqual(["OrderCancelled", "OrderStatusChanged"]);
    const cancelled = replay(versioned(events, 2), order)!;
    expect(cancelled).toMatchObject({
      status: "CANCELLED",
      statusReason: "changed my mind",
      statusSequence: 2,
      version: 4,
    });
    expect(cancelled.updateTime).toEqual(later);
    for (const decide of [() => cancelOrder(cancelled, "x", later), () => confirmOrder(cancelled, later)])
      expect(decide).toThrow(expect.objectContaining({ code: "FAILED_PRECONDITION" }) as AppError);
  });

  it("status sequences have no gaps whatever the path: placed 1, then confirmed or failed 2", () => {
    const order = replay(versioned(placed()))!;
    expect(replay(versioned(confirmOrder(order, later), 2), order)).toMatchObject({
      status: "CONFIRMED",
      statusSequence: 2,
    });
    expect(replay(versioned(failOrder(order, "payment refused", later), 2), order)).toMatchObject({
      status: "FAILED",
      statusReason: "payment refused",
      statusSequence: 2,
    });
  });

  it("folding from a mid-stream state equals folding the whole stream", () => {
    const all = [...placed(), ...cancelOrder(replay(versioned(placed()))!, "r", later)];
    const full = replay(versioned(all))!;
    const mid = replay(versioned(all).slice(0, 3))!;
    expect(replay(versioned(all).slice(3), mid)).toEqual(full);
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
