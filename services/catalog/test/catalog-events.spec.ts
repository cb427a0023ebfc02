import { Code } from "@connectrpc/connect";
import { PriceChangedSchema, ProductCreatedSchema } from "@emporium/contracts/emporium/catalog/v1/events_pb";
import { lastSeq, payloadAs, recordedEvents, recordedSince, rpcError } from "@emporium/testing";
import { seedProducts } from "../src/db/seed-data";
import { countRows, startCatalog, type RunningCatalog } from "./catalog-harness";

const SCHEMAS = [ProductCreatedSchema, PriceChangedSchema];
const eur = (amountMinor: bigint) => ({ currencyCode: "EUR", amountMinor });

let n = 0;
const newProduct = () => {
  n++;
  return {
    name: `Camp Kettle ${n}`,
    description: "Boils water over a fire.",
    categoryId: "cat-outdoor",
    skus: [
      { code: `KETTLE-${n}-S`, name: "Camp Kettle, 1 l", price: eur(2900n), attributes: { size: "1l" } },
      { code: `KETTLE-${n}-L`, name: "Camp Kettle, 2 l", price: eur(3900n), attributes: { size: "2l" } },
    ],
  };
};

/** Commands are checked by what they leave in the outbox: the relay publishes exactly these rows. */
describe("catalog publishes through its outbox", () => {
  let catalog: RunningCatalog;
  const events = () => recordedEvents(catalog.app.pool, SCHEMAS);
  /** Runs a command and returns the events it recorded. */
  async function eventsOf(command: () => Promise<unknown>) {
    const since = lastSeq(await events());
    await command();
    return recordedSince(await events(), since);
  }

  beforeAll(async () => {
    catalog = await startCatalog();
  });
  afterAll(() => catalog.stop());

  it("seeding records no events (seeded products are the starting state, not news)", async () => {
    expect(await countRows(catalog, "products")).toBe(seedProducts.length);
    expect(await events()).toEqual([]);
  });

  describe("ProductCreated", () => {
    it("CreateProduct records exactly one ProductCreated with the product and its SKUs, at version 1", async () => {
      let created: Awaited<ReturnType<typeof catalog.admin.createProduct>>["product"];
      const input = newProduct();
      const recorded = await eventsOf(async () => ({ product: created } = await catalog.admin.createProduct(input)));
      expect(recorded).toHaveLength(1);
      const [event] = recorded;
      expect(event).toMatchObject({
        eventType: "emporium.catalog.v1.ProductCreated",
        source: "/emporium/catalog",
        aggregateId: created!.id,
        aggregateVersion: 1n,
      });
      expect(payloadAs(event!, ProductCreatedSchema)).toMatchObject({
        productId: created!.id,
        name: input.name,
        description: input.description,
        categoryId: "cat-outdoor",
        skus: created!.skus.map((s) => ({
          id: s.id,
          code: s.code,
          name: s.name,
          price: { currencyCode: "EUR", amountMinor: s.price!.amountMinor },
          attributes: s.attributes,
        })),
      });
    });

    it("a retry with the same idempotency key records nothing more", async () => {
      const input = { ...newProduct(), idempotencyKey: `events-${Date.now()}` };
      const first = await eventsOf(() => catalog.admin.createProduct(input));
      const retry = await eventsOf(() => catalog.admin.createProduct(input));
      expect(first.map((e) => e.eventType)).toEqual(["emporium.catalog.v1.ProductCreated"]);
      expect(retry).toEqual([]);
    });

    it("refused commands record nothing: invalid input, unknown category, a SKU code in use, no admin", async () => {
      const taken = newProduct();
      await catalog.admin.createProduct(taken);
      const products = await countRows(catalog, "products");
      const attempts: Array<[Code, () => Promise<unknown>]> = [
        [Code.InvalidArgument, () => catalog.admin.createProduct({ ...newProduct(), name: "" })],
        [Code.InvalidArgument, () => catalog.admin.createProduct({ ...newProduct(), categoryId: "cat-nope" })],
        [
          Code.InvalidArgument,
          () => catalog.admin.createProduct({ ...newProduct(), skus: [newProduct().skus[0]!, taken.skus[1]!] }),
        ],
        [Code.Unauthenticated, () => catalog.client().createProduct(newProduct())],
      ];
      for (const [code, attempt] of attempts) {
        const recorded = await eventsOf(async () => {
          expect((await rpcError(attempt())).code).toBe(code);
        });
        expect(recorded).toEqual([]);
      }
      expect(await countRows(catalog, "products")).toBe(products);
    });
  });

  describe("PriceChanged", () => {
    async function created() {
      return (await catalog.admin.createProduct(newProduct())).product!;
    }

    it("UpdateProduct changing one SKU's price records one PriceChanged with old and new price, at the new version", async () => {
      const product = await created();
      const [small, large] = product.skus;
      let version = 0n;
      const recorded = await eventsOf(async () => {
        version = (
          await catalog.admin.updateProduct({
            id: product.id,
            prices: [
              { skuId: small!.id, price: eur(2500n) },
              { skuId: large!.id, price: eur(3900n) },
            ],
          })
        ).product!.version;
      });
      expect(version).toBe(2n);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({
        eventType: "emporium.catalog.v1.PriceChanged",
        source: "/emporium/catalog",
        aggregateId: product.id,
        aggregateVersion: 2n,
      });
      // The large SKU was set to its current price: no change, so not listed.
      expect(payloadAs(recorded[0]!, PriceChangedSchema)).toMatchObject({
        productId: product.id,
        changes: [{ skuId: small!.id, skuCode: small!.code, oldPrice: eur(2900n), newPrice: eur(2500n) }],
      });
    });

    it("several prices changed in one update are one event; versions increase from event to event", async () => {
      const product = await created();
      const [small, large] = product.skus;
      const recorded = await eventsOf(async () => {
        await catalog.admin.updateProduct({
          id: product.id,
          prices: [
            { skuId: small!.id, price: eur(100n) },
            { skuId: large!.id, price: eur(200n) },
          ],
        });
        await catalog.admin.updateProduct({ id: product.id, name: "Renamed kettle" });
        await catalog.admin.updateProduct({ id: product.id, prices: [{ skuId: large!.id, price: eur(300n) }] });
      });
      expect(recorded.map((e) => [e.eventType, e.aggregateVersion])).toEqual([
        ["emporium.catalog.v1.PriceChanged", 2n],
        // version 3 is the rename: a change, but not a price change
        ["emporium.catalog.v1.PriceChanged", 4n],
      ]);
      expect(
        payloadAs(recorded[0]!, PriceChangedSchema).changes.map((c) => [
          c.skuId,
          c.oldPrice!.amountMinor,
          c.newPrice!.amountMinor,
        ]),
      ).toEqual([
        [small!.id, 2900n, 100n],
        [large!.id, 3900n, 200n],
      ]);
      expect(
        payloadAs(recorded[1]!, PriceChangedSchema).changes.map((c) => [
          c.skuId,
          c.oldPrice!.amountMinor,
          c.newPrice!.amountMinor,
        ]),
      ).toEqual([[large!.id, 200n, 300n]]);
    });

    it("the GraphQL updateProduct mutation records PriceChanged too", async () => {
      const product = await created();
      const recorded = await eventsOf(async () => {
        const { body } = await catalog.graphql(
          `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { id version } }`,
          {
            input: {
              id: product.id,
              prices: [{ skuId: product.skus[0]!.id, price: { amount: "31.00", currency: "EUR" } }],
            },
          },
          catalog.adminToken,
        );
        expect(body.errors).toBeUndefined();
      });
      expect(recorded.map((e) => [e.eventType, e.aggregateId, e.aggregateVersion])).toEqual([
        ["emporium.catalog.v1.PriceChanged", product.id, 2n],
      ]);
      expect(payloadAs(recorded[0]!, PriceChangedSchema).changes[0]!.newPrice).toMatchObject(eur(3100n));
    });

    it("refused updates record nothing and change no price: stale version, unknown SKU, other currency, no admin", async () => {
      const product = await created();
      const price = [{ skuId: product.skus[0]!.id, price: eur(1n) }];
      const attempts: Array<[Code, () => Promise<unknown>]> = [
        [Code.Aborted, () => catalog.admin.updateProduct({ id: product.id, prices: price, expectedVersion: 7n })],
        [
          Code.InvalidArgument,
          () =>
            catalog.admin.updateProduct({
              id: product.id,
              prices: [...price, { skuId: "no-such-sku", price: eur(5n) }],
            }),
        ],
        [
          Code.InvalidArgument,
          () =>
            catalog.admin.updateProduct({
              id: product.id,
              prices: [{ skuId: product.skus[1]!.id, price: { currencyCode: "USD", amountMinor: 5n } }],
            }),
        ],
        [
          Code.InvalidArgument,
          () => catalog.admin.updateProduct({ id: product.id, prices: price, categoryId: "cat-nope" }),
        ],
        [Code.Unauthenticated, () => catalog.client().updateProduct({ id: product.id, prices: price })],
      ];
      for (const [code, attempt] of attempts) {
        const recorded = await eventsOf(async () => {
          expect((await rpcError(attempt())).code).toBe(code);
        });
        expect(recorded).toEqual([]);
      }
      expect((await catalog.client().getProduct({ id: product.id })).product).toEqual(product);
    });
  });
});
