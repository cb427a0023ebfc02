import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema, type FieldMask } from "@bufbuild/protobuf/wkt";

/**
 * How the web schema's fields map to the services' resources (AIP-157 paths, relative to the
 * resource). A field another service answers needs only what it is looked up by: `rating` the
 * product id, `availability` and `inStock` the SKU ids. Fields not selected are not asked for, so
 * the service neither loads nor sends them.
 */
export const PRODUCT_CARD_FIELDS = {
  id: "id",
  name: "name",
  category: "category_id",
  fromPrice: "lowest_price",
  image: "images",
  rating: "id",
  inStock: "skus.id",
} as const;

export const PRODUCT_PAGE_FIELDS = {
  ...PRODUCT_CARD_FIELDS,
  description: "description",
  priceRange: "skus.price",
  images: "images",
  skus: "skus",
  "skus.available": "skus.id",
  availability: "skus.id",
  reviews: "id",
} as const;

/** Over reviews' `Review`; the author's name needs the author's id. */
export const REVIEW_FIELDS = {
  id: "id",
  rating: "rating",
  title: "title",
  body: "body",
  createdAt: "create_time",
  authorName: "author_id",
} as const;

/** Over orders' `Cart`. */
export const CART_FIELDS = {
  id: "id",
  version: "version",
  lines: "lines",
  subtotal: "subtotal",
  itemCount: "item_count",
} as const;

/** Over orders' `Order`; payment and shipment need only the id. */
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

/** Over notifications' `Notification`. */
export const NOTIFICATION_FIELDS = {
  id: "id",
  kind: "kind",
  title: "title",
  body: "body",
  read: "read_time",
  createdAt: "create_time",
  readAt: "read_time",
  product: "product_id",
  orderId: "order_id",
} as const;

/**
 * What the loaders read whatever the query selects: a batch is shared by every field of one level,
 * so each asks for what any of those fields shows, and the key it is matched by.
 */
export const AVAILABILITY_MASK = fieldMask(["sku_id", "available"]);
export const AUTHOR_MASK = fieldMask(["id", "display_name"]);
export const PAYMENT_MASK = fieldMask([
  "order_id",
  "status",
  "authorized_amount",
  "captured_amount",
  "refunded_amount",
  "decline_reason",
]);
export const SHIPMENT_MASK = fieldMask(["order_id", "status", "service_level", "failure_reason", "update_time"]);

/** The selection's mask with the resource's key added: every join and every cursor needs it. */
export function keyed(mask: FieldMask, key = "id"): FieldMask {
  return mask.paths.includes(key) ? mask : fieldMask([key, ...mask.paths]);
}

function fieldMask(paths: string[]): FieldMask {
  return create(FieldMaskSchema, { paths });
}
