import {
  AppError,
  decodePageToken,
  encodePageToken,
  notFound,
  pageLimit,
  requireRole,
  type KeysetList,
  type Principal,
} from "@emporium/platform";
import type { RatingSummary, Review } from "../domain/review";
import { reviewPosted } from "./review-events";
import type { ReviewsDeps } from "./reviews-deps";

/** Reviews are written by people, as themselves: the author is always the token's subject. */
function author(principal: Principal | undefined): Principal {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user") throw new AppError("PERMISSION_DENIED", "reviews are written by people, not services");
  return p;
}

/** Creates the caller's review of a product and records ReviewPosted with it, in one transaction. */
export async function postReview(
  deps: ReviewsDeps,
  principal: Principal | undefined,
  input: { productId: string; rating: number; title: string; body: string },
): Promise<Review> {
  const p = author(principal);
  const now = deps.clock();
  return deps.reviews.transaction(async (tx) => {
    const created = await tx.insert({
      id: deps.newId(),
      authorId: p.subject,
      createTime: now,
      updateTime: now,
      ...input,
    });
    if (!created)
      throw new AppError("ALREADY_EXISTS", `you already reviewed product ${input.productId}; edit that review instead`);
    await tx.recordEvent(reviewPosted(created));
    return created;
  });
}

export async function editMyReview(
  deps: ReviewsDeps,
  principal: Principal | undefined,
  id: string,
  changes: { rating?: number; title?: string; body?: string },
): Promise<Review> {
  const updated = await deps.reviews.updateOwn(author(principal).subject, id, changes, deps.clock());
  if (!updated) throw notFound("review", id);
  return updated;
}

export async function deleteMyReview(deps: ReviewsDeps, principal: Principal | undefined, id: string): Promise<void> {
  if (!(await deps.reviews.deleteOwn(author(principal).subject, id))) throw notFound("review", id);
}

/** A product's reviews, newest first: a token of one product's reviews is refused by another's. */
const reviewsOf = (productId: string): KeysetList => ({ of: { reviewsOf: productId }, sortKey: "time" });

export async function listProductReviews(
  deps: ReviewsDeps,
  productId: string,
  pageSize: number,
  pageToken: string | undefined,
  tokenField = "page_token",
) {
  const limit = pageLimit(pageSize);
  const after = pageToken ? decodePageToken(reviewsOf(productId), pageToken, tokenField) : undefined;
  const rows = await deps.reviews.page(productId, limit, after && { time: String(after.key), id: after.id });
  const items = rows.slice(0, limit).map((review) => ({ review, cursor: cursorOf(review) }));
  return { items, nextPageToken: rows.length > limit ? items.at(-1)!.cursor : "" };
}

export const cursorOf = (r: Review) => encodePageToken(reviewsOf(r.productId), { key: r.createTime, id: r.id });

export const ratingSummaries = (deps: ReviewsDeps, productIds: readonly string[]): Promise<RatingSummary[]> =>
  deps.reviews.summaries([...new Set(productIds)]);
