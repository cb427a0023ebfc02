import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import type { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { StockAvailabilityChangedSchema } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import type { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { NotificationCreatedSchema } from "@emporium/contracts/emporium/notifications/v1/events_pb";
import { NotificationSchema, type Notification } from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import type { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { OrderStatusChangedSchema } from "@emporium/contracts/emporium/orders/v1/events_pb";
import { OrderSchema, OrderStatus, type Order } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import type { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import type { Principal } from "../auth/principal";
import { AppError } from "../errors/app-error";
import { toConnectError } from "../errors/rpc-error-map";
import type { EventEnvelope } from "../events/event-envelope";
import type { LiveEvent, LiveFeed } from "../events/live-feed";
import { UpstreamError } from "../rpc/upstream-error";
import { liveSubscriptionResolvers, RecentStatuses, type LiveSubscriptionSources } from "./live-subscriptions";

/** An in-memory feed: the test delivers events and resyncs by hand. */
class FakeFeed implements LiveFeed {
  readonly queue = "test.live.fake";
  private readonly listeners = new Map<string, Set<(event: LiveEvent<DescMessage>) => void>>();
  private readonly resyncs = new Set<() => void>();

  listen<Desc extends DescMessage>(schema: Desc, onEvent: (event: LiveEvent<Desc>) => void): () => void {
    const set = this.listeners.get(schema.typeName) ?? new Set();
    this.listeners.set(schema.typeName, set);
    const listener = onEvent as unknown as (event: LiveEvent<DescMessage>) => void;
    set.add(listener);
    return () => set.delete(listener);
  }
  onResync(listener: () => void): () => void {
    this.resyncs.add(listener);
    return () => this.resyncs.delete(listener);
  }
  async close() {}

  deliver<Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>, aggregateVersion = 1n): void {
    const envelope = { type: schema.typeName, aggregateVersion } as EventEnvelope;
    const event = { envelope, message: create(schema, init) } as LiveEvent<DescMessage>;
    for (const listener of this.listeners.get(schema.typeName) ?? []) listener(event);
  }
  resync(): void {
    for (const listener of this.resyncs) listener();
  }
  get listening(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0) + this.resyncs.size;
  }
}

/** What a service's handler threw, as the BFF's client of it receives it. */
const refused = (code: AppError["code"], message: string) =>
  new UpstreamError("the orders service", toConnectError(new AppError(code, message), "req-1"));

const ORDER_ID = "0193a000-0000-7000-8000-0000000000a1";
const at = (seconds: number) => timestampFromDate(new Date(Date.UTC(2026, 11, 2, 12, 0, seconds)));

interface Ctx {
  principal?: Principal;
}
const alice: Principal = { subject: "alice-sub", roles: ["customer"], audience: [], clientId: "web", kind: "user" };

/** Fake services: orders answers from `order` (or refuses), catalog and inventory from fixed tables. */
function setUp() {
  const feed = new FakeFeed();
  const state: { order: Order | AppError["code"]; orderReads: number; notifications: Notification[] } = {
    order: create(OrderSchema, {
      id: ORDER_ID,
      status: OrderStatus.PENDING,
      statusSequence: 1n,
      updateTime: at(0),
    }),
    orderReads: 0,
    notifications: [],
  };
  const orders = {
    async getOrder() {
      state.orderReads++;
      if (typeof state.order === "string") throw refused(state.order, `order ${ORDER_ID} does not exist`);
      return { order: state.order };
    },
  } as unknown as Client<typeof OrdersService>;
  const notifications = {
    async listNotifications() {
      return { notifications: state.notifications, nextPageToken: "" };
    },
  } as unknown as Client<typeof NotificationsService>;
  const catalog = {
    async batchGetProducts({ ids }: { ids: string[] }) {
      const skus: Record<string, string[]> = { "p-1": ["s-1a", "s-1b"], "p-2": ["s-2a"] };
      return { products: ids.filter((id) => skus[id]).map((id) => ({ id, skus: skus[id]!.map((s) => ({ id: s })) })) };
    },
  } as unknown as Client<typeof CatalogService>;
  const inventory = {
    async batchGetAvailability({ skuIds }: { skuIds: string[] }) {
      const stock: Record<string, { productId: string; available: bigint; version: bigint }> = {
        "s-1a": { productId: "p-1", available: 3n, version: 7n },
        "s-2a": { productId: "p-2", available: 0n, version: 2n },
      };
      return { availabilities: skuIds.filter((s) => stock[s]).map((s) => ({ skuId: s, ...stock[s]! })) };
    },
  } as unknown as Client<typeof InventoryService>;
  const sources: LiveSubscriptionSources<Ctx> = {
    feed,
    catalog,
    inventory,
    callerOrders: (ctx) => {
      if (!ctx.principal) throw new AppError("UNAUTHENTICATED", "sign in");
      return orders;
    },
    callerNotifications: () => notifications,
    principal: (ctx) => ctx.principal,
  };
  return { feed, state, sources, resolvers: liveSubscriptionResolvers(sources) };
}

/** The next item, failing the test instead of hanging when none comes. */
async function nextOf<T>(it: AsyncIterator<T>): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const none = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("no item within 2 s")), 2000);
  });
  try {
    return await Promise.race([it.next(), none]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the iterator has an item ready now (it settles within the microtasks already queued). */
async function hasItemNow<T>(it: AsyncIterator<T>): Promise<{ pending: Promise<IteratorResult<T>>; ready: boolean }> {
  let ready = false;
  const pending = it.next().then((r) => {
    ready = true;
    return r;
  });
  await new Promise((r) => setImmediate(r));
  return { pending, ready };
}

/** The one listener that stays: the resolvers remember the order statuses the feed delivered. */
const HEARD = 1;

const statusEvent = (status: OrderStatus, statusSequence: bigint, orderId = ORDER_ID) => ({
  orderId,
  status,
  statusSequence,
  changeTime: at(Number(statusSequence)),
});

describe("live subscriptions: what both BFFs' Subscription fields send", () => {
  describe("orderStatusChanged", () => {
    it("sends the current status, then each later one once, in sequence order, and ends after a final one", async () => {
      const { feed, resolvers } = setUp();
      const it = await resolvers.orderStatusChanged.subscribe(null, { orderId: ORDER_ID }, { principal: alice });
      expect((await nextOf(it)).value).toEqual({
        orderId: ORDER_ID,
        status: "PENDING",
        reason: null,
        sequence: 1,
        changedAt: new Date(Date.UTC(2026, 11, 2, 12, 0, 0)),
      });
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.PENDING, 1n)); // seen already
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.CONFIRMED, 2n, "another-order"));
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.CONFIRMED, 2n));
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.CONFIRMED, 2n)); // delivered twice
      feed.deliver(OrderStatusChangedSchema, { ...statusEvent(OrderStatus.CANCELLED, 3n), reason: "asked to" });
      const rest = [(await nextOf(it)).value, (await nextOf(it)).value];
      expect(rest.map((u) => [u.status, u.sequence, u.reason])).toEqual([
        ["CONFIRMED", 2, null],
        ["CANCELLED", 3, "asked to"],
      ]);
      expect((await nextOf(it)).done).toBe(true);
      expect(feed.listening).toBe(HEARD);
    });

    it("with after, sends only later sequences; a skipped sequence reads orders again", async () => {
      const { feed, state, resolvers } = setUp();
      const it = await resolvers.orderStatusChanged.subscribe(
        null,
        { orderId: ORDER_ID, after: 1 },
        { principal: alice },
      );
      const first = await hasItemNow(it);
      expect(first.ready).toBe(false);
      // Sequence 2 was missed: 3 arrives, so orders is read again and its current state is sent.
      state.order = create(OrderSchema, {
        id: ORDER_ID,
        status: OrderStatus.SHIPPED,
        statusSequence: 3n,
        updateTime: at(3),
      });
      const readsBefore = state.orderReads;
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.SHIPPED, 3n));
      expect((await first.pending).value).toMatchObject({ status: "SHIPPED", sequence: 3 });
      expect(state.orderReads).toBeGreaterThan(readsBefore);
      await it.return!();
      expect(feed.listening).toBe(HEARD);
    });

    it("sends a status the feed delivered before the subscription, when orders' read model is behind it", async () => {
      const { feed, resolvers } = setUp();
      // Orders published CONFIRMED; its read model still says PENDING (it follows moments later).
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.PENDING, 1n));
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.CONFIRMED, 2n));
      const it = await resolvers.orderStatusChanged.subscribe(null, { orderId: ORDER_ID }, { principal: alice });
      expect([(await nextOf(it)).value, (await nextOf(it)).value].map((u) => [u.status, u.sequence])).toEqual([
        ["PENDING", 1],
        ["CONFIRMED", 2],
      ]);
      await it.return!();
    });

    it("completes at once when the order is settled and the client has seen its last status", async () => {
      const { state, resolvers } = setUp();
      state.order = create(OrderSchema, { id: ORDER_ID, status: OrderStatus.DELIVERED, statusSequence: 4n });
      const it = await resolvers.orderStatusChanged.subscribe(
        null,
        { orderId: ORDER_ID, after: 4 },
        { principal: alice },
      );
      expect((await nextOf(it)).done).toBe(true);
    });

    it("also when orders' read model is a status behind the one the feed delivered", async () => {
      const { feed, state, resolvers } = setUp();
      state.order = create(OrderSchema, { id: ORDER_ID, status: OrderStatus.SHIPPED, statusSequence: 3n });
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.DELIVERED, 4n));
      const it = await resolvers.orderStatusChanged.subscribe(
        null,
        { orderId: ORDER_ID, after: 4 },
        { principal: alice },
      );
      expect((await nextOf(it)).done).toBe(true);
    });

    it("is refused with orders' own answer, and UNAUTHENTICATED for a guest, before any stream starts", async () => {
      const { feed, state, resolvers } = setUp();
      state.order = "NOT_FOUND";
      await expect(
        resolvers.orderStatusChanged.subscribe(null, { orderId: ORDER_ID }, { principal: alice }),
      ).rejects.toMatchObject({ code: "NOT_FOUND", message: `order ${ORDER_ID} does not exist` });
      await expect(resolvers.orderStatusChanged.subscribe(null, { orderId: ORDER_ID }, {})).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
      await expect(
        resolvers.orderStatusChanged.subscribe(null, { orderId: ORDER_ID, after: -1 }, { principal: alice }),
      ).rejects.toMatchObject({ code: "INVALID_ARGUMENT", violations: [{ field: "after", ruleId: "after.range" }] });
      expect(feed.listening).toBe(HEARD);
    });

    it("remembers what it heard of an order for a minute", () => {
      const feed = new FakeFeed();
      let now = 0;
      const heard = new RecentStatuses(feed, () => now);
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.PENDING, 1n, "order-a"));
      now = 30_000;
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.PENDING, 1n, "order-b"));
      now = 61_000;
      feed.deliver(OrderStatusChangedSchema, statusEvent(OrderStatus.CONFIRMED, 2n, "order-b"));
      expect(heard.of("order-a")).toEqual([]);
      expect(heard.of("order-b").map((u) => u.sequence)).toEqual([1, 2]);
    });

    it("is UNAVAILABLE on a server without a live feed", async () => {
      const { sources } = setUp();
      const resolvers = liveSubscriptionResolvers({ ...sources, feed: undefined });
      await expect(
        resolvers.orderStatusChanged.subscribe(null, { orderId: ORDER_ID }, { principal: alice }),
      ).rejects.toMatchObject({ code: "UNAVAILABLE" });
    });
  });

  describe("myNotifications", () => {
    const notification = (id: string, customerId: string, createdAt = new Date()) =>
      create(NotificationSchema, { id, customerId, title: id, createTime: timestampFromDate(createdAt) });

    it("sends the caller's new notifications only, nothing first", async () => {
      const { feed, resolvers } = setUp();
      const it = await resolvers.myNotifications.subscribe(null, {}, { principal: alice });
      const first = await hasItemNow(it);
      expect(first.ready).toBe(false);
      feed.deliver(NotificationCreatedSchema, { notification: notification("n-bob", "bob-sub") });
      feed.deliver(NotificationCreatedSchema, { notification: notification("n-1", alice.subject) });
      expect((await first.pending).value).toMatchObject({ id: "n-1", customerId: alice.subject });
      await it.return!();
    });

    it("after a feed resync, sends what was created since it began and was not sent yet", async () => {
      const { feed, state, resolvers } = setUp();
      const it = await resolvers.myNotifications.subscribe(null, {}, { principal: alice });
      const first = it.next(); // the stream starts listening on its first next()
      feed.deliver(NotificationCreatedSchema, { notification: notification("n-1", alice.subject) });
      expect((await first).value).toMatchObject({ id: "n-1" });
      // Newest first, as notifications lists them: n-3 and n-2 were missed, n-old is from before.
      state.notifications = [
        notification("n-3", alice.subject),
        notification("n-2", alice.subject),
        notification("n-1", alice.subject),
        notification("n-old", alice.subject, new Date(Date.now() - 60_000)),
      ];
      feed.resync();
      expect([(await nextOf(it)).value.id, (await nextOf(it)).value.id]).toEqual(["n-2", "n-3"]);
      const more = await hasItemNow(it);
      expect(more.ready).toBe(false);
      await it.return!();
    });

    it("is UNAUTHENTICATED for a guest", async () => {
      const { resolvers } = setUp();
      await expect(resolvers.myNotifications.subscribe(null, {}, {})).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    });
  });

  describe("productAvailabilityChanged", () => {
    const change = (skuId: string, productId: string, available: bigint) => ({
      skuId,
      productId,
      available,
      inStock: available > 0n,
    });

    it("sends each stocked SKU's availability now, then each newer version per SKU", async () => {
      const { feed, resolvers } = setUp();
      const it = await resolvers.productAvailabilityChanged.subscribe(null, { productIds: ["p-1", "p-2", "p-1"] }, {});
      const now = [(await nextOf(it)).value, (await nextOf(it)).value];
      expect(now).toEqual([
        { productId: "p-1", skuId: "s-1a", inStock: true, available: 3, version: 7 },
        { productId: "p-2", skuId: "s-2a", inStock: false, available: 0, version: 2 },
      ]);
      feed.deliver(StockAvailabilityChangedSchema, change("s-1a", "p-1", 9n), 6n); // older than the read
      feed.deliver(StockAvailabilityChangedSchema, change("s-9", "p-9", 1n), 3n); // not watched
      feed.deliver(StockAvailabilityChangedSchema, change("s-1a", "p-1", 2n), 9n);
      feed.deliver(StockAvailabilityChangedSchema, change("s-1b", "p-1", 5n), 1n); // stocked for the first time
      feed.deliver(StockAvailabilityChangedSchema, change("s-1a", "p-1", 1n), 8n); // late: 9 was sent
      expect([(await nextOf(it)).value, (await nextOf(it)).value]).toEqual([
        { productId: "p-1", skuId: "s-1a", inStock: true, available: 2, version: 9 },
        { productId: "p-1", skuId: "s-1b", inStock: true, available: 5, version: 1 },
      ]);
      const more = await hasItemNow(it);
      expect(more.ready).toBe(false);
      await it.return!();
    });

    it("takes 1 to 50 products: BAD_USER_INPUT otherwise", async () => {
      const { resolvers } = setUp();
      const many = Array.from({ length: 51 }, (_, i) => `p-${i}`);
      const repeated = Array.from({ length: 51 }, () => "p-1"); // repeats count: one id 51 times is 51
      for (const productIds of [[], many, repeated])
        await expect(resolvers.productAvailabilityChanged.subscribe(null, { productIds }, {})).rejects.toMatchObject({
          code: "INVALID_ARGUMENT",
          violations: [{ field: "productIds", ruleId: "productIds.count" }],
        });
    });
  });
});
