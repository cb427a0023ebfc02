export type NotificationKind =
  | "back_in_stock"
  | "review_published"
  | "welcome"
  | "order_confirmed"
  | "order_cancelled"
  | "order_failed"
  | "order_shipped"
  | "order_delivered";

/** What a customer sees in the app. */
export interface Notification {
  id: string;
  customerId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Empty when it is not about a product. */
  productId: string;
  reviewId: string;
  /** Empty when it is not about an order. */
  orderId: string;
  createTime: Date;
  readTime: Date | undefined;
}

export interface WatchedProduct {
  customerId: string;
  productId: string;
  createTime: Date;
}

/** Where and how to reach a customer, as far as this service knows. */
export interface Contact {
  customerId: string;
  email: string;
  displayName: string;
}

export type MessageStatus = "pending" | "delivered" | "undeliverable" | "failed";

/** A notification rendered for a channel: the row the dispatcher delivers. */
export interface OutgoingMessage {
  id: string;
  notificationId: string;
  channel: "email";
  recipient: string;
  subject: string;
  textBody: string;
  status: MessageStatus;
}
