import { create } from "@bufbuild/protobuf";
import { CustomerRegisteredSchema } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { StockReplenishedSchema } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { NotificationCreatedSchema } from "@emporium/contracts/emporium/notifications/v1/events_pb";
import { NotificationKind, type Notification } from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import { OrderStatusChangedSchema } from "@emporium/contracts/emporium/orders/v1/events_pb";
import { OrderStatus } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import { ReviewPostedSchema } from "@emporium/contracts/emporium/reviews/v1/events_pb";
import { lastSeq, payloadAs, recordedEvents, recordedSince, type RecordedEvent } from "@emporium/testing";
import { notifyBackInStock } from "../src/application/notify-back-in-stock";
import { notifyOrderStatus } from "../src/application/notify-order-status";
import { notifyReviewPublished } from "../src/application/notify-review-published";
import { welcomeCustomer } from "../src/application/welcome-customer";
import { ALICE, BOB, sourceEvent, startNotifications, type RunningNotifications } from "./notifications-harness";

/**
 * NotificationCreated, checked by what the handlers leave in the outbox (the relay publishes exactly
 * these rows), against what the customer then reads over RPC.
 */
describe("notifications records NotificationCreated through its outbox", () => {
  let svc: RunningNotifications;
  beforeAll(async () => {
    svc = await startNotifications();
  });
  afterAll(() => svc.stop());

  const events = () => recordedEvents(svc.app.pool, [NotificationCreatedSchema]);
  /** Runs `work` and returns the notifications of the NotificationCreated events it recorded. */
  async function createdBy(work: () => Promise<unknown>): Promise<Notification[]> {
    const since = lastSeq(await events());
    await work();
    return recordedSince(await events(), since).map(notificationOf);
  }
  /** The event's notification, after checking its envelope: the notification is the aggregate, at version 1. */
  const notificationOf = (e: RecordedEvent): Notification => {
    const { notification } = payloadAs(e, NotificationCreatedSchema);
    expect(e).toMatchObject({ source: "/emporium/notifications", aggregateId: notification!.id, aggregateVersion: 1n });
    return notification!;
  };
  /** What the customer reads over RPC, by a predicate. */
  const listed = async (token: string, where: (n: Notification) => boolean) =>
    (await svc.client(token).listNotifications({ pageSize: 100 })).notifications.filter(where);
  const replenished = (productId: string) =>
    create(StockReplenishedSchema, { skuId: `sku-${productId}`, productId, available: 2n, onHand: 2n });

  it("one per watcher notified, carrying the notification as the customer reads it; the same event again records none", async () => {
    const productId = `p-created-${Date.now()}`;
    await svc.client(svc.tokens.alice).watchProduct({ productId });
    await svc.client(svc.tokens.bob).watchProduct({ productId });
    const source = sourceEvent(StockReplenishedSchema.typeName);
    const handle = () => svc.inTx((tx) => notifyBackInStock(svc.app.deps, tx, replenished(productId), source));

    const created = await createdBy(handle);
    expect(created.map((n) => n.customerId).sort()).toEqual([ALICE, BOB].sort());
    const ofProduct = (n: Notification) => n.productId === productId;
    expect(created.filter((n) => n.customerId === ALICE)).toEqual(await listed(svc.tokens.alice, ofProduct));
    expect(created.filter((n) => n.customerId === BOB)).toEqual(await listed(svc.tokens.bob, ofProduct));
    expect(created[0]).toMatchObject({ kind: NotificationKind.BACK_IN_STOCK, title: "Back in stock", productId });
    expect(created[0]!.readTime).toBeUndefined();

    // Handled again (the inbox missed it): the unique key stores nothing, so nothing is announced.
    expect(await createdBy(handle)).toEqual([]);
  });

  it("review published, welcome and each order status notified record one each, for the one recipient", async () => {
    const reviewId = `r-created-${Date.now()}`;
    const review = create(ReviewPostedSchema, { reviewId, productId: "p-r", authorId: BOB, rating: 5, title: "Great" });
    const [published] = await createdBy(() =>
      svc.inTx((tx) => notifyReviewPublished(svc.app.deps, tx, review, sourceEvent(ReviewPostedSchema.typeName))),
    );
    expect(published).toEqual((await listed(svc.tokens.bob, (n) => n.reviewId === reviewId))[0]);
    expect(published).toMatchObject({ customerId: BOB, kind: NotificationKind.REVIEW_PUBLISHED, reviewId });

    const customerId = `created-${Date.now()}`;
    const registered = create(CustomerRegisteredSchema, { customerId, displayName: "Cy C.", email: "cy@example.test" });
    const welcomed = await createdBy(() =>
      svc.inTx((tx) => welcomeCustomer(svc.app.deps, tx, registered, sourceEvent(CustomerRegisteredSchema.typeName))),
    );
    const { rows } = await svc.app.pool.query<{ id: string; title: string }>(
      "SELECT id, title FROM notifications WHERE customer_id = $1",
      [customerId],
    );
    expect(welcomed).toEqual([
      expect.objectContaining({ id: rows[0]!.id, customerId, kind: NotificationKind.WELCOME, title: rows[0]!.title }),
    ]);

    const orderId = `o-created-${Date.now()}`;
    const status = (s: OrderStatus, statusSequence: bigint) =>
      create(OrderStatusChangedSchema, { orderId, customerId: ALICE, status: s, statusSequence });
    const notify = (event: ReturnType<typeof status>) =>
      svc.inTx((tx) => notifyOrderStatus(svc.app.deps, tx, event, sourceEvent(OrderStatusChangedSchema.typeName)));
    // Pending is not news to the customer: no notification, no event.
    expect(await createdBy(() => notify(status(OrderStatus.PENDING, 1n)))).toEqual([]);
    const confirmed = await createdBy(() => notify(status(OrderStatus.CONFIRMED, 2n)));
    expect(confirmed).toEqual(await listed(svc.tokens.alice, (n) => n.orderId === orderId));
    expect(confirmed).toEqual([expect.objectContaining({ kind: NotificationKind.ORDER_CONFIRMED, orderId })]);
  });

  it("records none when nobody is notified, when the event is refused, or when the handler's transaction fails", async () => {
    const source = () => sourceEvent(StockReplenishedSchema.typeName);
    expect(
      await createdBy(() =>
        svc.inTx((tx) => notifyBackInStock(svc.app.deps, tx, replenished(`p-nobody-${Date.now()}`), source())),
      ),
    ).toEqual([]);
    expect(
      await createdBy(async () => {
        await expect(
          svc.inTx((tx) => notifyBackInStock(svc.app.deps, tx, replenished(""), source())),
        ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      }),
    ).toEqual([]);
    const customerId = `created-rollback-${Date.now()}`;
    const registered = create(CustomerRegisteredSchema, {
      customerId,
      displayName: "Rae R.",
      email: "rae@example.test",
    });
    expect(
      await createdBy(async () => {
        await expect(
          svc.inTx(async (tx) => {
            await welcomeCustomer(svc.app.deps, tx, registered, sourceEvent(CustomerRegisteredSchema.typeName));
            throw new Error("the inbox insert after the handler failed");
          }),
        ).rejects.toThrow("inbox");
      }),
    ).toEqual([]);
  });

  it("the same event handled concurrently: one NotificationCreated per notification stored", async () => {
    const productId = `p-created-race-${Date.now()}`;
    await svc.client(svc.tokens.alice).watchProduct({ productId });
    const source = sourceEvent(StockReplenishedSchema.typeName);
    const created = await createdBy(() =>
      Promise.all(
        [1, 2, 3].map(() => svc.inTx((tx) => notifyBackInStock(svc.app.deps, tx, replenished(productId), source))),
      ),
    );
    expect(created).toEqual(await listed(svc.tokens.alice, (n) => n.productId === productId));
    expect(created).toHaveLength(1);
  });

  it("marking a notification read records nothing (only creation is published)", async () => {
    const productId = `p-created-read-${Date.now()}`;
    await svc.client(svc.tokens.alice).watchProduct({ productId });
    const [created] = await createdBy(() =>
      svc.inTx((tx) =>
        notifyBackInStock(svc.app.deps, tx, replenished(productId), sourceEvent(StockReplenishedSchema.typeName)),
      ),
    );
    expect(
      await createdBy(() => svc.client(svc.tokens.alice).markNotificationRead({ notificationId: created!.id })),
    ).toEqual([]);
  });
});
