import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof CatalogService.method) =>
  `${CatalogService.typeName}/${CatalogService.method[method].name}`;

/** Who may call each catalog RPC: browsing is public, changing the catalog is for admins. */
export const catalogAccess: Record<string, RpcAccess> = {
  [rpc("getProduct")]: { public: true },
  [rpc("batchGetProducts")]: { public: true },
  // The same prices GetProduct shows anyone; orders prices carts and orders with it.
  [rpc("batchGetSkus")]: { public: true },
  [rpc("listProducts")]: { public: true },
  [rpc("listCategories")]: { public: true },
  [rpc("createProduct")]: { roles: ["admin"] },
  [rpc("updateProduct")]: { roles: ["admin"] },
};
