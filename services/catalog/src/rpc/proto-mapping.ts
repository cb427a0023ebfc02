import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  ImageSize,
  ProductSchema,
  type Dimensions as DimensionsProto,
  type Product as ProductProto,
} from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import {
  ProductSkuSchema,
  type ProductSku,
  type CreateProductRequest,
  type UpdateProductRequest,
} from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import type { Money as MoneyProto } from "@emporium/contracts/emporium/type/v1/money_pb";
import type { Money } from "@emporium/platform";
import type { SkuOfProduct } from "../application/batch-get-skus";
import type { Dimensions, NewImage, NewProduct, Product, ProductChanges } from "../domain/product";
import { imageVariants, type ImageSizeName } from "../domain/product-images";

const IMAGE_SIZES: Record<ImageSizeName, ImageSize> = {
  thumb: ImageSize.THUMB,
  small: ImageSize.SMALL,
  medium: ImageSize.MEDIUM,
  large: ImageSize.LARGE,
};

/** A product on the wire; its pictures get each size's URL under the configured image base URL. */
export function productToProto(p: Product, imageBaseUrl: string): ProductProto {
  return create(ProductSchema, {
    id: p.id,
    name: p.name,
    description: p.description,
    categoryId: p.category.id,
    version: p.version,
    createTime: timestampFromDate(p.createTime),
    updateTime: timestampFromDate(p.updateTime),
    skus: p.skus.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      attributes: s.attributes,
      price: { currencyCode: s.price.currency, amountMinor: s.price.amountMinor },
      weightGrams: s.weightGrams,
      dimensions: s.dimensions,
    })),
    lowestPrice: { currencyCode: p.lowestPrice.currency, amountMinor: p.lowestPrice.amountMinor },
    images: p.images.map((image) => ({
      id: image.id,
      altText: image.altText,
      variants: imageVariants(imageBaseUrl, image).map((v) => ({
        size: IMAGE_SIZES[v.size],
        url: v.url,
        width: v.width,
      })),
    })),
  });
}

/** A SKU with its product's id and name, mapped as the product's own SKUs are. */
export function productSkuToProto({ sku, product }: SkuOfProduct): ProductSku {
  return create(ProductSkuSchema, {
    sku: productToProto({ ...product, skus: [sku], images: [] }, "").skus[0],
    productId: product.id,
    productName: product.name,
  });
}

const dimensions = (d: DimensionsProto): Dimensions => ({
  lengthMm: d.lengthMm,
  widthMm: d.widthMm,
  heightMm: d.heightMm,
});

// `required` rules in the protos guarantee price (and a parcel's dimensions) is set by the time these run.
const images = (specs: ReadonlyArray<{ key: string; altText: string }>): NewImage[] =>
  specs.map((i) => ({ key: i.key, altText: i.altText }));

const money = (m: MoneyProto | undefined): Money => ({ currency: m!.currencyCode, amountMinor: m!.amountMinor });

export function newProductFromProto(req: CreateProductRequest): NewProduct {
  return {
    name: req.name,
    description: req.description,
    categoryId: req.categoryId,
    skus: req.skus.map((s) => ({
      code: s.code,
      name: s.name,
      price: money(s.price),
      attributes: { ...s.attributes },
      ...(s.weightGrams !== undefined && { weightGrams: s.weightGrams }),
      ...(s.dimensions && { dimensions: dimensions(s.dimensions) }),
    })),
    images: images(req.images),
  };
}

export function productChangesFromProto(req: UpdateProductRequest): ProductChanges {
  return {
    name: req.name,
    description: req.description,
    categoryId: req.categoryId,
    prices: req.prices.map((p) => ({ skuId: p.skuId, price: money(p.price) })),
    parcels: req.parcels.map((p) => ({
      skuId: p.skuId,
      weightGrams: p.weightGrams,
      dimensions: dimensions(p.dimensions!),
    })),
    ...(req.images && { images: images(req.images.images) }),
  };
}
