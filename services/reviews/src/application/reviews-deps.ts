import type { DescMessage } from "@bufbuild/protobuf";
import type { EventToRecord } from "@emporium/platform";
import type { RatingSummary, Review } from "../domain/review";

/**
 * What the use cases need. The repository is a port: declared here, implemented in db/, wired in
 * by the composition root (app.ts). A clock and an id source so tests can fix time and ids.
 */
export interface ReviewsDeps {
  reviews: ReviewRepository;
  clock: () => Date;
  newId: () => string;
}

/** Reviews as stored; each write outside `transaction` is one statement. */
export interface ReviewRepository {
  /** Runs `work` in one transaction: all of its writes commit together, or none does. */
  transaction<T>(work: (tx: ReviewTransaction) => Promise<T>): Promise<T>;
  /** Scoped to the author: another person's review id matches nothing (undefined). */
  updateOwn(
    authorId: string,
    id: string,
    changes: { rating?: number; title?: string; body?: string },
    now: Date,
  ): Promise<Review | undefined>;
  /** Scoped to the author: another person's review id matches nothing (false). */
  deleteOwn(authorId: string, id: string): Promise<boolean>;
  /** Newest first, keyset after (create time, id); one more row than asked to know if more follow. */
  page(productId: string, limit: number, after?: { time: string; id: string }): Promise<Review[]>;
  /** The first `limit` reviews of many products in one query (the subgraph's batched field). */
  firstOfProducts(productIds: readonly string[], limit: number): Promise<Review[]>;
  summaries(productIds: readonly string[]): Promise<RatingSummary[]>;
}

/** The writes of one command, inside one transaction. */
export interface ReviewTransaction {
  /** Returns undefined when the author already reviewed the product (one review each). */
  insert(r: Review): Promise<Review | undefined>;
  /** Adds an event to the outbox in this transaction: it is published exactly when the change commits. */
  recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void>;
}
