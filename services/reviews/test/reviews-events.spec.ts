import { Code } from "@connectrpc/connect";
import { ReviewPostedSchema } from "@emporium/contracts/emporium/reviews/v1/events_pb";
import { lastSeq, payloadAs, recordedEvents, recordedSince, rpcError, type RecordedEvent } from "@emporium/testing";
import { ALICE, BOB, startReviews, type RunningReviews } from "./reviews-harness";

/** Commands are checked by what they leave in the outbox: the relay publishes exactly these rows. */
describe("reviews publishes through its outbox", () => {
  let svc: RunningReviews;
  let n = 0;
  const newProduct = () => `ev-product-${++n}`;
  const events = () => recordedEvents(svc.app.pool, [ReviewPostedSchema]);
  async function eventsOf(command: () => Promise<unknown>): Promise<RecordedEvent[]> {
    const since = lastSeq(await events());
    await command();
    return recordedSince(await events(), since);
  }

  beforeAll(async () => {
    svc = await startReviews();
  });
  afterAll(() => svc.stop());

  it("seeding records no events (seeded reviews are the starting state, not news)", async () => {
    expect((await svc.app.pool.query("SELECT 1 FROM reviews")).rowCount).toBeGreaterThan(0);
    expect(await events()).toEqual([]);
  });

  it("PostReview records exactly one ReviewPosted, at version 1, naming review, product, author, rating and title", async () => {
    const productId = newProduct();
    let reviewId = "";
    const recorded = await eventsOf(async () => {
      reviewId = (
        await svc.client(svc.tokens.alice).postReview({ productId, rating: 4, title: "Solid", body: "Does the job." })
      ).review!.id;
    });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      eventType: "emporium.reviews.v1.ReviewPosted",
      source: "/emporium/reviews",
      aggregateId: reviewId,
      aggregateVersion: 1n,
    });
    expect(payloadAs(recorded[0]!, ReviewPostedSchema)).toMatchObject({
      reviewId,
      productId,
      authorId: ALICE,
      rating: 4,
      title: "Solid",
    });
  });

  it("a review without a title is posted with an empty title", async () => {
    const recorded = await eventsOf(() =>
      svc.client(svc.tokens.bob).postReview({ productId: newProduct(), rating: 2, body: "Broke after a week." }),
    );
    expect(recorded.map((e) => payloadAs(e, ReviewPostedSchema)).map((p) => [p.authorId, p.rating, p.title])).toEqual([
      [BOB, 2, ""],
    ]);
  });

  it("refused posts record nothing: a second review of the same product, invalid input, no sign-in", async () => {
    const productId = newProduct();
    await svc.client(svc.tokens.alice).postReview({ productId, rating: 5, body: "Love it." });
    const reviews = async () =>
      (await svc.app.pool.query("SELECT count(*)::int AS n FROM reviews")).rows[0].n as number;
    const before = await reviews();
    const attempts: Array<[Code, () => Promise<unknown>]> = [
      [
        Code.AlreadyExists,
        () => svc.client(svc.tokens.alice).postReview({ productId, rating: 1, body: "Changed my mind." }),
      ],
      [Code.InvalidArgument, () => svc.client(svc.tokens.bob).postReview({ productId, rating: 6, body: "" })],
      [Code.Unauthenticated, () => svc.client().postReview({ productId, rating: 3, body: "Anonymous." })],
    ];
    for (const [code, attempt] of attempts) {
      const recorded = await eventsOf(async () => {
        expect((await rpcError(attempt())).code).toBe(code);
      });
      expect(recorded).toEqual([]);
    }
    expect(await reviews()).toBe(before);
  });

  it("editing and deleting a review record nothing (no events for them yet)", async () => {
    const { id } = (await svc.client(svc.tokens.bob).postReview({ productId: newProduct(), rating: 3, body: "Okay." }))
      .review!;
    expect(await eventsOf(() => svc.client(svc.tokens.bob).editMyReview({ reviewId: id, rating: 4 }))).toEqual([]);
    expect(await eventsOf(() => svc.client(svc.tokens.bob).deleteMyReview({ reviewId: id }))).toEqual([]);
  });
});
