import type { Money } from "@emporium/platform";

export interface Category {
  id: string;
  slug: string;
  name: string;
}

export interface Sku {
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

export interface NewSku {
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
}
