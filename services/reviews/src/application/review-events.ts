import { ReviewPostedSchema } from "@emporium/contracts/emporium/reviews/v1/events_pb";
import type { EventToRecord } from "@emporium/platform";
import type { Review } from "../domain/review";

/** The events' CloudEvents source is `/emporium/reviews`. */
export const REVIEWS_EVENT_SOURCE = "reviews";

/**
 * A review's first version. Reviews carry no version column yet because no later event exists;
 * whoever adds one (e.g. ReviewEdited) adds the column starting at 1, which stays consistent.
 */
export const FIRST_REVIEW_VERSION = 1n;

export function reviewPosted(review: Review): EventToRecord<typeof ReviewPostedSchema> {
  return {
    schema: ReviewPostedSchema,
    aggregateId: review.id,
    aggregateVersion: FIRST_REVIEW_VERSION,
    payload: {
      reviewId: review.id,
      productId: review.productId,
      authorId: review.authorId,
      rating: review.rating,
      title: review.title,
    },
  };
}
