import { createHash } from "node:crypto";
import { createLogger, createPool, inTransaction, type Pool } from "@emporium/platform";
import { freshServiceDatabase, type TestDatabase } from "@emporium/testing";
import { ordersService } from "../src/app";
import { emptyCart, lockCart, PgCartRepository, repriceCart } from "../src/db/cart-repository";
import { addLine, type PricedSku } from "../src/domain/cart";

const sku = (skuId: string, price: bigint): PricedSku => ({
  skuId,
  productId: `product-of-${skuId}`,
  name: `Name of ${skuId}`,
  unitPrice: { currency: "EUR", amountMinor: price },
});
const hashOf = (token: string) => createHash("sha256").update(token).digest();
const T0 = new Date("2026-01-01T00:00:00Z");

describe("cart repository on PostgreSQL", () => {
  let db: TestDatabase;
  let pool: Pool;
  let carts: PgCartRepository;
  beforeAll(async () => {
    db = await freshServiceDatabase("orders", ordersService.migrations.migrate);
    pool = createPool(db.databaseUrl, { logger: createLogger("test", "silent"), statementTimeoutMs: 5_000 });
    carts = new PgCartRepository(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** A customer's cart holding `lines`, as a use case would leave it. */
  const customerCartWith = (customerId: string, ...lines: Array<[PricedSku, number]>) =>
    carts.transaction(async (tx) => {
      const cart = lines.reduce(
        (c, [s, q]) => addLine(c, s, q),
        await tx.customerCart(customerId, `cart-of-${customerId}`, T0),
      );
      await tx.save(cart, T0);
      return cart;
    });

  const untilSomeoneWaitsForALock = async () => {
    const waiting =
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
    while ((await pool.query<{ n: number }>(waiting)).rows[0]!.n === 0) await new Promise((r) => setTimeout(r, 10));
  };

  it("creates a customer's cart once, also when two first uses race", async () => {
    const [a, b] = await Promise.all([
      carts.transaction((tx) => tx.customerCart("racer", "cart-1", T0)),
      carts.transaction((tx) => tx.customerCart("racer", "cart-2", T0)),
    ]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ customerId: "racer", version: 0n, lines: [] });
  });

  it("stores lines in the order they were added, with their prices, currency and version", async () => {
    const saved = await customerCartWith("alice", [sku("b", 300n), 1], [sku("a", 125n), 4]);
    const read = await carts.findCustomerCart("alice");
    expect(read).toEqual({ ...saved, updateTime: T0 });
    expect(read!.lines.map((l) => l.skuId)).toEqual(["b", "a"]);
    expect(read).toMatchObject({ version: 2n, currency: "EUR" });
  });

  it("lets orderbook lock, reprice and empty a customer's cart inside its own transaction", async () => {
    await customerCartWith("carol", [sku("a", 100n), 2], [sku("b", 200n), 1]);
    const emptied = await inTransaction(pool, async (client) => {
      const locked = await lockCart(client, "carol");
      expect(locked?.version).toBe(2n);
      const repriced = await repriceCart(client, locked!.id, new Map([["b", sku("b", 250n)]]), T0);
      expect(repriced.lines.map((l) => [l.skuId, l.unitPrice.amountMinor])).toEqual([
        ["a", 100n],
        ["b", 250n],
      ]);
      expect(repriced.version).toBe(3n);
      return emptyCart(client, locked!.id, T0);
    });
    expect(emptied).toMatchObject({ version: 4n, lines: [], currency: undefined });
    expect(await carts.findCustomerCart("carol")).toMatchObject({ version: 4n, lines: [] });
    expect(await inTransaction(pool, (client) => lockCart(client, "nobody"))).toBeUndefined();
  });

  it("holds the lock: a second transaction waits until the first commits and sees its change", async () => {
    const cart = await customerCartWith("dave", [sku("a", 100n), 1]);
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    const order: string[] = [];
    const first = inTransaction(pool, async (client) => {
      await lockCart(client, "dave");
      order.push("first locked");
      await firstHolds;
      await emptyCart(client, cart.id, T0);
      order.push("first emptied");
    });
    while (order.length === 0) await new Promise((r) => setTimeout(r, 10));
    const second = inTransaction(pool, async (client) => {
      const seen = await lockCart(client, "dave");
      order.push(`second saw version ${seen!.version}`);
    });
    await untilSomeoneWaitsForALock();
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["first locked", "first emptied", "second saw version 2"]);
  });

  it("finds a guest cart by its token's hash only while it is active, and purges expired ones", async () => {
    const day = 24 * 3600_000;
    await carts.transaction(async (tx) => {
      await tx.createGuestCart("guest-old", hashOf("old-token"), T0);
      const fresh = await tx.createGuestCart("guest-new", hashOf("new-token"), new Date(T0.getTime() + 20 * day));
      await tx.save(addLine(fresh, sku("a", 100n), 1), new Date(T0.getTime() + 20 * day));
    });
    const cutoff = new Date(T0.getTime() + 10 * day);
    expect(await carts.findGuestCart(hashOf("old-token"), cutoff)).toBeUndefined();
    expect(await carts.findGuestCart(hashOf("new-token"), cutoff)).toMatchObject({ id: "guest-new", version: 1n });
    expect(await carts.findGuestCart(hashOf("never-issued"), cutoff)).toBeUndefined();
    expect(await carts.transaction((tx) => tx.purgeExpiredGuestCarts(cutoff, 100))).toBe(1);
    expect(await carts.findGuestCart(hashOf("old-token"), T0)).toBeUndefined();
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM cart_lines WHERE cart_id = 'guest-new'");
    expect(rows[0].n).toBe(1);
  });
});
