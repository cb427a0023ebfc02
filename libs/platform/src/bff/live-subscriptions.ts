import { create, type DescMessage } from "@bufbuild/protobuf";
import { FieldMaskSchema, timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import type { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import {
  StockAvailabilityChangedSchema,
  type StockAvailabilityChanged,
} from "@emporium/contracts/emporium/inventory/v1/events_pb";
import type { SkuAvailability } from "@emporium/contracts/emporium/inventory/v1/inventory_pb";
import type { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { NotificationCreatedSchema } from "@emporium/contracts/emporium/notifications/v1/events_pb";
import type { Notification } from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import type { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { OrderStatusChangedSchema, type OrderStatusChanged } from "@emporium/contracts/emporium/orders/v1/events_pb";
import { OrderStatus, type Order } from "@emporium/contracts/emporium/orders/v1/orders_pb";
import type { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import type { Logger } from "pino";
import type { Principal } from "../auth/principal";
import { AppError, invalidArgument } from "../errors/app-error";
import { startLiveFeed, type LiveEvent, type LiveFeed } from "../events/live-feed";
import { versionedUpdates } from "./live-updates";
import { answerOf } from "./upstream-answer";

/** The events the BFFs' subscriptions follow: exactly what a BFF's live feed binds its queue to. */
export const LIVE_EVENTS = [OrderStatusChangedSchema, StockAvailabilityChangedSchema, NotificationCreatedSchema];

/**
 * A BFF instance's live feed for its subscriptions (LIVE_EVENTS), or none without a broker URL: its
 * subscriptions then answer UNAVAILABLE while queries and mutations work as ever.
 */
export async function startSubscriptionFeed(
  name: string,
  config: { amqpUrl?: string },
  logger: Logger,
): Promise<LiveFeed | undefined> {
  if (!config.amqpUrl) return undefined;
  return startLiveFeed({ name, amqpUrl: config.amqpUrl, logger, events: LIVE_EVENTS });
}

/** How many products one productAvailabilityChanged may watch: a screen's worth, not the catalog. */
export const MAX_WATCHED_PRODUCTS = 50;

/** One status of an order, as the schemas' OrderStatusUpdate shows it. */
export interface OrderStatusUpdate {
  orderId: string;
  status: string;
  reason: string | null;
  sequence: number;
  changedAt: Date;
}

/** One SKU's availability, as the schemas' SkuAvailability shows it. */
export interface SkuAvailabilityUpdate {
  productId: string;
  skuId: string;
  inStock: boolean;
  available: number;
  version: number;
}

/**
 * Where a BFF's subscriptions read from. Public reads go as the BFF itself; an order and a person's
 * notifications with the caller's own token, so the owning service decides who may see them.
 */
export interface LiveSubscriptionSources<Ctx> {
  /** The BFF instance's live feed; without one (no broker configured) every subscription is UNAVAILABLE. */
  feed?: LiveFeed;
  catalog: Client<typeof CatalogService>;
  inventory: Client<typeof InventoryService>;
  /** OrdersService with the caller's token; throws UNAUTHENTICATED (or FORBIDDEN) when they may not ask. */
  callerOrders(ctx: Ctx): Client<typeof OrdersService>;
  /** NotificationsService with the caller's token; throws like callerOrders. */
  callerNotifications(ctx: Ctx): Client<typeof NotificationsService>;
  principal(ctx: Ctx): Principal | undefined;
}

/** A Subscription field as mercurius and graphql-ws take it: the stream, and each item as the payload. */
interface SubscriptionField<Ctx, Args, Item> {
  subscribe(root: unknown, args: Args, ctx: Ctx): Promise<AsyncIterableIterator<Item>>;
  resolve(item: Item): Item;
}

/**
 * The three Subscription fields both BFFs serve, the same lines for each (the schemas name the same
 * fields). Every check that can refuse (signed in, the order is the caller's, the product count) runs
 * in `subscribe`, before the stream starts, so a refusal is an ordinary GraphQL error with its code.
 */
export function liveSubscriptionResolvers<Ctx>(sources: LiveSubscriptionSources<Ctx>): {
  orderStatusChanged: SubscriptionField<Ctx, { orderId: string; after?: number | null }, OrderStatusUpdate>;
  myNotifications: SubscriptionField<Ctx, unknown, Notification>;
  productAvailabilityChanged: SubscriptionField<Ctx, { productIds: readonly string[] }, SkuAvailabilityUpdate>;
} {
  const itself = <Item>(item: Item) => item;
  const heard = sources.feed ? new RecentStatuses(sources.feed) : undefined;
  return {
    orderStatusChanged: {
      subscribe: async (_root, args, ctx) =>
        orderStatusUpdates(feedOf(sources), sources.callerOrders(ctx), args.orderId, args.after, heard),
      resolve: itself,
    },
    myNotifications: {
      subscribe: async (_root, _args, ctx) => {
        const principal = sources.principal(ctx);
        if (!principal) throw new AppError("UNAUTHENTICATED", "sign in: myNotifications needs an access token");
        return notificationUpdates(feedOf(sources), sources.callerNotifications(ctx), principal.subject);
      },
      resolve: itself,
    },
    productAvailabilityChanged: {
      subscribe: async (_root, args) => availabilityUpdates(feedOf(sources), sources, args.productIds),
      resolve: itself,
    },
  };
}

function feedOf(sources: { feed?: LiveFeed }): LiveFeed {
  if (!sources.feed) throw new AppError("UNAVAILABLE", "live updates are not available: this server has no broker");
  return sources.feed;
}

// orderStatusChanged ------------------------------------------------------------------------------

const FINAL_STATUSES = new Set(["DELIVERED", "CANCELLED", "FAILED"]);
const ORDER_STATUS_MASK = create(FieldMaskSchema, {
  paths: ["id", "status", "status_reason", "status_sequence", "update_time"],
});

/** How long a BFF instance remembers the order statuses it heard: far longer than orders' read model lags. */
const HEARD_STATUS_MS = 60_000;

/**
 * The order statuses this instance heard in the last minute, by order. Orders publishes a status
 * when it is stored, but GetOrder reads a projection that follows a moment later (ADR 0016), so a
 * subscription can read a status older than one the feed already delivered before it listened. It
 * applies what was heard after its read (versionedUpdates drops what is not newer), so the gap
 * between the two never loses a status.
 */
export class RecentStatuses {
  private readonly byOrder = new Map<string, { updates: OrderStatusUpdate[]; heardAt: number }>();

  constructor(
    feed: LiveFeed,
    private readonly now: () => number = Date.now,
  ) {
    feed.listen(OrderStatusChangedSchema, ({ message }) => this.remember(statusOfEvent(message)));
  }

  of(orderId: string): readonly OrderStatusUpdate[] {
    return this.byOrder.get(orderId)?.updates ?? [];
  }

  private remember(update: OrderStatusUpdate): void {
    const now = this.now();
    // Oldest first (each order moves to the end when heard): forget from the front what is too old.
    for (const [orderId, entry] of this.byOrder) {
      if (entry.heardAt > now - HEARD_STATUS_MS) break;
      this.byOrder.delete(orderId);
    }
    const updates = this.byOrder.get(update.orderId)?.updates ?? [];
    this.byOrder.delete(update.orderId);
    this.byOrder.set(update.orderId, { updates: [...updates, update], heardAt: now });
  }
}

/**
 * An order's statuses in status_sequence order, each once: first the current one read from orders
 * (when its sequence is above `after`), then each later one from the feed (those `heard` just before
 * included); a skipped sequence (an event missed) or a feed resync reads orders again. Orders
 * answers with the caller's token, so it decides who may watch (the owner or an admin): its refusal
 * is the subscription's, with its code. The stream ends after a final status (DELIVERED,
 * CANCELLED, FAILED): nothing follows those.
 */
export async function orderStatusUpdates(
  feed: LiveFeed,
  orders: Client<typeof OrdersService>,
  orderId: string,
  after?: number | null,
  heard?: RecentStatuses,
): Promise<AsyncIterableIterator<OrderStatusUpdate>> {
  if (after != null && after < 0)
    throw invalidArgument([{ field: "after", ruleId: "after.range", message: "must be 0 or more" }]);
  const read = async () => {
    const { order } = await answerOf(orders.getOrder({ id: orderId, readMask: ORDER_STATUS_MASK }), {
      id: "orderId",
    });
    return statusOfOrder(order!);
  };
  const latest = [await read(), ...(heard?.of(orderId) ?? [])].reduce((a, b) => (b.sequence > a.sequence ? b : a));
  // Settled and already seen: there is nothing left to send.
  if (FINAL_STATUSES.has(latest.status) && after != null && latest.sequence <= after) return finished();
  const updates = versionedUpdates<OrderStatusUpdate>({
    snapshot: async () => [await read()],
    live: (push, resync) => {
      const stop = follow(feed, OrderStatusChangedSchema, resync, ({ message }) => {
        if (message.orderId === orderId) push(statusOfEvent(message));
      });
      for (const update of heard?.of(orderId) ?? []) push(update);
      return stop;
    },
    keyOf: (u) => u.orderId,
    versionOf: (u) => BigInt(u.sequence),
    after: after == null ? undefined : new Map([[orderId, BigInt(after)]]),
    gapFree: true,
  });
  return endingAfter(updates, (u) => FINAL_STATUSES.has(u.status));
}

function statusOfOrder(order: Order): OrderStatusUpdate {
  return {
    orderId: order.id,
    status: OrderStatus[order.status],
    reason: order.statusReason || null,
    sequence: Number(order.statusSequence),
    // Orders keeps no time per status: the order's last change is when it took its current one.
    changedAt: dateOf(order.updateTime),
  };
}

function statusOfEvent(event: OrderStatusChanged): OrderStatusUpdate {
  return {
    orderId: event.orderId,
    status: OrderStatus[event.status],
    reason: event.reason || null,
    sequence: Number(event.statusSequence),
    changedAt: dateOf(event.changeTime),
  };
}

// myNotifications ---------------------------------------------------------------------------------

/** The page read again after a feed resync: more than one customer gets in the moments it was away. */
const RESYNC_PAGE_SIZE = 100;

/**
 * The customer's notifications as they are created, from the feed (the event carries the whole
 * notification; only the customer's own pass). Nothing is sent first: the list so far is
 * Query.myNotifications. After a feed resync the newest page is read with the caller's token and
 * what was created since the subscription began and not sent yet follows, so a lost connection
 * loses nothing.
 */
export async function notificationUpdates(
  feed: LiveFeed,
  notifications: Client<typeof NotificationsService>,
  customerId: string,
): Promise<AsyncIterableIterator<Notification>> {
  const since = Date.now();
  let started = false;
  const createdSince = async () => {
    if (!started) {
      started = true;
      return [];
    }
    const answer = await answerOf(notifications.listNotifications({ pageSize: RESYNC_PAGE_SIZE }));
    // Newest first on the page; sent oldest first, as they happened.
    return answer.notifications.filter((n) => dateOf(n.createTime).getTime() >= since).reverse();
  };
  return versionedUpdates<Notification>({
    snapshot: createdSince,
    live: (push, resync) =>
      follow(feed, NotificationCreatedSchema, resync, ({ message }) => {
        if (message.notification?.customerId === customerId) push(message.notification);
      }),
    keyOf: (n) => n.id,
    // A notification is recorded once (version 1): a second sight of the same id is dropped.
    versionOf: () => 1n,
  });
}

// productAvailabilityChanged ----------------------------------------------------------------------

const PRODUCT_SKUS_MASK = create(FieldMaskSchema, { paths: ["id", "skus.id"] });
const AVAILABILITY_VERSION_MASK = create(FieldMaskSchema, { paths: ["sku_id", "product_id", "available", "version"] });
/** BatchGetAvailability's limit per call. */
const SKUS_PER_CALL = 500;

/**
 * The availability of every SKU of the products, per SKU, latest version wins: first what inventory
 * has now (SKUs it does not stock yet are left out until they are), then every change from the feed
 * whose version is above the last one sent for that SKU. Anyone may watch; 1..50 products.
 */
export async function availabilityUpdates(
  feed: LiveFeed,
  services: { catalog: Client<typeof CatalogService>; inventory: Client<typeof InventoryService> },
  productIds: readonly string[],
): Promise<AsyncIterableIterator<SkuAvailabilityUpdate>> {
  const watched = watchedProducts(productIds);
  return versionedUpdates<SkuAvailabilityUpdate>({
    snapshot: () => currentAvailability(services, watched),
    live: (push, resync) =>
      follow(feed, StockAvailabilityChangedSchema, resync, ({ envelope, message }) => {
        if (watched.has(message.productId)) push(availabilityOfEvent(message, envelope.aggregateVersion));
      }),
    keyOf: (a) => a.skuId,
    versionOf: (a) => BigInt(a.version),
  });
}

/**
 * The distinct product ids; BAD_USER_INPUT for none or more than MAX_WATCHED_PRODUCTS ids, repeats
 * counted (a list of a million copies of one id is refused, not read through).
 */
export function watchedProducts(productIds: readonly string[]): ReadonlySet<string> {
  if (productIds.length < 1 || productIds.length > MAX_WATCHED_PRODUCTS)
    throw invalidArgument([
      {
        field: "productIds",
        ruleId: "productIds.count",
        message: `must name 1 to ${MAX_WATCHED_PRODUCTS} products`,
      },
    ]);
  return new Set(productIds);
}

async function currentAvailability(
  services: { catalog: Client<typeof CatalogService>; inventory: Client<typeof InventoryService> },
  productIds: ReadonlySet<string>,
): Promise<SkuAvailabilityUpdate[]> {
  const { products } = await answerOf(
    services.catalog.batchGetProducts({ ids: [...productIds], readMask: PRODUCT_SKUS_MASK }),
  );
  const skuIds = products.flatMap((p) => p.skus.map((s) => s.id));
  const found: SkuAvailabilityUpdate[] = [];
  for (let i = 0; i < skuIds.length; i += SKUS_PER_CALL) {
    const request = { skuIds: skuIds.slice(i, i + SKUS_PER_CALL), readMask: AVAILABILITY_VERSION_MASK };
    const { availabilities } = await answerOf(services.inventory.batchGetAvailability(request));
    found.push(...availabilities.map(availabilityOfRead));
  }
  return found;
}

function availabilityOfRead(a: SkuAvailability): SkuAvailabilityUpdate {
  const available = Number(a.available);
  return { productId: a.productId, skuId: a.skuId, inStock: available > 0, available, version: Number(a.version) };
}

/** The SKU's version after the change travels in the envelope (the event's aggregate is the SKU). */
function availabilityOfEvent(e: StockAvailabilityChanged, skuVersion: bigint): SkuAvailabilityUpdate {
  const available = Number(e.available);
  return { productId: e.productId, skuId: e.skuId, inStock: e.inStock, available, version: Number(skuVersion) };
}

// Shared ------------------------------------------------------------------------------------------

/** Listens to one event type and to the feed's resyncs; returns the one function that stops both. */
function follow<Desc extends DescMessage>(
  feed: LiveFeed,
  schema: Desc,
  resync: () => void,
  onEvent: (event: LiveEvent<Desc>) => void,
): () => void {
  const stopEvents = feed.listen(schema, onEvent);
  const stopResyncs = feed.onResync(resync);
  return () => {
    stopEvents();
    stopResyncs();
  };
}

/** An iterator that ends after the first item `isLast` holds for, ending its source too. */
export function endingAfter<T>(
  source: AsyncIterableIterator<T>,
  isLast: (item: T) => boolean,
): AsyncIterableIterator<T> {
  let ended = false;
  const end = async (): Promise<IteratorResult<T>> => {
    ended = true;
    await source.return?.();
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      if (ended) return { value: undefined, done: true };
      const result = await source.next();
      if (!result.done && isLast(result.value)) await end();
      return result;
    },
    return: end,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** An iterator with nothing in it: a subscription that is complete at once. */
function finished<T>(): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next: async () => ({ value: undefined, done: true }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Events and reads always carry their times; the epoch stands in should one not. */
const dateOf = (t: Timestamp | undefined): Date => (t ? timestampDate(t) : new Date(0));
