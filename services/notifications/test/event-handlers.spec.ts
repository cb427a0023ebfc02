import { create } from "@bufbuild/protobuf";
import { CustomerRegisteredSchema } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { NotificationKind } from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import { OrderStatusChangedSchema } from "@emporium/contracts/emporium/orders/v1/events_pb";
import { OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { StockReplenishedSchema } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { ReviewPostedSchema } from "@emporium/contracts/emporium/reviews/v1/events_pb";
import { AppError } from "@emporium/platform";
import { notifyBackInStock } from "../src/application/notify-back-in-stock";
import { notifyOrderStatus } from "../src/application/notify-order-status";
import { notifyReviewPublished } from "../src/application/notify-review-published";
import { welcomeCustomer } from "../src/application/welcome-customer";
import { ALICE, BOB, sourceEvent, startNotifications, type RunningNotifications } from "./notifications-harness";

/** The handlers against the real database, in a transaction each, as the event consumer runs them. */
describe("event handlers", () => {
  let svc: RunningNotifications;
  beforeAll(async () => {
    svc = await startNotifications();
  });
  afterAll(() => svc.stop());

  const replenished = (productId: string, available = 3n) =>
    create(StockReplenishedSchema, {
      skuId: `sku-${productId}`,
      productId,
      available,
      onHand: available,
      reserved: 0n,
    });
  const notificationsOf = (customerId: string, kind: string) =>
    svc.count("SELECT count(*) AS n FROM notifications WHERE customer_id = $1 AND kind = $2", [customerId, kind]);
  const messagesTo = (customerId: string, kind: string) =>
    svc.app.pool
      .query<{ recipient: string; subject: string; text_body: string; status: string }>(
        "SELECT m.* FROM outgoing_messages m JOIN notifications n ON n.id = m.notification_id WHERE n.customer_id = $1 AND n.kind = $2",
        [customerId, kind],
      )
      .then((r) => r.rows);

  describe("StockReplenished → back in stock", () => {
    it("a watcher of an out-of-stock product gets exactly one notification and one email, however often the event arrives", async () => {
      const product = `p-oos-${Date.now()}`;
      await svc.client(svc.tokens.alice).watchProduct({ productId: product });
      const event = replenished(product);
      const source = sourceEvent(StockReplenishedSchema.typeName);
      expect(await svc.inTx((tx) => notifyBackInStock(svc.app.deps, tx, event, source))).toBe(1);
      // Redelivered (the inbox missed it, e.g. a different consumer name): absorbed by the unique key.
      expect(await svc.inTx((tx) => notifyBackInStock(svc.app.deps, tx, event, source))).toBe(0);
      expect(
        await svc.count(
          "SELECT count(*) AS n FROM notifications WHERE customer_id = $1 AND product_id = $2 AND kind = 'back_in_stock'",
          [ALICE, product],
        ),
      ).toBe(1);
      const messages = (await messagesTo(ALICE, "back_in_stock")).filter((m) => m.text_body.includes(product));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        recipient: "alice@example.test",
        status: "pending",
        subject: "Back in stock: a product you watch",
      });
    });

    it("the same event delivered twice at the same moment still notifies once", async () => {
      const product = `p-race-${Date.now()}`;
      await svc.client(svc.tokens.alice).watchProduct({ productId: product });
      await svc.client(svc.tokens.bob).watchProduct({ productId: product });
      const event = replenished(product);
      const source = sourceEvent(StockReplenishedSchema.typeName);
      const results = await Promise.all(
        [1, 2, 3].map(() => svc.inTx((tx) => notifyBackInStock(svc.app.deps, tx, event, source))),
      );
      expect(results.reduce((a, b) => a + b, 0)).toBe(2);
      expect(await svc.count("SELECT count(*) AS n FROM notifications WHERE product_id = $1", [product])).toBe(2);
      expect(
        await svc.count(
          "SELECT count(*) AS n FROM outgoing_messages m JOIN notifications n ON n.id = m.notification_id WHERE n.product_id = $1",
          [product],
        ),
      ).toBe(2);
    });

    it("notifies who watches at the time of the event: not those who unwatched or never watched; a watch stays for the next replenishment", async () => {
      const product = `p-who-${Date.now()}`;
      await svc.client(svc.tokens.alice).watchProduct({ productId: product });
      await svc.client(svc.tokens.bob).watchProduct({ productId: product });
      await svc.client(svc.tokens.bob).unwatchProduct({ productId: product });
      await svc.inTx((tx) =>
        notifyBackInStock(svc.app.deps, tx, replenished(product), sourceEvent(StockReplenishedSchema.typeName)),
      );
      const byCustomer = async () =>
        (
          await svc.app.pool.query<{ customer_id: string }>(
            "SELECT customer_id FROM notifications WHERE product_id = $1 ORDER BY create_time",
            [product],
          )
        ).rows.map((r) => r.customer_id);
      expect(await byCustomer()).toEqual([ALICE]);
      // Sold out and replenished again: a new event, a new notification.
      await svc.inTx((tx) =>
        notifyBackInStock(svc.app.deps, tx, replenished(product, 1n), sourceEvent(StockReplenishedSchema.typeName)),
      );
      expect(await byCustomer()).toEqual([ALICE, ALICE]);
    });

    it("a product nobody watches records nothing", async () => {
      const before = await svc.count("SELECT count(*) AS n FROM notifications");
      expect(
        await svc.inTx((tx) =>
          notifyBackInStock(
            svc.app.deps,
            tx,
            replenished(`p-unwatched-${Date.now()}`),
            sourceEvent(StockReplenishedSchema.typeName),
          ),
        ),
      ).toBe(0);
      expect(await svc.count("SELECT count(*) AS n FROM notifications")).toBe(before);
    });

    it("refuses an event without a product id (it can never succeed) and writes nothing", async () => {
      const before = await svc.count("SELECT count(*) AS n FROM notifications");
      const err = await svc
        .inTx((tx) =>
          notifyBackInStock(svc.app.deps, tx, replenished(""), sourceEvent(StockReplenishedSchema.typeName)),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("INVALID_ARGUMENT");
      expect(await svc.count("SELECT count(*) AS n FROM notifications")).toBe(before);
    });
  });

  describe("ReviewPosted → review published", () => {
    it("notifies the author once, by email when their address is known", async () => {
      const reviewId = `r-${Date.now()}`;
      const event = create(ReviewPostedSchema, {
        reviewId,
        productId: "p-reviewed",
        authorId: BOB,
        rating: 4,
        title: "Solid",
      });
      const source = sourceEvent(ReviewPostedSchema.typeName);
      await svc.client(svc.tokens.bob).watchProduct({ productId: "p-makes-bob-known" }); // Bob's address comes from his token
      expect(await svc.inTx((tx) => notifyReviewPublished(svc.app.deps, tx, event, source))).toBe(1);
      expect(await svc.inTx((tx) => notifyReviewPublished(svc.app.deps, tx, event, source))).toBe(0);
      const rows = (
        await svc.app.pool.query(
          "SELECT customer_id, review_id, product_id, title FROM notifications WHERE review_id = $1",
          [reviewId],
        )
      ).rows;
      expect(rows).toEqual([
        { customer_id: BOB, review_id: reviewId, product_id: "p-reviewed", title: "Review published" },
      ]);
      const [message] = (await messagesTo(BOB, "review_published")).filter((m) =>
        m.text_body.includes('"Solid" (4/5)'),
      );
      expect(message).toMatchObject({
        recipient: "bob@example.test",
        status: "pending",
        subject: "Your review is published",
      });
    });

    it("records the notification but marks the email undeliverable when no address is known", async () => {
      const stranger = `customer-${Date.now()}`;
      await svc.inTx((tx) =>
        notifyReviewPublished(
          svc.app.deps,
          tx,
          create(ReviewPostedSchema, { reviewId: `r-s-${Date.now()}`, productId: "p", authorId: stranger, rating: 2 }),
          sourceEvent(ReviewPostedSchema.typeName),
        ),
      );
      expect(await notificationsOf(stranger, "review_published")).toBe(1);
      const [message] = await messagesTo(stranger, "review_published");
      expect(message).toMatchObject({ recipient: "", status: "undeliverable" });
    });
  });

  describe("CustomerRegistered → welcome", () => {
    it("welcomes the customer once, to the address in the event", async () => {
      const customerId = `new-${Date.now()}`;
      const event = create(CustomerRegisteredSchema, {
        customerId,
        displayName: "Nora N.",
        email: "nora@example.test",
      });
      const source = sourceEvent(CustomerRegisteredSchema.typeName);
      expect(await svc.inTx((tx) => welcomeCustomer(svc.app.deps, tx, event, source))).toBe(1);
      expect(await svc.inTx((tx) => welcomeCustomer(svc.app.deps, tx, event, source))).toBe(0);
      expect(await notificationsOf(customerId, "welcome")).toBe(1);
      const [message] = await messagesTo(customerId, "welcome");
      expect(message).toMatchObject({
        recipient: "nora@example.test",
        status: "pending",
        subject: "Welcome to Emporium",
      });
      expect(message!.text_body).toMatch(/^Hello Nora N\.,/);
    });

    it("a handler that fails midway leaves nothing behind (its writes are in the caller's transaction)", async () => {
      const customerId = `rollback-${Date.now()}`;
      const event = create(CustomerRegisteredSchema, { customerId, displayName: "Ron R.", email: "ron@example.test" });
      await expect(
        svc.inTx(async (tx) => {
          await welcomeCustomer(svc.app.deps, tx, event, sourceEvent(CustomerRegisteredSchema.typeName));
          throw new Error("the inbox insert after the handler failed");
        }),
      ).rejects.toThrow("inbox");
      expect(await notificationsOf(customerId, "welcome")).toBe(0);
      expect(await svc.count("SELECT count(*) AS n FROM contacts WHERE customer_id = $1", [customerId])).toBe(0);
    });
  });

  describe("OrderStatusChanged → order confirmed, cancelled, failed, shipped, delivered", () => {
    const statusChanged = (orderId: string, status: OrderStatus, statusSequence: bigint, reason = "") =>
      create(OrderStatusChangedSchema, { orderId, customerId: ALICE, status, reason, statusSequence });
    const notify = (event: ReturnType<typeof statusChanged>) =>
      svc.inTx((tx) => notifyOrderStatus(svc.app.deps, tx, event, sourceEvent(OrderStatusChangedSchema.typeName)));

    it("tells the customer each status of their order once, with the reason, and not that it is pending", async () => {
      const orderId = `o-life-${Date.now()}`;
      expect(await notify(statusChanged(orderId, OrderStatus.PENDING, 1n))).toBe(0);
      const confirmed = statusChanged(orderId, OrderStatus.CONFIRMED, 2n);
      const source = sourceEvent(OrderStatusChangedSchema.typeName);
      expect(await svc.inTx((tx) => notifyOrderStatus(svc.app.deps, tx, confirmed, source))).toBe(1);
      // Redelivered: absorbed by the unique key.
      expect(await svc.inTx((tx) => notifyOrderStatus(svc.app.deps, tx, confirmed, source))).toBe(0);
      expect(await notify(statusChanged(orderId, OrderStatus.SHIPPED, 3n))).toBe(1);
      expect(await notify(statusChanged(orderId, OrderStatus.DELIVERED, 4n))).toBe(1);

      const { notifications } = await svc.client(svc.tokens.alice).listNotifications({ pageSize: 50 });
      const ofOrder = notifications.filter((n) => n.orderId === orderId);
      expect(ofOrder.map((n) => n.kind).sort()).toEqual(
        [NotificationKind.ORDER_CONFIRMED, NotificationKind.ORDER_SHIPPED, NotificationKind.ORDER_DELIVERED].sort(),
      );
      expect(ofOrder.find((n) => n.kind === NotificationKind.ORDER_SHIPPED)).toMatchObject({
        title: "Order shipped",
        body: `Your order ${orderId} is with the carrier.`,
      });
      const [email] = (await messagesTo(ALICE, "order_confirmed")).filter((m) => m.text_body.includes(orderId));
      expect(email).toMatchObject({ recipient: "alice@example.test", subject: "Your order is confirmed" });
    });

    it("a cancelled or failed order says why", async () => {
      const cancelled = `o-cancel-${Date.now()}`;
      const failed = `o-fail-${Date.now()}`;
      await notify(statusChanged(cancelled, OrderStatus.CANCELLED, 2n, "cancelled by the customer"));
      await notify(statusChanged(failed, OrderStatus.FAILED, 2n, "the payment was declined (card declined)"));
      const [cancelMail] = (await messagesTo(ALICE, "order_cancelled")).filter((m) => m.text_body.includes(cancelled));
      expect(cancelMail!.subject).toBe("Your order is cancelled");
      expect(cancelMail!.text_body).toContain("Reason: cancelled by the customer.");
      const [failMail] = (await messagesTo(ALICE, "order_failed")).filter((m) => m.text_body.includes(failed));
      expect(failMail!.subject).toBe("We could not complete your order");
      expect(failMail!.text_body).toContain("Reason: the payment was declined (card declined).");
    });

    it("an event without its order or customer is refused as invalid (dead-lettered, never retried)", async () => {
      const event = create(OrderStatusChangedSchema, { orderId: "", customerId: ALICE, status: OrderStatus.CONFIRMED });
      await expect(notify(event)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    });
  });
});
