import DataLoader from "dataloader";
import {
  connectionLimit,
  DateTimeScalar,
  inGraphqlPaths,
  invalidArgument,
  loaderById,
  moneyFromInput,
  moneyResolvers,
  notFound,
  requireRole,
  validatedInput,
  type FieldViolation,
  type Principal,
} from "@emporium/platform";
import {
  CreateProductRequestSchema,
  UpdateProductRequestSchema,
} from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import type { CatalogDeps } from "../application/catalog-deps";
import { createProduct } from "../application/create-product";
import { listCategories, listProducts } from "../application/list-products";
import { updateProduct } from "../application/update-product";
import type { Category, Dimensions, Product, Sku } from "../domain/product";
import { newProductFromProto, productChangesFromProto } from "../rpc/proto-mapping";

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

type CreateInput = {
  name: string;
  description?: string | null;
  categoryId: string;
  idempotencyKey?: string | null;
  skus: Array<{
    code: string;
    name: string;
    price: { amount: string; currency: string };
    attributes?: Array<{ name: string; value: string }> | null;
    weightGrams?: number | null;
    dimensions?: Dimensions | null;
  }>;
};
type UpdateInput = {
  id: string;
  name?: string | null;
  description?: string | null;
  categoryId?: string | null;
  expectedVersion?: string | null;
  prices?: Array<{ skuId: string; price: { amount: string; currency: string } }> | null;
  parcels?: Array<{ skuId: string; weightGrams: number; dimensions: Dimensions }> | null;
};

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async product(_: unknown, args: { id: string }, ctx: GraphContext) {
      const product = await ctx.products.load(args.id);
      if (!product) throw notFound("product", args.id);
      return product;
    },
    async products(
      _: unknown,
      args: {
        first: number;
        after?: string | null;
        filter?: { categoryId?: string | null; query?: string | null } | null;
      },
      ctx: GraphContext,
    ) {
      const page = await listProducts(
        ctx.deps,
        {
          pageSize: connectionLimit(args.first),
          pageToken: args.after ?? undefined,
          categoryId: args.filter?.categoryId ?? undefined,
          text: args.filter?.query ?? undefined,
        },
        "after",
      );
      for (const item of page.items) ctx.products.prime(item.product.id, item.product);
      return {
        edges: page.items.map((i) => ({ cursor: i.cursor, node: i.product })),
        pageInfo: { hasNextPage: page.nextPageToken !== "", endCursor: page.items.at(-1)?.cursor ?? null },
      };
    },
    categories: (_: unknown, __: unknown, ctx: GraphContext) => listCategories(ctx.deps),
  },
  Mutation: {
    async createProduct(_: unknown, { input }: { input: CreateInput }, ctx: GraphContext) {
      requireRole(ctx.principal, "admin");
      const violations: FieldViolation[] = [];
      const skus = input.skus.map((s, i) => ({
        code: s.code,
        name: s.name,
        price: moneyFromInput(s.price, `skus[${i}].price`, violations),
        attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.name, a.value])),
        weightGrams: s.weightGrams ?? undefined,
        dimensions: s.dimensions ?? undefined,
      }));
      if (violations.length) throw invalidArgument(violations);
      const req = validatedInput(CreateProductRequestSchema, {
        name: input.name,
        description: input.description ?? "",
        categoryId: input.categoryId,
        skus,
        idempotencyKey: input.idempotencyKey ?? "",
      });
      return createProduct(ctx.deps, newProductFromProto(req), req.idempotencyKey || undefined).catch(inGraphqlPaths);
    },
    async updateProduct(_: unknown, { input }: { input: UpdateInput }, ctx: GraphContext) {
      requireRole(ctx.principal, "admin");
      const violations: FieldViolation[] = [];
      const prices = (input.prices ?? []).map((p, i) => ({
        skuId: p.skuId,
        price: moneyFromInput(p.price, `prices[${i}].price`, violations),
      }));
      if (input.expectedVersion != null && !/^\d{1,18}$/.test(input.expectedVersion))
        violations.push({ field: "expectedVersion", ruleId: "version.integer", message: "must be a positive integer" });
      if (violations.length) throw invalidArgument(violations);
      const req = validatedInput(UpdateProductRequestSchema, {
        id: input.id,
        name: input.name ?? undefined,
        description: input.description ?? undefined,
        categoryId: input.categoryId ?? undefined,
        prices,
        parcels: input.parcels ?? [],
        expectedVersion: input.expectedVersion != null ? BigInt(input.expectedVersion) : undefined,
      });
      return updateProduct(ctx.deps, req.id, productChangesFromProto(req), req.expectedVersion).catch(inGraphqlPaths);
    },
  },
  Product: {
    __resolveReference: (ref: { id: string }, ctx: GraphContext) => ctx.products.load(ref.id),
    version: (p: Product) => p.version.toString(),
    createdAt: (p: Product) => p.createTime,
    updatedAt: (p: Product) => p.updateTime,
    priceRange: (p: Product) => {
      const sorted = [...p.skus].sort((a, b) =>
        a.price.amountMinor < b.price.amountMinor ? -1 : a.price.amountMinor > b.price.amountMinor ? 1 : 0,
      );
      return { min: sorted[0]!.price, max: sorted.at(-1)!.price };
    },
  },
  Category: {
    __resolveReference: (ref: { id: string }, ctx: GraphContext) => ctx.categories.load(ref.id),
  },
  Sku: {
    attributes: (s: Sku) => Object.entries(s.attributes).map(([name, value]) => ({ name, value })),
  },
  Money: moneyResolvers,
};
