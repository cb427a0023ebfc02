import type { ConnectRouter } from "@connectrpc/connect";
import type { RpcAdapter } from "@emporium/platform";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import type { CatalogDeps } from "../application/catalog-deps";
import type { Product } from "../domain/product";
import { catalogAccess } from "./catalog-access";
import { createProduct } from "../application/create-product";
import { batchGetSkus } from "../application/batch-get-skus";
import { batchGetProducts, getProduct } from "../application/get-products";
import { listCategories, listProducts } from "../application/list-products";
import { updateProduct } from "../application/update-product";
import { facetsToProto, priceBandsFromProto, sortFromProto } from "./listing-mapping";
import { productReadMask } from "./product-read-mask";
import { newProductFromProto, productChangesFromProto, productSkuToProto, productToProto } from "./proto-mapping";

/** Connect handlers: proto in, use case, proto out. Validation and error mapping are interceptors. */
export function catalogRoutes(deps: CatalogDeps) {
  const toProto = (p: Product) => productToProto(p, deps.imageBaseUrl);
  return (router: ConnectRouter) =>
    router.service(CatalogService, {
      async getProduct(req) {
        const { mask, load } = productReadMask(req.readMask);
        return { product: mask.apply(toProto(await getProduct(deps, req.id, load))) };
      },
      async batchGetProducts(req) {
        const { mask, load } = productReadMask(req.readMask);
        const { products, missingIds } = await batchGetProducts(deps, req.ids, load);
        return { products: products.map((p) => mask.apply(toProto(p))), missingIds };
      },
      async batchGetSkus(req) {
        const { skus, missingIds } = await batchGetSkus(deps, req.ids);
        return { skus: skus.map(productSkuToProto), missingIds };
      },
      async listProducts(req) {
        const { mask, load } = productReadMask(req.readMask);
        const query = {
          pageSize: req.pageSize,
          pageToken: req.pageToken,
          categoryId: req.categoryId,
          text: req.query,
          sort: sortFromProto(req.sort),
          priceBands: priceBandsFromProto(req.priceBands),
          inStock: req.inStock,
          facets: req.includeFacets,
        };
        const page = await listProducts(deps, query, undefined, load);
        return {
          products: page.items.map((i) => mask.apply(toProto(i.product))),
          nextPageToken: page.nextPageToken,
          facets: page.facets && facetsToProto(page.facets),
        };
      },
      async listCategories() {
        return { categories: await listCategories(deps) };
      },
      async createProduct(req) {
        return {
          product: toProto(await createProduct(deps, newProductFromProto(req), req.idempotencyKey || undefined)),
        };
      },
      async updateProduct(req) {
        return {
          product: toProto(await updateProduct(deps, req.id, productChangesFromProto(req), req.expectedVersion)),
        };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const catalogRpc: RpcAdapter<CatalogDeps> = {
  services: [CatalogService],
  routes: catalogRoutes,
  access: catalogAccess,
};
