import type { FieldMask } from "@bufbuild/protobuf/wkt";

/**
 * How the web schema's product fields map to catalog's `Product` (AIP-157 paths). A field another
 * service answers needs only what it is looked up by: `rating` the id, `availability` and `inStock`
 * the SKU ids. Fields not selected are not asked for, so catalog neither loads nor sends them.
 */
export const PRODUCT_CARD_FIELDS = {
  id: "id",
  name: "name",
  category: "category_id",
  priceRange: "skus.price",
  image: "images",
  rating: "id",
  inStock: "skus.id",
} as const;

export const PRODUCT_PAGE_FIELDS = {
  ...PRODUCT_CARD_FIELDS,
  description: "description",
  images: "images",
  skus: "skus",
  "skus.available": "skus.id",
  availability: "skus.id",
  reviews: "id",
} as const;

/** The request with the read mask set; the id is always read (every join needs it). */
export function withReadMask<R extends object>(request: R, mask: FieldMask): R {
  const paths = mask.paths.includes("id") ? mask.paths : ["id", ...mask.paths];
  return { ...request, readMask: { paths } };
}

/** The web schema's order fields over orders' `Order`; payment and shipment need only the id. */
export const ORDER_FIELDS = {
  id: "id",
  status: "status",
  statusReason: "status_reason",
  placedAt: "create_time",
  updatedAt: "update_time",
  itemCount: "lines.quantity",
  lines: "lines",
  shippingAddress: "shipping_address",
  subtotal: "subtotal",
  shipping: "shipping",
  total: "total",
  payment: "id",
  shipment: "id",
} as const;

/** My account over customers' `Customer`. */
export const ACCOUNT_FIELDS = {
  id: "id",
  displayName: "display_name",
  email: "email",
  addresses: "addresses",
} as const;
