import {
  DateTimeScalar,
  inGraphqlPaths,
  invalidArgument,
  moneyFromInput,
  moneyResolvers,
  notFound,
  requireRole,
  validatedInput,
  type FieldViolation,
} from "@emporium/platform";
import {
  CreateProductRequestSchema,
  UpdateProductRequestSchema,
} from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { createProduct } from "../application/create-product";
import { listCategories } from "../application/list-products";
import { updateProduct } from "../application/update-product";
import type { Dimensions, Product, Sku } from "../domain/product";
import { newProductFromProto, productChangesFromProto } from "../rpc/proto-mapping";
import type { GraphContext } from "./graph-context";
import { imageResolvers } from "./image-resolvers";
import { listingResolvers } from "./listing-resolvers";

type ImageInput = { key: string; altText?: string | null };
type CreateInput = {
  images?: ImageInput[] | null;
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
  images?: ImageInput[] | null;
  id: string;
  name?: string | null;
  description?: string | null;
  categoryId?: string | null;
  expectedVersion?: string | null;
  prices?: Array<{ skuId: string; price: { amount: string; currency: string } }> | null;
  parcels?: Array<{ skuId: string; weightGrams: number; dimensions: Dimensions }> | null;
};

const imagesInput = (images: ImageInput[] | null | undefined) =>
  (images ?? []).map((i) => ({ key: i.key, altText: i.altText ?? "" }));

/** Every type's resolvers; the listing and the pictures have their own files. */
export const resolvers = {
  ...imageResolvers,
  ...listingResolvers,
  DateTime: DateTimeScalar,
  Query: {
    ...listingResolvers.Query,
    async product(_: unknown, args: { id: string }, ctx: GraphContext) {
      const product = await ctx.products.load(args.id);
      if (!product) throw notFound("product", args.id);
      return product;
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
        images: imagesInput(input.images),
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
        images: input.images ? { images: imagesInput(input.images) } : undefined,
        expectedVersion: input.expectedVersion != null ? BigInt(input.expectedVersion) : undefined,
      });
      return updateProduct(ctx.deps, req.id, productChangesFromProto(req), req.expectedVersion).catch(inGraphqlPaths);
    },
  },
  Product: {
    ...imageResolvers.Product,
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
