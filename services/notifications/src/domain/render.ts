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
  | { kind: "welcome"; displayName: string };

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
