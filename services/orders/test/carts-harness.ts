import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CartService } from "@emporium/contracts/emporium/orders/v1/cart_service_pb";
import { createLogger } from "@emporium/platform";
import { rpcUrlVariable } from "@emporium/registry";
import {
  freshServiceDatabase,
  startServices,
  startServiceUnderTest,
  testKeycloak,
  userToken,
  withBearer,
  type ServiceUnderTest,
} from "@emporium/testing";
import { ordersService, type OrdersApp } from "../src/app";
import { loadOrdersConfig } from "../src/config";

/** A seeded catalog SKU, as carts see it. */
export interface CatalogSku {
  id: string;
  productId: string;
  name: string;
  priceMinor: bigint;
  currency: string;
}

export interface RunningCarts extends ServiceUnderTest<OrdersApp> {
  tokens: { alice: string; bob: string; admin: string };
  /** CartService as the holder of `token` (a guest without one). */
  carts(token?: string): Client<typeof CartService>;
  /** The seeded catalog's first SKUs, the ones carts are filled with. */
  skus: CatalogSku[];
}

/**
 * Orders in-process on a fresh database, calling a real catalog (its own process, seeded) for prices
 * with its own client-credentials token; real tokens for alice, bob and ada (admin).
 */
export async function startCartsWithCatalog(): Promise<RunningCarts> {
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
  const upstream = await startServices(adminUrl, ["catalog"]);
  const catalogRpcUrl = upstream.services.catalog.rpcUrl;
  const db = await freshServiceDatabase("orders", ordersService.migrations.migrate);
  const svc = await startServiceUnderTest({
    service: "orders",
    databaseUrl: db.databaseUrl,
    migrate: ordersService.migrations.migrate,
    env: { [rpcUrlVariable("catalog")]: catalogRpcUrl },
    build: (env) => ordersService.build(loadOrdersConfig(env), createLogger("orders", "silent")),
  });
  const kc = testKeycloak();
  const [alice, bob, admin] = await Promise.all([userToken(kc, "alice"), userToken(kc, "bob"), userToken(kc, "ada")]);
  const catalog = createClient(CatalogService, createGrpcTransport({ baseUrl: catalogRpcUrl }));
  const { products } = await catalog.listProducts({ pageSize: 10 });
  const skus = products.flatMap((p) =>
    p.skus.map((s) => ({
      id: s.id,
      productId: p.id,
      name: s.name,
      priceMinor: s.price!.amountMinor,
      currency: s.price!.currencyCode,
    })),
  );
  return {
    ...svc,
    tokens: { alice, bob, admin },
    skus,
    carts: (token) =>
      createClient(CartService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) })),
    async stop() {
      await svc.stop();
      await db.drop();
      await upstream.stop();
    },
  };
}
