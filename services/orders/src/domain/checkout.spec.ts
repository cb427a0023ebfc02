import type { AppError } from "@emporium/platform";
import {
  beginCheckout,
  compensationsFor,
  correlationIdOf,
  decideCheckout,
  type CheckoutInput,
  type CheckoutSettings,
  type Decision,
} from "./checkout";
import { placeOrder, replay } from "./order-aggregate";
import type { Order } from "./order";
import type { OrderEvent } from "./order-events";

const eur = (amountMinor: bigint) => ({ currency: "EUR", amountMinor });
const MINUTE = 60_000;
const settings: CheckoutSettings = { stepTimeoutMs: 10 * MINUTE, reservationMarginMs: 5 * MINUTE };
const t0 = new Date("2026-12-01T10:00:00Z");
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
const TOTAL = eur(4994n);

/** An order's life as the store keeps it: its events so far, and the state they add up to. */
class Life {
  events: OrderEvent[] = [];
  order!: Order;
  /** Each decision's commands, in order. */
  sent: Decision["commands"] = [];
  clock = t0.getTime();

  constructor() {
    this.append(
      placeOrder({ orderId: "o1", customerId: "c1", lines, shippingAddress: address, shipping: eur(495n) }, t0),
    );
    this.record(beginCheckout(this.order, this.now(), settings));
  }

  now() {
    return new Date((this.clock += 1000));
  }

  append(events: OrderEvent[]) {
    this.events.push(...events);
    this.order = replay(this.events.map((event, i) => ({ event, version: i + 1 })))!;
  }

  record(decision: Decision) {
    this.append(decision.events);
    this.sent.push(...decision.commands);
    return decision;
  }

  decide(input: CheckoutInput) {
    return this.record(decideCheckout(this.order, input, this.now(), settings));
  }

  get awaited() {
    return this.order.checkout.awaiting;
  }

  /** The awaited step answers with success (with an id of what it did). */
  succeed(reference = "ref", amount?: { currency: string; amountMinor: bigint }) {
    return this.decide({ kind: "succeeded", correlationId: this.awaited!.correlationId, reference, amount });
  }

  fail(reason: string) {
    return this.decide({ kind: "failed", correlationId: this.awaited!.correlationId, reason });
  }

  timeOut() {
    return this.decide({ kind: "timedOut", correlationId: this.awaited!.correlationId });
  }

  /** Runs the forward steps until the named one is awaited. */
  until(step: string) {
    while (this.awaited!.step !== step) this.succeed();
    return this;
  }

  confirmed() {
    this.until("commit-reservation").succeed();
    expect(this.order.status).toBe("CONFIRMED");
    return this;
  }

  steps() {
    return this.sent.map((c) => c.step);
  }

  statuses() {
    return this.events.flatMap((e) => (e.type === "OrderStatusChanged" ? [[e.statusSequence, e.status]] : []));
  }
}

const types = (d: Decision) => d.events.map((e) => e.type);
const refused = (code: string) => expect.objectContaining({ code }) as AppError;

describe("the checkout saga's decisions", () => {
  it("a placed order reserves its stock first: the command names the order, its step and its deadline", () => {
    const life = new Life();
    expect(life.order.status).toBe("PENDING");
    expect(life.sent).toEqual([
      {
        step: "reserve-stock",
        orderId: "o1",
        customerId: "c1",
        correlationId: "o1:reserve-stock",
        expireTime: new Date(t0.getTime() + 1000 + 10 * MINUTE),
        lines: [
          { skuId: "s1", quantity: 2n },
          { skuId: "s2", quantity: 1n },
        ],
        // Past the five steps' deadlines, plus the margin.
        holdUntil: new Date(t0.getTime() + 1000 + 50 * MINUTE + 5 * MINUTE),
      },
    ]);
    expect(life.awaited).toMatchObject({ step: "reserve-stock", correlationId: "o1:reserve-stock", attempt: 1 });
  });

  it("happy path: each success starts the next step, the last one confirms the order (status sequence 2)", () => {
    const life = new Life();
    life.until("commit-reservation");
    expect(life.steps()).toEqual([
      "reserve-stock",
      "authorize-payment",
      "create-shipment",
      "capture-payment",
      "commit-reservation",
    ]);
    expect(life.sent[1]).toMatchObject({ correlationId: "o1:authorize-payment", amount: TOTAL });
    expect(life.sent[2]).toMatchObject({ correlationId: "o1:create-shipment", address });
    const last = life.succeed("res-1");
    expect(types(last)).toEqual(["OrderStepSucceeded", "OrderConfirmed", "OrderStatusChanged"]);
    expect(last.commands).toEqual([]);
    expect(life.order).toMatchObject({ status: "CONFIRMED", statusReason: "", statusSequence: 2 });
    expect(life.order.checkout).toEqual({ done: life.steps(), awaiting: undefined, undoing: undefined });
  });

  it("out of stock: nothing was done, so the order fails at once with the participant's reason", () => {
    const life = new Life();
    const d = life.fail("only 1 of SKU s1 available");
    expect(types(d)).toEqual(["OrderStepFailed", "OrderCompensationStarted", "OrderFailed", "OrderStatusChanged"]);
    expect(d.commands).toEqual([]);
    expect(life.order).toMatchObject({
      status: "FAILED",
      statusReason: "the stock could not be reserved: only 1 of SKU s1 available",
      statusSequence: 2,
    });
  });

  it("declined payment: the reservation is released, then the order fails", () => {
    const life = new Life().until("authorize-payment");
    const d = life.fail("DECLINE_REASON_CARD_DECLINED");
    expect(d.commands).toEqual([
      expect.objectContaining({
        step: "release-reservation",
        correlationId: "o1:release-reservation",
        reason: "the payment was declined: DECLINE_REASON_CARD_DECLINED",
      }),
    ]);
    expect(life.order.status).toBe("PENDING");
    life.succeed();
    expect(life.order).toMatchObject({ status: "FAILED", statusReason: expect.stringContaining("declined") });
    expect(life.statuses()).toEqual([
      [1, "PENDING"],
      [2, "FAILED"],
    ]);
  });

  it("shipment failure: the authorisation is voided and the reservation released, in that order", () => {
    const life = new Life().until("create-shipment");
    life.fail("the carrier does not deliver to 00000");
    life.succeed();
    life.succeed();
    expect(life.steps().slice(3)).toEqual(["void-payment", "release-reservation"]);
    expect(life.order).toMatchObject({ status: "FAILED", statusReason: expect.stringContaining("00000") });
  });

  it("a failed capture undoes the shipment, the authorisation and the reservation in reverse", () => {
    const life = new Life().until("capture-payment");
    life.fail("payment p-1 is voided");
    while (life.awaited) life.succeed();
    expect(life.steps().slice(4)).toEqual(["cancel-shipment", "void-payment", "release-reservation"]);
    expect(life.order.status).toBe("FAILED");
  });

  it("a step without an answer times out and is undone too (its effect may still happen)", () => {
    const life = new Life().until("create-shipment");
    const d = life.timeOut();
    expect(types(d)).toEqual(["OrderStepTimedOut", "OrderCompensationStarted", "OrderStepStarted"]);
    expect(d.events[1]).toMatchObject({
      settleAs: "FAILED",
      reason: "create-shipment got no answer within 10 minutes",
      steps: ["cancel-shipment", "void-payment", "release-reservation"],
    });
    while (life.awaited) life.succeed();
    expect(life.order).toMatchObject({
      status: "FAILED",
      statusReason: "create-shipment got no answer within 10 minutes",
    });
  });

  it("a capture in flight that times out: the void fails (it was captured after all), so the payment is refunded", () => {
    const life = new Life().until("capture-payment");
    life.timeOut();
    life.succeed(); // cancel-shipment
    life.fail("payment p-1 is captured; refund it instead");
    expect(life.awaited).toMatchObject({ step: "refund-payment", correlationId: "o1:refund:1" });
    life.succeed("rf-1", TOTAL);
    life.succeed(); // release-reservation
    expect(life.steps().slice(4)).toEqual(["cancel-shipment", "void-payment", "refund-payment", "release-reservation"]);
    expect(life.order).toMatchObject({ status: "FAILED", refundedTotal: TOTAL });
    expect(life.order.refunds).toEqual([expect.objectContaining({ number: 1, state: "REFUNDED", refunded: TOTAL })]);
  });

  it("a commit in flight that times out: refunded; the release fails (it was committed after all), so the stock is returned", () => {
    const life = new Life().until("commit-reservation");
    life.timeOut();
    life.succeed(); // cancel-shipment
    life.succeed("rf-1", TOTAL); // refund-payment: the capture was done
    life.fail("the reservation of order o1 was committed; return the stock instead");
    expect(life.awaited).toMatchObject({ step: "return-stock", correlationId: "o1:return-stock" });
    life.succeed();
    expect(life.steps().slice(5)).toEqual(["cancel-shipment", "refund-payment", "release-reservation", "return-stock"]);
    expect(life.order.status).toBe("FAILED");
  });

  it("a compensation without an answer is sent again with the same correlation id and a new deadline, until answered", () => {
    const life = new Life().until("authorize-payment");
    life.fail("declined");
    const first = life.sent.at(-1)!;
    const again = life.timeOut();
    expect(types(again)).toEqual(["OrderStepTimedOut", "OrderStepStarted"]);
    const resent = again.commands[0]!;
    expect(resent).toMatchObject({ step: "release-reservation", correlationId: first.correlationId });
    expect(resent.expireTime.getTime()).toBeGreaterThan(first.expireTime.getTime());
    expect(life.awaited!.attempt).toBe(2);
    life.timeOut();
    expect(life.awaited!.attempt).toBe(3);
    // An earlier attempt taken too late is refused as expired: no refusal of the release, wait on.
    const late = life.decide({ kind: "failed", correlationId: first.correlationId, reason: "late", expired: true });
    expect(late.ignored).toMatch(/expired before it was taken/);
    expect(life.awaited).toMatchObject({ step: "release-reservation", attempt: 3 });
    life.succeed();
    expect(life.order.status).toBe("FAILED");
  });

  it("a forward step taken too late is a failure like any other", () => {
    const life = new Life();
    life.decide({ kind: "failed", correlationId: "o1:reserve-stock", reason: "expired", expired: true });
    expect(life.order).toMatchObject({ status: "FAILED", statusReason: "the stock could not be reserved: expired" });
  });

  it("a compensation that fails otherwise is recorded and the next one runs", () => {
    const life = new Life().until("capture-payment");
    life.timeOut();
    life.fail("shipment s-1 is in transit"); // cancel-shipment refused while PENDING: recorded, go on
    expect(life.awaited!.step).toBe("void-payment");
    life.succeed();
    life.succeed();
    expect(life.order.status).toBe("FAILED");
    expect(life.events.filter((e) => e.type === "OrderStepFailed")).toHaveLength(1);
  });

  it("replies the order does not wait for are ignored: a stale step, another order's, a repeat", () => {
    const life = new Life().until("authorize-payment");
    const before = life.events.length;
    for (const correlationId of ["o1:reserve-stock", "o2:authorize-payment", "o1:create-shipment"]) {
      const d = life.decide({ kind: "succeeded", correlationId });
      expect(d).toEqual({ events: [], commands: [], ignored: expect.stringContaining(correlationId) });
      expect(life.decide({ kind: "timedOut", correlationId }).ignored).toBeDefined();
    }
    expect(life.events).toHaveLength(before);
    // The timed-out step's late success changes nothing: the order is undoing it already.
    life.timeOut();
    expect(life.decide({ kind: "succeeded", correlationId: "o1:authorize-payment" }).ignored).toBeDefined();
  });

  describe("cancellation while PENDING", () => {
    it("undoes what was done and the step in flight, then settles CANCELLED with the reason", () => {
      const life = new Life().until("create-shipment");
      const d = life.decide({ kind: "cancel", reason: "changed my mind" });
      expect(types(d)).toEqual(["OrderCompensationStarted", "OrderStepStarted"]);
      expect(d.events[0]).toMatchObject({
        settleAs: "CANCELLED",
        steps: ["cancel-shipment", "void-payment", "release-reservation"],
      });
      expect(life.order).toMatchObject({
        status: "PENDING",
        cancellation: { reason: "changed my mind", requestTime: expect.any(Date) },
      });
      // The abandoned step's late reply is ignored.
      expect(life.decide({ kind: "succeeded", correlationId: "o1:create-shipment" }).ignored).toBeDefined();
      while (life.awaited) life.succeed();
      expect(life.order).toMatchObject({ status: "CANCELLED", statusReason: "changed my mind", statusSequence: 2 });
      expect(life.events.at(-2)).toMatchObject({ type: "OrderCancelled", reason: "changed my mind" });
    });

    it("right after placing: the reservation in flight is released", () => {
      const life = new Life();
      life.decide({ kind: "cancel", reason: "oops" });
      expect(life.sent.at(-1)).toMatchObject({ step: "release-reservation", reason: "oops" });
    });

    it("refuses a second cancellation, and one while the order is failing", () => {
      const cancelling = new Life();
      cancelling.decide({ kind: "cancel", reason: "a" });
      expect(() => cancelling.decide({ kind: "cancel", reason: "b" })).toThrow(refused("FAILED_PRECONDITION"));
      const failing = new Life().until("authorize-payment");
      failing.fail("declined");
      expect(() => failing.decide({ kind: "cancel", reason: "b" })).toThrow(/already being failed/);
    });
  });

  describe("after confirmation", () => {
    it("the parcel's news before confirmation is recorded and applied when the order is confirmed", () => {
      const life = new Life().until("capture-payment");
      expect(types(life.decide({ kind: "parcel", status: "IN_TRANSIT" }))).toEqual(["OrderShipped"]);
      expect(types(life.decide({ kind: "parcel", status: "DELIVERED" }))).toEqual(["OrderDelivered"]);
      expect(life.decide({ kind: "parcel", status: "DELIVERED" }).ignored).toBeDefined();
      expect(life.order.status).toBe("PENDING");
      life.until("commit-reservation").succeed();
      expect(life.statuses().map(([, s]) => s)).toEqual(["PENDING", "CONFIRMED", "SHIPPED", "DELIVERED"]);
      const failed = new Life();
      failed.fail("no stock");
      expect(failed.decide({ kind: "parcel", status: "IN_TRANSIT" }).ignored).toBeDefined();
    });

    it("the parcel's progress: SHIPPED when in transit, then DELIVERED; repeats are ignored", () => {
      const life = new Life().confirmed();
      expect(types(life.decide({ kind: "parcel", status: "IN_TRANSIT" }))).toEqual([
        "OrderShipped",
        "OrderStatusChanged",
      ]);
      expect(life.order.status).toBe("SHIPPED");
      expect(life.decide({ kind: "parcel", status: "IN_TRANSIT" }).ignored).toBeDefined();
      life.decide({ kind: "parcel", status: "DELIVERED" });
      expect(life.statuses()).toEqual([
        [1, "PENDING"],
        [2, "CONFIRMED"],
        [3, "SHIPPED"],
        [4, "DELIVERED"],
      ]);
      expect(life.decide({ kind: "parcel", status: "DELIVERED" }).ignored).toBeDefined();
    });

    it("delivered without news of the transit (it came while PENDING): shipped, then delivered", () => {
      const life = new Life().confirmed();
      life.decide({ kind: "parcel", status: "DELIVERED" });
      expect(life.statuses().slice(2)).toEqual([
        [3, "SHIPPED"],
        [4, "DELIVERED"],
      ]);
    });

    it("a cancellation cancels the shipment, refunds the payment, returns the stock, then CANCELLED", () => {
      const life = new Life().confirmed();
      life.decide({ kind: "cancel", reason: "too late for the party" });
      expect(life.order.status).toBe("CONFIRMED");
      life.succeed();
      expect(life.sent.at(-1)).toMatchObject({
        step: "refund-payment",
        correlationId: "o1:refund:1",
        amount: undefined,
      });
      life.succeed("rf-1", TOTAL);
      life.succeed();
      expect(life.steps().slice(5)).toEqual(["cancel-shipment", "refund-payment", "return-stock"]);
      expect(life.order).toMatchObject({
        status: "CANCELLED",
        statusReason: "too late for the party",
        refundedTotal: TOTAL,
      });
      expect(life.statuses().map(([, s]) => s)).toEqual(["PENDING", "CONFIRMED", "CANCELLED"]);
    });

    it("a parcel already in transit: the cancellation is refused and recorded, the order goes on", () => {
      const life = new Life().confirmed();
      life.decide({ kind: "cancel", reason: "please stop" });
      const d = life.fail("shipment s-1 is in transit; it can no longer be cancelled");
      expect(types(d)).toEqual(["OrderStepFailed", "OrderCancellationRefused"]);
      expect(d.commands).toEqual([]);
      expect(life.order).toMatchObject({
        status: "CONFIRMED",
        cancellation: { reason: "please stop", refusal: expect.stringContaining("in transit") },
        checkout: { awaiting: undefined, undoing: undefined },
      });
      expect(() => life.decide({ kind: "cancel", reason: "again" })).toThrow(/no longer be cancelled/);
      life.decide({ kind: "parcel", status: "DELIVERED" });
      expect(life.order.status).toBe("DELIVERED");
    });

    it("shipped, delivered, failed and cancelled orders cannot be cancelled", () => {
      const shipped = new Life().confirmed();
      shipped.decide({ kind: "parcel", status: "IN_TRANSIT" });
      const failed = new Life();
      failed.fail("no stock");
      for (const life of [shipped, failed])
        expect(() => life.decide({ kind: "cancel", reason: "x" })).toThrow(/only a PENDING or CONFIRMED/);
    });
  });

  describe("refunds by an admin", () => {
    const delivered = () => {
      const life = new Life().confirmed();
      life.decide({ kind: "parcel", status: "DELIVERED" });
      return life;
    };

    it("partial, then the rest: each its own correlation id; the order records what was refunded", () => {
      const life = delivered();
      const d = life.decide({ kind: "refund", amount: eur(1000n), reason: "mug was chipped" });
      expect(d.commands).toEqual([
        expect.objectContaining({
          step: "refund-payment",
          correlationId: "o1:refund:1",
          amount: eur(1000n),
          reason: "mug was chipped",
        }),
      ]);
      expect(life.order.refunds).toEqual([
        expect.objectContaining({ number: 1, state: "REQUESTED", requested: eur(1000n) }),
      ]);
      expect(() => life.decide({ kind: "refund", reason: "again" })).toThrow(/waiting for o1:refund:1/);
      life.succeed("rf-1", eur(1000n));
      expect(life.order).toMatchObject({ status: "DELIVERED", refundedTotal: eur(1000n) });
      // No amount: everything still refundable.
      life.decide({ kind: "refund", reason: "all of it" });
      expect(life.sent.at(-1)).toMatchObject({ correlationId: "o1:refund:2", amount: eur(3994n) });
      life.succeed("rf-2", eur(3994n));
      expect(life.order.refundedTotal).toEqual(TOTAL);
      expect(() => life.decide({ kind: "refund", reason: "more" })).toThrow(/refunded in full/);
      expect(life.statuses().at(-1)).toEqual([4, "DELIVERED"]);
    });

    it("a refused refund is recorded FAILED; a refund without an answer is sent again", () => {
      const life = delivered();
      life.decide({ kind: "refund", amount: eur(100n), reason: "r" });
      life.timeOut();
      expect(life.awaited).toMatchObject({ correlationId: "o1:refund:1", attempt: 2, amount: eur(100n) });
      life.fail("payment p-1 cannot be refunded");
      expect(life.order.refunds).toEqual([expect.objectContaining({ number: 1, state: "FAILED" })]);
      expect(life.order.refundedTotal).toEqual(eur(0n));
    });

    it("refuses before delivery, more than is left, another currency and nothing", () => {
      const confirmed = new Life().confirmed();
      expect(() => confirmed.decide({ kind: "refund", reason: "r" })).toThrow(/only a DELIVERED order/);
      const life = delivered();
      const cases: Array<[CheckoutInput, string]> = [
        [{ kind: "refund", amount: eur(4995n), reason: "r" }, "FAILED_PRECONDITION"],
        [{ kind: "refund", amount: { currency: "USD", amountMinor: 1n }, reason: "r" }, "FAILED_PRECONDITION"],
        [{ kind: "refund", amount: eur(0n), reason: "r" }, "INVALID_ARGUMENT"],
      ];
      for (const [input, code] of cases) expect(() => life.decide(input)).toThrow(refused(code));
      expect(life.order.refunds).toEqual([]);
    });
  });

  it("plans compensations from what was done and what is in flight", () => {
    expect(compensationsFor({ done: [] })).toEqual([]);
    const awaiting = (step: "reserve-stock" | "capture-payment") => ({
      step,
      correlationId: "x",
      deadline: t0,
      attempt: 1,
      reason: "",
    });
    expect(compensationsFor({ done: [], awaiting: awaiting("reserve-stock") })).toEqual(["release-reservation"]);
    expect(
      compensationsFor({
        done: ["reserve-stock", "authorize-payment", "create-shipment"],
        awaiting: awaiting("capture-payment"),
      }),
    ).toEqual(["cancel-shipment", "void-payment", "release-reservation"]);
    expect(correlationIdOf("o9", "refund-payment", 3)).toBe("o9:refund:3");
    expect(correlationIdOf("o9", "void-payment")).toBe("o9:void-payment");
  });

  it("status sequences have no gaps on any path", () => {
    const paths: Array<(l: Life) => void> = [
      (l) => l.confirmed(),
      (l) => l.fail("x"),
      (l) => (l.decide({ kind: "cancel", reason: "c" }), l.succeed()),
      (l) => {
        l.confirmed().decide({ kind: "parcel", status: "DELIVERED" });
      },
    ];
    for (const path of paths) {
      const life = new Life();
      path(life);
      const sequences = life.statuses().map(([n]) => n);
      expect(sequences).toEqual(sequences.map((_, i) => i + 1));
      expect(life.order.statusSequence).toBe(sequences.length);
    }
  });
});
