import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import { RatingSummarySchema, ReviewSchema } from "@emporium/contracts/emporium/reviews/v1/reviews_pb";
import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import { principalKey, readMaskOf, type RpcAdapter } from "@emporium/platform";
import { deleteMyReview, editMyReview, listProductReviews, postReview, ratingSummaries } from "../application/reviews";
import type { ReviewsDeps } from "../application/reviews-deps";
import { reviewsAccess } from "./reviews-access";
import type { Review } from "../domain/review";

const toProto = (r: Review) =>
  create(ReviewSchema, {
    ...r,
    createTime: timestampFromDate(r.createTime),
    updateTime: timestampFromDate(r.updateTime),
  });

export function reviewsRoutes(deps: ReviewsDeps) {
  return (router: ConnectRouter) =>
    router.service(ReviewsService, {
      async postReview(req, ctx) {
        return {
          review: toProto(
            await postReview(deps, ctx.values.get(principalKey), {
              productId: req.productId,
              rating: req.rating,
              title: req.title,
              body: req.body,
            }),
          ),
        };
      },
      async editMyReview(req, ctx) {
        return {
          review: toProto(
            await editMyReview(deps, ctx.values.get(principalKey), req.reviewId, {
              rating: req.rating,
              title: req.title,
              body: req.body,
            }),
          ),
        };
      },
      async deleteMyReview(req, ctx) {
        await deleteMyReview(deps, ctx.values.get(principalKey), req.reviewId);
        return {};
      },
      async listProductReviews(req) {
        const mask = readMaskOf(ReviewSchema, req.readMask);
        const page = await listProductReviews(deps, req.productId, req.pageSize, req.pageToken || undefined);
        return { reviews: page.items.map((i) => mask.apply(toProto(i.review))), nextPageToken: page.nextPageToken };
      },
      async batchGetRatingSummaries(req) {
        const mask = readMaskOf(RatingSummarySchema, req.readMask);
        const summaries = await ratingSummaries(deps, req.productIds);
        return {
          summaries: summaries.map((s) => mask.apply(create(RatingSummarySchema, { ...s, count: BigInt(s.count) }))),
        };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const reviewsRpc: RpcAdapter<ReviewsDeps> = {
  services: [ReviewsService],
  routes: reviewsRoutes,
  access: reviewsAccess,
};
