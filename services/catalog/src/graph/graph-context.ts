import DataLoader from "dataloader";
import { loaderById, type Principal } from "@emporium/platform";
import type { CatalogDeps } from "../application/catalog-deps";
import type { Category, Product } from "../domain/product";

export interface GraphContext {
  requestId: string;
  /** The verified caller, if a token was sent (the gateway forwards the user's). */
  principal?: Principal;
  deps: CatalogDeps;
  products: DataLoader<string, Product | null>;
  categories: DataLoader<string, Category | null>;
}

/** Per-request loaders: every product reference in one GraphQL request costs one query in all. */
export function graphContext(deps: CatalogDeps): Omit<GraphContext, "requestId" | "principal"> {
  return {
    deps,
    products: loaderById((ids) => deps.products.findByIds(ids)),
    categories: new DataLoader(async (ids) => {
      const all = new Map((await deps.products.listCategories()).map((c) => [c.id, c]));
      return ids.map((id) => all.get(id) ?? null);
    }),
  };
}
