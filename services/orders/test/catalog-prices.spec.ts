import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { AppError, serviceTokens } from "@emporium/platform";
import { startServices, testKeycloak, type RunningServices } from "@emporium/testing";
import { ConnectCatalogPrices } from "../src/clients/catalog-prices";

/** The catalog adapter against a real, seeded catalog process, with orders' real client-credentials token. */
describe("catalog prices over Connect", () => {
  let upstream: RunningServices<"catalog">;
  let prices: ConnectCatalogPrices;
  let seeded: Array<{ id: string; productId: string; name: string; amountMinor: bigint }>;
  beforeAll(async () => {
    upstream = await startServices(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, ["catalog"]);
    const tokens = serviceTokens({
      service: "orders",
      authIssuer: testKeycloak().issuer,
      clientSecret: "dev-only-orders-secret",
    });
    prices = ConnectCatalogPrices.over(upstream.services.catalog.rpcUrl, tokens);
    const catalog = createClient(CatalogService, createGrpcTransport({ baseUrl: upstream.services.catalog.rpcUrl }));
    seeded = [];
    let pageToken = "";
    do {
      const page = await catalog.listProducts({ pageSize: 100, pageToken });
      for (const p of page.products)
        for (const s of p.skus)
          seeded.push({ id: s.id, productId: p.id, name: s.name, amountMinor: s.price!.amountMinor });
      pageToken = page.nextPageToken;
    } while (pageToken);
  }, 120_000);
  afterAll(() => upstream?.stop());

  it("prices any number of SKUs (more than one call's 100), leaving out the ones catalog does not have", async () => {
    expect(seeded.length).toBeGreaterThan(100);
    const asked = [...seeded.map((s) => s.id), "no-such-sku", seeded[0]!.id];
    const found = await prices.pricesOf(asked);
    expect(found.size).toBe(seeded.length);
    expect(found.has("no-such-sku")).toBe(false);
    const last = seeded.at(-1)!;
    expect(found.get(last.id)).toEqual({
      skuId: last.id,
      productId: last.productId,
      name: last.name,
      unitPrice: { currency: "EUR", amountMinor: last.amountMinor },
    });
    expect((await prices.pricesOf([])).size).toBe(0);
  });

  it("says UNAVAILABLE, for the caller to retry, when catalog cannot be reached", async () => {
    await upstream.services.catalog.process.stop();
    const err = await prices.pricesOf([seeded[0]!.id]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/catalog .* retry/) });
  });
});
