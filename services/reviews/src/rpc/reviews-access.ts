import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof ReviewsService.method) =>
  `${ReviewsService.typeName}/${ReviewsService.method[method].name}`;
const signedIn: RpcAccess = { roles: ["customer", "admin"] };

/** Reading reviews is public; writing them needs a signed-in person, and only one's own. */
export const reviewsAccess: Record<string, RpcAccess> = {
  [rpc("postReview")]: signedIn,
  [rpc("editMyReview")]: signedIn,
  [rpc("deleteMyReview")]: signedIn,
  [rpc("listProductReviews")]: { public: true },
  [rpc("batchGetRatingSummaries")]: { public: true },
};
