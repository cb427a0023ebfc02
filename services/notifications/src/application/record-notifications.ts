import { AppError, type EventEnvelope } from "@emporium/platform";
import type { Contact } from "../domain/notification";
import { render, type RenderInput } from "../domain/render";
import type { NewNotification, NotificationRepositories } from "./notifications-deps";
import { notificationCreated } from "./notifications-events";

/** What the event handlers need besides the transaction they are given. */
export interface HandlerDeps {
  clock: () => Date;
  newId: () => string;
}

/** The parts of an event's envelope a handler uses: its id makes the effect idempotent. */
export type SourceEvent = Pick<EventEnvelope, "id" | "type">;

/**
 * Records one notification per recipient for one source event, each with its rendered email and
 * its NotificationCreated in the outbox (in the caller's transaction, never its own). Recipients
 * already notified for this event are skipped, and nothing is recorded for them.
 * Returns how many notifications were recorded.
 */
export async function recordNotifications(
  deps: HandlerDeps,
  tx: NotificationRepositories,
  source: SourceEvent,
  recipients: ReadonlyArray<{ customerId: string; contact: Contact | undefined }>,
  input: RenderInput & { productId?: string; reviewId?: string; orderId?: string },
): Promise<number> {
  const now = deps.clock();
  const items: NewNotification[] = recipients.map(({ customerId, contact }) => {
    const r = render(input, contact);
    return {
      notification: {
        id: deps.newId(),
        customerId,
        kind: input.kind,
        title: r.title,
        body: r.body,
        productId: input.productId ?? "",
        reviewId: input.reviewId ?? "",
        orderId: input.orderId ?? "",
        createTime: now,
      },
      sourceEventId: source.id,
      message: {
        id: deps.newId(),
        channel: "email",
        recipient: contact?.email ?? "",
        subject: r.subject,
        textBody: r.textBody,
        status: contact ? "pending" : "undeliverable",
      },
      ...(contact
        ? {}
        : {
            lastError: `no email address known for customer ${customerId} (they have not registered or signed in with an email yet)`,
          }),
    };
  });
  const recorded = new Set(await tx.notifications.record(items));
  const stored = items.filter((i) => recorded.has(i.notification.id));
  for (const { notification } of stored) await tx.recordEvent(notificationCreated(notification));
  return stored.length;
}

/** An event that can never be handled (a required field is empty): the consumer dead-letters it. */
export function requireFields(source: SourceEvent, fields: Record<string, string>): void {
  const missing = Object.entries(fields)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length)
    throw new AppError(
      "INVALID_ARGUMENT",
      `${source.type} ${source.id} lacks ${missing.join(", ")}`,
      missing.map((field) => ({ field, ruleId: "required", message: "must not be empty" })),
    );
}
