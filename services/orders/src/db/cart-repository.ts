import { inTransaction, type Pool, type PoolClient } from "@emporium/platform";
import type { CartReadOptions, CartRepository, CartTransaction } from "../application/carts-deps";
import { repriceLines, type Cart, type CartLine, type PricedSku } from "../domain/cart";

/** A pool or the client of a transaction: whoever runs the statement. */
export type Queryable = Pick<PoolClient, "query">;

const LINES = `
  COALESCE((SELECT json_agg(json_build_object(
              'skuId', l.sku_id, 'productId', l.product_id, 'name', l.name, 'quantity', l.quantity,
              'priceMinor', l.unit_price_minor::text) ORDER BY l.position)
            FROM cart_lines l WHERE l.cart_id = c.id), '[]'::json)`;

/**
 * One row per cart with its lines folded in, in the order they were added: every read is one query.
 * A read that needs no lines (a masked GetCart) leaves cart_lines alone.
 */
const selectCarts = (withLines: boolean) => `
  SELECT c.id, c.customer_id, c.currency, c.version, c.update_time, ${withLines ? LINES : "'[]'::json"} AS lines
  FROM carts c`;

interface CartRow {
  id: string;
  customer_id: string | null;
  currency: string | null;
  version: string;
  update_time: Date;
  lines: Array<{ skuId: string; productId: string; name: string; quantity: number; priceMinor: string }>;
}

function toCart(row: CartRow): Cart {
  const currency = row.currency ?? undefined;
  return {
    id: row.id,
    ...(row.customer_id ? { customerId: row.customer_id } : {}),
    version: BigInt(row.version),
    currency,
    lines: row.lines.map((l) => ({
      skuId: l.skuId,
      productId: l.productId,
      name: l.name,
      quantity: l.quantity,
      unitPrice: { currency: currency!, amountMinor: BigInt(l.priceMinor) },
    })),
    updateTime: row.update_time,
  };
}

async function selectCart(
  db: Queryable,
  where: string,
  params: unknown[],
  lock = false,
  withLines = true,
): Promise<Cart | undefined> {
  // FOR UPDATE OF c: the lines subquery is not locked row by row; the cart row guards them all.
  const sql = `${selectCarts(withLines)} WHERE ${where}${lock ? " FOR UPDATE OF c" : ""}`;
  const { rows } = await db.query<CartRow>(sql, params);
  return rows[0] && toCart(rows[0]);
}

/** The customer's cart, locked until the transaction ends; undefined when they never had one. */
export const lockCart = (tx: Queryable, customerId: string): Promise<Cart | undefined> =>
  selectCart(tx, "c.customer_id = $1", [customerId], true);

/**
 * Stores the catalog's current name and price on each line whose SKU `prices` has (lines of SKUs it
 * lacks keep theirs) and bumps the version; returns the cart as stored. The caller holds its lock.
 */
export async function repriceCart(
  tx: Queryable,
  cartId: string,
  prices: ReadonlyMap<string, PricedSku>,
  now: Date = new Date(),
): Promise<Cart> {
  const cart = await selectCart(tx, "c.id = $1", [cartId], true);
  if (!cart) throw new Error(`cart ${cartId} does not exist`);
  const lines = repriceLines(cart, prices);
  const repriced: Cart = { ...cart, lines, currency: lines[0]?.unitPrice.currency, version: cart.version + 1n };
  await saveCart(tx, repriced, now);
  return repriced;
}

/** Deletes every line and bumps the version (an order was placed from it); returns the empty cart. */
export async function emptyCart(tx: Queryable, cartId: string, now: Date = new Date()): Promise<Cart> {
  const cart = await selectCart(tx, "c.id = $1", [cartId], true);
  if (!cart) throw new Error(`cart ${cartId} does not exist`);
  const emptied: Cart = { ...cart, lines: [], currency: undefined, version: cart.version + 1n };
  await saveCart(tx, emptied, now);
  return emptied;
}

/** Replaces the cart's lines and writes its currency and version. */
async function saveCart(tx: Queryable, cart: Cart, now: Date): Promise<void> {
  await tx.query("UPDATE carts SET currency = $2, version = $3, update_time = $4 WHERE id = $1", [
    cart.id,
    cart.currency ?? null,
    cart.version.toString(),
    now,
  ]);
  await tx.query("DELETE FROM cart_lines WHERE cart_id = $1", [cart.id]);
  if (cart.lines.length === 0) return;
  const column = <T>(pick: (l: CartLine) => T) => cart.lines.map(pick);
  await tx.query(
    `INSERT INTO cart_lines (cart_id, sku_id, position, product_id, name, quantity, unit_price_minor)
     SELECT $1, sku_id, position, product_id, name, quantity, unit_price_minor
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[]) WITH ORDINALITY
          AS l(sku_id, product_id, name, quantity, unit_price_minor, position)`,
    [
      cart.id,
      column((l) => l.skuId),
      column((l) => l.productId),
      column((l) => l.name),
      column((l) => l.quantity),
      column((l) => l.unitPrice.amountMinor.toString()),
    ],
  );
}

const ACTIVE_GUEST_CART = "c.guest_token_hash = $1 AND c.update_time >= $2";

/** The cart repository on PostgreSQL. */
export class PgCartRepository implements CartRepository {
  constructor(private readonly pool: Pool) {}

  transaction<T>(work: (tx: CartTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, (client) => work(new PgCartTransaction(client)));
  }

  findCustomerCart(customerId: string, { withLines = true }: CartReadOptions = {}): Promise<Cart | undefined> {
    return selectCart(this.pool, "c.customer_id = $1", [customerId], false, withLines);
  }

  findGuestCart(tokenHash: Buffer, activeSince: Date, { withLines = true }: CartReadOptions = {}) {
    return selectCart(this.pool, ACTIVE_GUEST_CART, [tokenHash, activeSince], false, withLines);
  }
}

/** The writes of one cart command, inside one PostgreSQL transaction. */
export class PgCartTransaction implements CartTransaction {
  constructor(private readonly client: PoolClient) {}

  async customerCart(customerId: string, newId: string, now: Date): Promise<Cart> {
    // Concurrent first uses both insert; the loser's row is dropped and both lock the winner's.
    await this.client.query(
      `INSERT INTO carts (id, customer_id, version, create_time, update_time) VALUES ($1, $2, 0, $3, $3)
       ON CONFLICT (customer_id) DO NOTHING`,
      [newId, customerId, now],
    );
    return (await lockCart(this.client, customerId))!;
  }

  lockGuestCart(tokenHash: Buffer, activeSince: Date): Promise<Cart | undefined> {
    return selectCart(this.client, ACTIVE_GUEST_CART, [tokenHash, activeSince], true);
  }

  async createGuestCart(id: string, tokenHash: Buffer, now: Date): Promise<Cart> {
    await this.client.query(
      "INSERT INTO carts (id, guest_token_hash, version, create_time, update_time) VALUES ($1, $2, 0, $3, $3)",
      [id, tokenHash, now],
    );
    return { id, version: 0n, lines: [], updateTime: now };
  }

  save(cart: Cart, now: Date): Promise<void> {
    return saveCart(this.client, cart, now);
  }

  async delete(cartId: string): Promise<void> {
    await this.client.query("DELETE FROM carts WHERE id = $1", [cartId]);
  }

  async purgeExpiredGuestCarts(before: Date, limit: number): Promise<number> {
    // SKIP LOCKED: a cart someone is changing right now is left for the next purge.
    const { rowCount } = await this.client.query(
      `DELETE FROM carts WHERE id IN (
         SELECT id FROM carts WHERE guest_token_hash IS NOT NULL AND update_time < $1
         ORDER BY update_time LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, limit],
    );
    return rowCount ?? 0;
  }
}
