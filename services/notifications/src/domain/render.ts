import type { Contact } from "./notification";

/** The in-app text of a notification and the email rendered from it; pure, so tests read it back. */
export interface Rendered {
  title: string;
  body: string;
  subject: string;
  textBody: string;
}

export type RenderInput =
  | { kind: "back_in_stock"; productId: string; available: bigint }
  | { kind: "review_published"; productId: string; reviewId: string; rating: number; title: string }
  | { kind: "welcome"; displayName: string }
  | { kind: OrderNotificationKind; orderId: string; reason: string };

/** The order statuses a customer hears about, by the notification they get. */
export type OrderNotificationKind =
  "order_confirmed" | "order_cancelled" | "order_failed" | "order_shipped" | "order_delivered";

const greeting = (name: string) => (name ? `Hello ${name},` : "Hello,");
const footer = "\n\n— Emporium\nYou get this email because of your Emporium account.";

export function render(input: RenderInput, contact: Pick<Contact, "displayName"> | undefined): Rendered {
  const hello = greeting(contact?.displayName ?? "");
  switch (input.kind) {
    case "back_in_stock": {
      const body = `Product ${input.productId} is back in stock (${input.available} available).`;
      return {
        title: "Back in stock",
        body,
        subject: "Back in stock: a product you watch",
        textBody: `${hello}\n\n${body} You keep watching it; unwatch it any time.${footer}`,
      };
    }
    case "review_published": {
      const about = input.title ? `"${input.title}" (${input.rating}/5)` : `(${input.rating}/5)`;
      const body = `Your review ${about} of product ${input.productId} is published.`;
      return {
        title: "Review published",
        body,
        subject: "Your review is published",
        textBody: `${hello}\n\n${body}${footer}`,
      };
    }
    case "order_confirmed":
    case "order_cancelled":
    case "order_failed":
    case "order_shipped":
    case "order_delivered": {
      const { title, subject, says } = ORDER_TEXTS[input.kind];
      const because = input.reason ? ` Reason: ${input.reason}.` : "";
      const body = `Your order ${input.orderId} ${says}.${because}`;
      return { title, body, subject, textBody: `${hello}\n\n${body}${footer}` };
    }
    case "welcome": {
      const body = "Welcome to Emporium: watch a product to hear when it is back in stock.";
      return {
        title: "Welcome",
        body,
        subject: "Welcome to Emporium",
        textBody: `${greeting(input.displayName || contact?.displayName || "")}\n\n${body}${footer}`,
      };
    }
  }
}

const ORDER_TEXTS: Record<OrderNotificationKind, { title: string; subject: string; says: string }> = {
  order_confirmed: {
    title: "Order confirmed",
    subject: "Your order is confirmed",
    says: "is confirmed: it is paid for and the parcel is booked",
  },
  order_cancelled: {
    title: "Order cancelled",
    subject: "Your order is cancelled",
    says: "is cancelled; anything you paid is refunded",
  },
  order_failed: {
    title: "Order not completed",
    subject: "We could not complete your order",
    says: "could not be completed; anything held or taken from your payment method is given back",
  },
  order_shipped: { title: "Order shipped", subject: "Your order is on its way", says: "is with the carrier" },
  order_delivered: { title: "Order delivered", subject: "Your order was delivered", says: "was delivered" },
};
