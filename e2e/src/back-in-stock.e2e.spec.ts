import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import {
  createTestVhost,
  gatewayQuery,
  REPO_ROOT,
  startPlatform,
  testBroker,
  testKeycloak,
  userToken,
  withBearer,
  type RunningPlatform,
  type TestVhost,
} from "@emporium/testing";

type Notifications = {
  myNotifications: { edges: Array<{ node: { kind: string; title: string; product: { id: string } | null } }> };
};

/** A SKU the seed has no stock of, anywhere: its product is out of stock to begin with. */
function outOfStockSku(): { skuId: string; productId: string; warehouseId: string } {
  const rows = JSON.parse(
    readFileSync(path.join(REPO_ROOT, "services/inventory/src/db/seed-stock.json"), "utf8"),
  ) as Array<{ skuId: string; productId: string; warehouseId: string; onHand: number }>;
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.skuId, (totals.get(r.skuId) ?? 0) + r.onHand);
  const row = rows.find((r) => totals.get(r.skuId) === 0);
  if (!row) throw new Error("the inventory seed has no SKU without stock");
  return row;
}

/**
 * Choreography across real processes: inventory records StockReplenished in its outbox, its relay
 * publishes it to RabbitMQ (a vhost of this file's own), notifications consumes it and notifies the
 * watchers. Nobody coordinates.
 */
describe("back in stock, end to end", () => {
  let platform: RunningPlatform;
  let vhost: TestVhost;
  beforeAll(async () => {
    vhost = await createTestVhost("e2e-stock");
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, { broker: vhost });
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
    await vhost?.drop();
  });

  const myNotifications = async (token: string) => {
    const { body } = await gatewayQuery<Notifications>(
      platform.gatewayUrl,
      `{ myNotifications(first: 50) { edges { node { kind title product { id } } } } }`,
      undefined,
      { authorization: `Bearer ${token}` },
    );
    expect(body.errors).toBeUndefined();
    return body.data!.myNotifications.edges.map((e) => e.node);
  };
  /** Messages ready or unacked in the notifications queue (management API). */
  const pendingForNotifications = async () => {
    const { management } = testBroker();
    const res = await fetch(`${management.url}/api/queues/${encodeURIComponent(vhost.vhost)}/notifications`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${management.user}:${management.password}`).toString("base64")}`,
      },
    });
    return res.ok ? (((await res.json()) as { messages?: number }).messages ?? -1) : -1;
  };

  it("a customer watching an out-of-stock product gets exactly one 'back in stock' notification when it is restocked; others get none", async () => {
    const kc = testKeycloak();
    const [alice, bob, admin] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
    const sku = outOfStockSku();

    const watched = await gatewayQuery<{ watchProduct: { id: string; watchedByMe: boolean | null } }>(
      platform.gatewayUrl,
      `mutation($id: ID!) { watchProduct(productId: $id) { id watchedByMe } }`,
      { id: sku.productId },
      { authorization: `Bearer ${alice}` },
    );
    expect(watched.body.errors).toBeUndefined();
    expect(watched.body.data!.watchProduct).toEqual({ id: sku.productId, watchedByMe: true });
    expect((await myNotifications(alice)).filter((n) => n.kind === "BACK_IN_STOCK")).toEqual([]);

    const inventory = createClient(
      InventoryService,
      createGrpcTransport({ baseUrl: platform.inventoryRpcUrl, interceptors: withBearer(admin) }),
    );
    const restocked = await inventory.adjustStock({
      skuId: sku.skuId,
      warehouseId: sku.warehouseId,
      delta: 5n,
      reason: "delivery",
    });
    expect(restocked.availability?.available).toBe(5n);

    let backInStock: Awaited<ReturnType<typeof myNotifications>> = [];
    const deadline = Date.now() + 60_000;
    while (backInStock.length === 0 && Date.now() < deadline) {
      backInStock = (await myNotifications(alice)).filter((n) => n.kind === "BACK_IN_STOCK");
      if (backInStock.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(backInStock).toHaveLength(1);
    expect(backInStock[0]!.product).toEqual({ id: sku.productId });

    // More stock on top of stock is no new replenishment: once everything in flight has been
    // consumed, alice still has exactly one, and bob (not watching) has none.
    await inventory.adjustStock({ skuId: sku.skuId, warehouseId: sku.warehouseId, delta: 3n, reason: "delivery" });
    const drainDeadline = Date.now() + 30_000;
    while ((await pendingForNotifications()) !== 0 && Date.now() < drainDeadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await pendingForNotifications()).toBe(0);
    expect((await myNotifications(alice)).filter((n) => n.kind === "BACK_IN_STOCK")).toHaveLength(1);
    expect((await myNotifications(bob)).filter((n) => n.kind === "BACK_IN_STOCK")).toEqual([]);
  }, 120_000);

  it("every service runs as its own broker user: the consumers' queues exist and the broker refused nothing", async () => {
    const { management } = testBroker();
    const queues = async () => {
      const res = await fetch(`${management.url}/api/queues/${encodeURIComponent(vhost.vhost)}?columns=name`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${management.user}:${management.password}`).toString("base64")}`,
        },
      });
      return ((await res.json()) as Array<{ name: string }>).map((q) => q.name);
    };
    // Declared by notifications, inventory, payments and shipping, each with its own rights only.
    const expected = ["notifications", "inventory.commands", "payments.commands", "shipping.commands"].flatMap((q) => [
      q,
      `${q}.dead-letter`,
    ]);
    let declared = await queues();
    const deadline = Date.now() + 30_000;
    while (!expected.every((q) => declared.includes(q)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      declared = await queues();
    }
    expect(declared).toEqual(expect.arrayContaining(expected));
    for (const [name, service] of Object.entries(platform.services))
      expect([name, service.process.output().match(/.*ACCESS_REFUSED.*/g) ?? []]).toEqual([name, []]);
  });
});
