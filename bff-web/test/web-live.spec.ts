import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import {
  createTestVhost,
  gatewayQuery,
  liveClient,
  REPO_ROOT,
  startBffInstance,
  startPlatform,
  subscribeLive,
  testKeycloak,
  userToken,
  withBearer,
  type LiveSubscription,
  type RunningPlatform,
  type TestVhost,
} from "@emporium/testing";
import { eventuallyData, placeOrder } from "./web-client";

type StatusUpdate = { orderId: string; status: string; reason: string | null; sequence: number; changedAt: string };
type SkuUpdate = { productId: string; skuId: string; inStock: boolean; available: number; version: number };
type NotificationItem = { id: string; kind: string; orderId: string | null; product: { id: string } | null };

const ORDER_STATUS = `subscription ($orderId: ID!, $after: Int) {
  orderStatusChanged(orderId: $orderId, after: $after) { orderId status reason sequence changedAt }
}`;
const STOCK = `subscription ($ids: [ID!]!) {
  productAvailabilityChanged(productIds: $ids) { productId skuId inStock available version }
}`;
const NOTIFICATIONS = `subscription { myNotifications { id kind orderId product { id } } }`;

const SKILLET_SKU = "0192f000-0000-7000-8000-000000000002"; // 21 in stock in the seed

/** Products the seed stocks none of (every SKU at 0): each with its SKUs and a warehouse of the first. */
function outOfStockProducts(): Array<{ productId: string; skuIds: string[]; skuId: string; warehouseId: string }> {
  const rows = JSON.parse(
    readFileSync(path.join(REPO_ROOT, "services/inventory/src/db/seed-stock.json"), "utf8"),
  ) as Array<{ skuId: string; productId: string; warehouseId: string; onHand: number }>;
  const onHand = new Map<string, number>();
  for (const r of rows) onHand.set(r.productId, (onHand.get(r.productId) ?? 0) + r.onHand);
  const products = new Map<string, { productId: string; skuIds: string[]; skuId: string; warehouseId: string }>();
  for (const r of rows.filter((row) => onHand.get(row.productId) === 0)) {
    const product = products.get(r.productId) ?? {
      productId: r.productId,
      skuIds: [],
      skuId: r.skuId,
      warehouseId: r.warehouseId,
    };
    if (!product.skuIds.includes(r.skuId)) product.skuIds.push(r.skuId);
    products.set(r.productId, product);
  }
  return [...products.values()];
}

const codesOf = (message: { errors?: Array<{ extensions?: Record<string, unknown> }> } | object) =>
  "errors" in message ? message.errors!.map((e) => e.extensions?.code) : message;

/**
 * bff-web's subscriptions over graphql-ws, on the platform as `npm start` runs it with each BFF on
 * its own broker user, and a second bff-web instance beside the first (each has its own live queue,
 * so both deliver). The checkout saga is held deterministically by stopping payments while the order
 * is placed, instead of racing it.
 */
describe("bff-web: live updates over graphql-ws, against the platform", () => {
  let platform: RunningPlatform;
  let vhost: TestVhost;
  let secondWebUrl: string;
  let alice: string;
  let bob: string;
  let ada: string;
  const opened: Array<LiveSubscription<unknown>> = [];
  const live = <T>(url: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}) => {
    const subscription = subscribeLive<T>(liveClient(url, token), query, variables);
    opened.push(subscription as LiveSubscription<unknown>);
    return subscription;
  };

  beforeAll(async () => {
    vhost = await createTestVhost("bff-web-live");
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
      broker: vhost,
      // The simulated carrier moves a parcel each second, so an order is delivered within the test.
      serviceEnv: { EMPORIUM_SHIPPING_CARRIER_STEP_MS: "1000" },
      bffEnv: { EMPORIUM_BFF_WEB_CALL_TIMEOUT_MS: "15000" },
    });
    const kc = testKeycloak();
    [alice, bob, ada] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
    secondWebUrl = (await startBffInstance(platform, "bff-web")).url;
    // The first calls after a start are the slowest: ask until a signed-in read answers, on both.
    for (const url of [platform.bffWebUrl, secondWebUrl]) await eventuallyData(url, `{ me { id } }`, alice, () => true);
  }, 300_000);
  afterEach(() => {
    for (const subscription of opened.splice(0)) subscription.stop();
  });
  afterAll(async () => {
    await platform?.stop();
    await vhost?.drop();
  });

  it("sends an order's statuses to its owner in order, each once, until delivered; an admin may watch, nobody else", async () => {
    let orderId = "";
    let owner!: LiveSubscription<{ orderStatusChanged: StatusUpdate }>;
    let resumed!: LiveSubscription<{ orderStatusChanged: StatusUpdate }>;
    let admin!: LiveSubscription<{ orderStatusChanged: StatusUpdate }>;
    let onSecond!: LiveSubscription<{ orderStatusChanged: StatusUpdate }>;
    await platform.restart("payments", {
      // While payments is away the order stays PENDING: the saga waits for its payment step.
      whileDown: async () => {
        orderId = (await placeOrder(platform.bffWebUrl, alice, [SKILLET_SKU])).id;
        owner = live(platform.bffWebUrl, alice, ORDER_STATUS, { orderId });
        expect((await owner.next()).orderStatusChanged).toMatchObject({
          orderId,
          status: "PENDING",
          reason: null,
          sequence: 1,
        });
        // Resuming with the sequence it has: nothing until the next change.
        resumed = live(platform.bffWebUrl, alice, ORDER_STATUS, { orderId, after: 1 });
        admin = live(platform.bffWebUrl, ada, ORDER_STATUS, { orderId });
        expect((await admin.next()).orderStatusChanged).toMatchObject({ status: "PENDING", sequence: 1 });
        onSecond = live(secondWebUrl, alice, ORDER_STATUS, { orderId });
        expect((await onSecond.next()).orderStatusChanged).toMatchObject({ status: "PENDING", sequence: 1 });

        // Orders decides who may watch: another customer hears NOT_FOUND, a guest must sign in.
        const other = live(platform.bffWebUrl, bob, ORDER_STATUS, { orderId });
        expect(codesOf(await other.take())).toEqual(["NOT_FOUND"]);
        expect(await other.take()).toEqual({ complete: true });
        const guest = live(platform.bffWebUrl, undefined, ORDER_STATUS, { orderId });
        expect(codesOf(await guest.take())).toEqual(["UNAUTHENTICATED"]);
      },
    });

    // Payments is back: the saga confirms, the carrier ships and delivers, and the stream completes.
    const rest: StatusUpdate[] = [];
    for (;;) {
      const message = await owner.take();
      if ("complete" in message) break;
      expect(message).toHaveProperty("data");
      rest.push((message as { data: { orderStatusChanged: StatusUpdate } }).data.orderStatusChanged);
    }
    const seen = [owner.items[0]!.orderStatusChanged, ...rest];
    expect(seen.map((u) => [u.sequence, u.status])).toEqual([
      [1, "PENDING"],
      [2, "CONFIRMED"],
      [3, "SHIPPED"],
      [4, "DELIVERED"],
    ]);
    expect(seen.every((u) => u.orderId === orderId && !Number.isNaN(Date.parse(u.changedAt)))).toBe(true);
    // The resumed one starts at the change after its `after`; the admin and the other instance hear it too.
    expect((await resumed.next()).orderStatusChanged).toMatchObject({ status: "CONFIRMED", sequence: 2 });
    expect((await admin.next()).orderStatusChanged).toMatchObject({ status: "CONFIRMED", sequence: 2 });
    expect((await onSecond.next()).orderStatusChanged).toMatchObject({ status: "CONFIRMED", sequence: 2 });

    // Subscribing to a delivered order with its last sequence completes at once.
    const settled = live(platform.bffWebUrl, alice, ORDER_STATUS, { orderId, after: 4 });
    expect(await settled.take()).toEqual({ complete: true });
  }, 240_000);

  it("sends a product's stock per SKU with rising versions, and each customer only their own notifications", async () => {
    const [forAlice, forBob] = outOfStockProducts();
    const inventory = createClient(
      InventoryService,
      createGrpcTransport({ baseUrl: platform.inventoryRpcUrl, interceptors: withBearer(ada) }),
    );
    // Each watches a product that is out of stock: its restock notifies them (notifications' BACK_IN_STOCK).
    for (const [token, product] of [
      [alice, forAlice!],
      [bob, forBob!],
    ] as const) {
      const watched = await gatewayQuery(
        platform.gatewayUrl,
        `mutation ($id: ID!) { watchProduct(productId: $id) { id } }`,
        { id: product.productId },
        { authorization: `Bearer ${token}` },
      );
      expect(watched.body.errors).toBeUndefined();
    }
    const aliceNotes = live<{ myNotifications: NotificationItem }>(platform.bffWebUrl, alice, NOTIFICATIONS);
    const bobNotes = live<{ myNotifications: NotificationItem }>(platform.bffWebUrl, bob, NOTIFICATIONS);
    const guestNotes = live(platform.bffWebUrl, undefined, NOTIFICATIONS);
    expect(codesOf(await guestNotes.take())).toEqual(["UNAUTHENTICATED"]);
    // Nothing is sent first: bff-web's /metrics tells when both streams run, before anything happens.
    await untilRunning(platform.bffWebUrl, "myNotifications", 2);

    // Anyone may watch stock: first each SKU as it is now (none in stock), then each change.
    const stock = live<{ productAvailabilityChanged: SkuUpdate }>(platform.bffWebUrl, undefined, STOCK, {
      ids: [forAlice!.productId],
    });
    const initial = new Map<string, number>();
    for (let i = 0; i < forAlice!.skuIds.length; i++) {
      const now = (await stock.next()).productAvailabilityChanged;
      expect(now).toMatchObject({ productId: forAlice!.productId, inStock: false, available: 0 });
      initial.set(now.skuId, now.version);
    }
    expect([...initial.keys()].sort()).toEqual([...forAlice!.skuIds].sort());

    await inventory.adjustStock({ ...skuOf(forAlice!), delta: 5n, reason: "delivery" });
    const restocked = await nextFor(stock, forAlice!.skuId);
    expect(restocked).toMatchObject({ inStock: true, available: 5 });
    expect(restocked.version).toBeGreaterThan(initial.get(forAlice!.skuId)!);

    // A reservation (the checkout of one unit) is a change too, with a higher version.
    await placeOrder(platform.bffWebUrl, alice, [forAlice!.skuId]);
    const reserved = await nextFor(stock, forAlice!.skuId);
    expect(reserved).toMatchObject({ inStock: true, available: 4 });
    expect(reserved.version).toBeGreaterThan(restocked.version);

    // Alice hears of her product's restock (order notifications of hers may come between); bob hears
    // nothing of hers: the first notification he gets is his own product's restock, which comes later.
    let aliceNote = (await aliceNotes.next()).myNotifications;
    while (aliceNote.kind !== "BACK_IN_STOCK") {
      expect(aliceNote).toMatchObject({ kind: expect.stringMatching(/^ORDER_/), orderId: expect.any(String) });
      aliceNote = (await aliceNotes.next()).myNotifications;
    }
    expect(aliceNote.product).toEqual({ id: forAlice!.productId });
    await inventory.adjustStock({ ...skuOf(forBob!), delta: 2n, reason: "delivery" });
    expect((await bobNotes.next()).myNotifications).toMatchObject({
      kind: "BACK_IN_STOCK",
      product: { id: forBob!.productId },
    });
  }, 180_000);

  it("refuses more than 50 products with BAD_USER_INPUT", async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `product-${i}`);
    const tooMany = live(platform.bffWebUrl, undefined, STOCK, { ids });
    const refusal = await tooMany.take();
    expect(codesOf(refusal)).toEqual(["BAD_USER_INPUT"]);
  });
});

const skuOf = (p: { skuId: string; warehouseId: string }) => ({ skuId: p.skuId, warehouseId: p.warehouseId });

/** The next stock update of this SKU (the product's other SKUs may change meanwhile). */
async function nextFor(stock: LiveSubscription<{ productAvailabilityChanged: SkuUpdate }>, skuId: string) {
  for (;;) {
    const update = (await stock.next()).productAvailabilityChanged;
    if (update.skuId === skuId) return update;
  }
}

/** Waits (bounded) until bff-web runs `count` subscriptions of `field` (graphql_ws_subscriptions on /metrics). */
async function untilRunning(bffUrl: string, field: string, count: number): Promise<void> {
  const pattern = new RegExp(`^graphql_ws_subscriptions\\{[^}]*field="${field}"[^}]*\\} (\\d+)`, "m");
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = await (await fetch(`${bffUrl}/metrics`)).text();
    const running = Number(pattern.exec(text)?.[1] ?? 0);
    if (running >= count) return;
    if (Date.now() > deadline) throw new Error(`${running} ${field} subscriptions running, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
