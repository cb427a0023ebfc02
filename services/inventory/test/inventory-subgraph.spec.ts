import { readFileSync } from "node:fs";
import path from "node:path";
import { startInventory, type RunningInventory } from "./inventory-harness";

const seed = JSON.parse(readFileSync(path.join(__dirname, "..", "src", "db", "seed-stock.json"), "utf8")) as Array<{
  productId: string;
  onHand: number;
  warehouseId: string;
}>;
const productIds = [...new Set(seed.map((r) => r.productId))];
const stockOf = (id: string) => seed.filter((r) => r.productId === id).reduce((n, r) => n + r.onHand, 0);

describe("inventory subgraph", () => {
  let inv: RunningInventory;
  beforeAll(async () => {
    inv = await startInventory();
  });
  afterAll(() => inv.stop());

  const entities = (ids: string[]) =>
    inv.graphql<{
      _entities: Array<{
        id: string;
        availability: {
          inStock: boolean;
          quantity: number;
          warehouses: Array<{ warehouseId: string; quantity: number }>;
        } | null;
      }>;
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id availability { inStock quantity warehouses { warehouseId quantity } } } } }`,
      { r: ids.map((id) => ({ __typename: "Product", id })) },
    );

  it("extends Product with availability summed over its SKUs and warehouses", async () => {
    const inStock = productIds.find((id) => stockOf(id) > 0)!;
    const soldOut = productIds.find((id) => stockOf(id) === 0)!;
    const { body } = await entities([inStock, soldOut, "not-stocked"]);
    expect(body.errors).toBeUndefined();
    const [a, b, c] = body.data!._entities;
    expect(a!.availability).toMatchObject({ inStock: true, quantity: stockOf(inStock) });
    expect(a!.availability!.warehouses.map((w) => w.warehouseId)).toEqual(["wh-berlin", "wh-lyon", "wh-porto"]);
    expect(b!.availability).toMatchObject({ inStock: false, quantity: 0 });
    expect(c!.availability).toBeNull();
  });

  it("resolves 50 products' availability with one storage query", async () => {
    const query = jest.spyOn(inv.app.pool, "query");
    try {
      const { body } = await entities(productIds.slice(0, 50));
      expect(body.data!._entities).toHaveLength(50);
      // Storage lookups only: the readiness probe's "SELECT 1" may tick in between.
      expect(query.mock.calls.filter(([sql]) => sql !== "SELECT 1")).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
  });
});
