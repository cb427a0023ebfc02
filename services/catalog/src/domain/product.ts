import type { Money } from "@emporium/platform";

export interface Category {
  id: string;
  slug: string;
  name: string;
}

/** A SKU's size as packed for shipping, in millimetres. */
export interface Dimensions {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

/** What shipping needs of a SKU: its weight and size as packed. Unknown until someone records them. */
export interface Parcel {
  weightGrams?: number;
  dimensions?: Dimensions;
}

export interface Sku extends Parcel {
  id: string;
  code: string;
  name: string;
  price: Money;
  attributes: Record<string, string>;
}

/** A picture of a product: its key in the image store and what it shows, for those who cannot see it. */
export interface ProductImage {
  id: string;
  key: string;
  altText: string;
}

export type NewImage = Omit<ProductImage, "id">;

/**
 * A product as read. A read that was not asked for SKUs or images (a read mask without them) leaves
 * those lists empty rather than loading them.
 */
export interface Product {
  id: string;
  name: string;
  description: string;
  category: Category;
  skus: Sku[];
  images: ProductImage[];
  /** The lowest SKU price; known without loading the SKUs. */
  lowestPrice: Money;
  version: bigint;
  createTime: Date;
  updateTime: Date;
}

export interface NewSku extends Parcel {
  code: string;
  name: string;
  price: Money;
  attributes: Record<string, string>;
}

export interface NewProduct {
  name: string;
  description: string;
  categoryId: string;
  skus: NewSku[];
  images?: NewImage[];
}

export interface ProductChanges {
  name?: string;
  description?: string;
  categoryId?: string;
  prices: Array<{ skuId: string; price: Money }>;
  /** Packed weight and size of existing SKUs; absent from older callers. */
  parcels?: Array<{ skuId: string; weightGrams: number; dimensions: Dimensions }>;
  /** Set: the product's pictures become exactly these. */
  images?: NewImage[];
}

/** The lowest SKU price in minor units, what listings sort and filter by (products are single-currency). */
export const lowestPriceMinor = (skus: ReadonlyArray<{ price: Money }>): bigint =>
  skus.reduce((min, s) => (s.price.amountMinor < min ? s.price.amountMinor : min), skus[0]?.price.amountMinor ?? 0n);
