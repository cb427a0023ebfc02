import { create, toBinary, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import {
  StockDepletedSchema,
  StockReleasedSchema,
  StockReplenishedSchema,
  StockReservedSchema,
} from "@emporium/contracts/emporium/inventory/v1/events_pb";
import { connectToBroker, newTraceparent, RabbitEventBus, type BrokerConnection } from "@emporium/platform";
import { createTestVhost, type TestVhost } from "@emporium/testing";
import pino from "pino";
import { uuidv7 } from "uuidv7";
import { seedProducts, seedSoldOutProducts } from "../src/db/seed-data";
import { startCatalog, type RunningCatalog } from "./catalog-harness";

/**
 * The catalog's "in stock" comes from inventory's events, consumed through a real broker into its
 * projection; ListProducts' in_stock filter and facets read it.
 */
describe("in stock, as inventory's events tell it", () => {
  let vhost: TestVhost;
  let catalog: RunningCatalog;
  let connection: BrokerConnection;
  let bus: RabbitEventBus;

  beforeAll(async () => {
    vhost = await createTestVhost("catalog");
    // Each side as its own broker user, with the rights `npm start` gives it: the catalog may
    // consume inventory's events on its own queue, inventory may publish them.
    catalog = await startCatalog({ env: { EMPORIUM_CATALOG_AMQP_URL: await vhost.serviceUrl("catalog") } });
    connection = connectToBroker(await vhost.serviceUrl("inventory"), {
      name: "inventory-test-publisher",
      logger: pino({ level: "silent" }),
    });
    bus = new RabbitEventBus(connection);
    // The consumer declares and binds its queue in the background: publish probes until one is handled.
    await until(async () => {
      const probe = `probe-${uuidv7()}`;
      await publish(StockReplenishedSchema, { skuId: probe, productId: probe, available: 1n }, probe, 1n);
      return (await consumed("processed")) > 0;
    }, "the catalog queue to be consumed");
  }, 120_000);
  afterAll(async () => {
    await bus?.close();
    await connection?.close();
    await catalog?.app.stopBackground();
    await catalog?.stop();
    await vhost?.drop();
  });

  /** A message of the consumer's outcome on the catalog's /metrics. */
  async function consumed(outcome: string): Promise<number> {
    const text = await (await fetch(`${catalog.httpUrl}/metrics`)).text();
    const line = text.match(new RegExp(`^events_consumed_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, "m"));
    return Number(line?.[1] ?? 0);
  }

  /** Publishes as inventory's outbox relay does: the SKU is the aggregate, at `version`. Returns the message id. */
  async function publish<D extends DescMessage>(
    schema: D,
    payload: MessageInitShape<D>,
    skuId: string,
    version: bigint,
  ) {
    const id = uuidv7();
    await bus.publish({
      envelope: {
        id,
        type: schema.typeName,
        source: "/emporium/inventory",
        aggregateId: skuId,
        aggregateVersion: version,
        occurredAt: new Date(),
        traceparent: newTraceparent(),
      },
      payload: toBinary(schema, create(schema, payload)),
    });
    return id;
  }

  /** Whether ListProducts counts the product as in stock, or undefined when it does not list it at all. */
  async function listedInStock(productId: string, name: string): Promise<boolean | undefined> {
    const [inStock, outOfStock] = await Promise.all(
      [true, false].map((flag) => catalog.client().listProducts({ query: `"${name}"`, inStock: flag, pageSize: 100 })),
    );
    if (inStock!.products.some((p) => p.id === productId)) return true;
    if (outOfStock!.products.some((p) => p.id === productId)) return false;
    return undefined;
  }

  /** Waits until the catalog has handled these messages (its inbox holds them). */
  async function handled(...ids: string[]) {
    await until(async () => {
      const { rows } = await catalog.app.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM inbox WHERE consumer = 'catalog' AND message_id = ANY($1)",
        [ids],
      );
      return rows[0]!.n === ids.length;
    }, `${ids.length} message(s) handled`);
  }

  const singleSku = (soldOut: boolean) =>
    seedProducts.find((p) => p.skus.length === 1 && seedSoldOutProducts.has(p.id) === soldOut)!;

  it("seeded products start as inventory's seed stocks them", async () => {
    const [stocked, soldOut] = [singleSku(false), singleSku(true)];
    expect(await listedInStock(stocked.id, stocked.name)).toBe(true);
    expect(await listedInStock(soldOut.id, soldOut.name)).toBe(false);
  });

  it("StockDepleted takes a product out of stock; StockReplenished puts it back", async () => {
    const product = singleSku(false);
    const sku = product.skus[0]!.id;
    await handled(
      await publish(StockDepletedSchema, { skuId: sku, productId: product.id, onHand: 3n, reserved: 3n }, sku, 1n),
    );
    expect(await listedInStock(product.id, product.name)).toBe(false);
    await handled(await publish(StockReplenishedSchema, { skuId: sku, productId: product.id, available: 4n }, sku, 2n));
    expect(await listedInStock(product.id, product.name)).toBe(true);
  });

  it("a product is in stock while any one of its SKUs is", async () => {
    const product = seedProducts.find((p) => p.skus.length >= 2 && !seedSoldOutProducts.has(p.id))!;
    const [first, ...others] = product.skus;
    const depleted: string[] = [];
    for (const sku of others)
      depleted.push(await publish(StockDepletedSchema, { skuId: sku.id, productId: product.id }, sku.id, 1n));
    await handled(...depleted);
    expect(await listedInStock(product.id, product.name)).toBe(true);
    const reserved = { skuId: first!.id, productId: product.id, quantity: 2n, available: 0n };
    await handled(await publish(StockReservedSchema, reserved, first!.id, 1n));
    expect(await listedInStock(product.id, product.name)).toBe(false);
    const released = { skuId: first!.id, productId: product.id, quantity: 2n, available: 2n };
    await handled(await publish(StockReleasedSchema, released, first!.id, 2n));
    expect(await listedInStock(product.id, product.name)).toBe(true);
  });

  it("an event older than what is known changes nothing, whatever order the broker delivers in", async () => {
    const product = singleSku(true);
    const sku = product.skus[0]!.id;
    await handled(
      await publish(StockReplenishedSchema, { skuId: sku, productId: product.id, available: 5n }, sku, 7n),
      await publish(StockDepletedSchema, { skuId: sku, productId: product.id, onHand: 0n }, sku, 6n),
    );
    expect(await listedInStock(product.id, product.name)).toBe(true);
    const { rows } = await catalog.app.pool.query("SELECT in_stock, version FROM sku_stock WHERE sku_id = $1", [sku]);
    expect(rows).toEqual([{ in_stock: true, version: "7" }]);
  });

  it("a new product is out of stock until inventory first stocks it, and the facets follow", async () => {
    const name = `Projection Stove ${Date.now()}`;
    const { product } = await catalog.admin.createProduct({
      name,
      categoryId: "cat-outdoor",
      skus: [{ code: `STOVE-${Date.now()}`, name: "Stove", price: { currencyCode: "EUR", amountMinor: 7900n } }],
    });
    const facets = async () =>
      (await catalog.client().listProducts({ query: `"${name}"`, includeFacets: true })).facets!;
    expect(await listedInStock(product!.id, name)).toBe(false);
    expect(await facets()).toMatchObject({ inStock: 0, outOfStock: 1 });
    const sku = product!.skus[0]!.id;
    const stocked = { skuId: sku, productId: product!.id, available: 10n, onHand: 10n };
    await handled(await publish(StockReplenishedSchema, stocked, sku, 1n));
    expect(await listedInStock(product!.id, name)).toBe(true);
    expect(await facets()).toMatchObject({ inStock: 1, outOfStock: 0 });
  });

  it("an event without the SKU or product is dead-lettered, not retried", async () => {
    const before = await consumed("dead-lettered:rejected");
    await publish(StockDepletedSchema, { skuId: "", productId: "" }, "no-sku", 1n);
    await until(async () => (await consumed("dead-lettered:rejected")) > before, "the event to be dead-lettered");
  });
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 50_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
