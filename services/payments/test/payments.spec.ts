import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { ALICE, startPayments, type RunningPayments } from "./payments-harness";

describe("payments", () => {
  let svc: RunningPayments;
  beforeAll(async () => {
    svc = await startPayments();
  });
  afterAll(() => svc?.stop());

  it("creates a payment for the caller, who gets it back by its id", async () => {
    const { payment } = await svc.client(svc.tokens.alice).createPayment({ title: "First" });
    expect(payment).toMatchObject({ ownerId: ALICE, title: "First" });
    expect(payment!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const got = await svc.client(svc.tokens.alice).getPayment({ id: payment!.id });
    expect(got.payment).toEqual(payment);
  });

  it("answers NOT_FOUND for another person's payment, as for one that does not exist", async () => {
    const { payment } = await svc.client(svc.tokens.alice).createPayment({ title: "Alice's" });
    const err = await rpcError(svc.client(svc.tokens.bob).getPayment({ id: payment!.id }));
    expect(err.code).toBe(Code.NotFound);
  });

  it("lists the caller's own payments, newest first, page by page", async () => {
    const bob = svc.client(svc.tokens.bob);
    for (const title of ["one", "two", "three"]) await bob.createPayment({ title });
    const first = await bob.listMyPayments({ pageSize: 2 });
    expect(first.payments.map((x) => x.title)).toEqual(["three", "two"]);
    const second = await bob.listMyPayments({ pageSize: 2, pageToken: first.nextPageToken });
    expect(second.payments.map((x) => x.title)).toEqual(["one"]);
    expect(second.nextPageToken).toBe("");
    const err = await rpcError(svc.client(svc.tokens.alice).listMyPayments({ pageToken: first.nextPageToken }));
    expect(err.code).toBe(Code.InvalidArgument);
  });

  it("refuses an anonymous caller and an empty title", async () => {
    expect((await rpcError(svc.client().createPayment({ title: "x" }))).code).toBe(Code.Unauthenticated);
    const err = await rpcError(svc.client(svc.tokens.alice).createPayment({ title: "" }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err).map((v) => v.field)).toEqual(["title"]);
  });

  it("serves the caller's payments on its subgraph, and nothing without a token", async () => {
    const { payment } = await svc.client(svc.tokens.alice).createPayment({ title: "On the graph" });
    const query = `{ myPayments(first: 1) { edges { node { id title createdAt } } pageInfo { hasNextPage } } }`;
    const mine = await svc.graphql<{ myPayments: { edges: Array<{ node: unknown }> } }>(query, {}, svc.tokens.alice);
    expect(mine.body.data?.myPayments.edges.map((e) => e.node)).toEqual([
      { id: payment!.id, title: "On the graph", createdAt: expect.stringMatching(/Z$/) },
    ]);
    const anonymous = await svc.graphql(query);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});
