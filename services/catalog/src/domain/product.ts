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

export interface Product {
  id: string;
  name: string;
  description: string;
  category: Category;
  skus: Sku[];
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
}

export interface ProductChanges {
  name?: string;
  description?: string;
  categoryId?: string;
  prices: Array<{ skuId: string; price: Money }>;
  /** Packed weight and size of existing SKUs; absent from older callers. */
  parcels?: Array<{ skuId: string; weightGrams: number; dimensions: Dimensions }>;
}
