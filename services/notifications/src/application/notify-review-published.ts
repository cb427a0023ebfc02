import type { ReviewPosted } from "@emporium/contracts/emporium/reviews/v1/events_pb";
import type { NotificationRepositories } from "./notifications-deps";
import { recordNotifications, requireFields, type HandlerDeps, type SourceEvent } from "./record-notifications";

/** ReviewPosted → "review published" to its author. */
export async function notifyReviewPublished(
  deps: HandlerDeps,
  tx: NotificationRepositories,
  event: ReviewPosted,
  source: SourceEvent,
): Promise<number> {
  requireFields(source, { review_id: event.reviewId, product_id: event.productId, author_id: event.authorId });
  const contact = await tx.contacts.get(event.authorId);
  return recordNotifications(deps, tx, source, [{ customerId: event.authorId, contact }], {
    kind: "review_published",
    productId: event.productId,
    reviewId: event.reviewId,
    rating: event.rating,
    title: event.title,
  });
}
