import { Counter, type Registry } from "prom-client";
import type { ProductLoad } from "../application/catalog-deps";

export type LoadedPart = "skus" | "images" | "facets";

/**
 * `catalog_loads_total{part}`: the reads that loaded products' SKUs or pictures, or counted
 * facets. A read mask that leaves a part out leaves its count alone, which is how tests (and an
 * operator) see that nothing unasked was loaded.
 */
export class CatalogReadMetrics {
  private readonly counter: Counter<"part">;

  constructor(registry?: Registry) {
    this.counter = new Counter({
      name: "catalog_loads_total",
      help: "Catalog reads that loaded a part of products (skus, images) or counted facets",
      labelNames: ["part"],
      registers: registry ? [registry] : [],
    });
    for (const part of ["skus", "images", "facets"] as const) this.counter.inc({ part }, 0);
  }

  loaded(load: ProductLoad): void {
    if (load.skus) this.counter.inc({ part: "skus" });
    if (load.images) this.counter.inc({ part: "images" });
  }

  facets(): void {
    this.counter.inc({ part: "facets" });
  }

  /** The count so far, for tests in the same process. */
  async count(part: LoadedPart): Promise<number> {
    const { values } = await this.counter.get();
    return values.find((v) => v.labels.part === part)?.value ?? 0;
  }
}
