import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { ALICE, startShipping, type RunningShipping } from "./shipping-harness";

describe("shipping", () => {
  let svc: RunningShipping;
  beforeAll(async () => {
    svc = await startShipping();
  });
  afterAll(() => svc?.stop());

  it("creates a shipping for the caller, who gets it back by its id", async () => {
    const { shipping } = await svc.client(svc.tokens.alice).createShipping({ title: "First" });
    expect(shipping).toMatchObject({ ownerId: ALICE, title: "First" });
    expect(shipping!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const got = await svc.client(svc.tokens.alice).getShipping({ id: shipping!.id });
    expect(got.shipping).toEqual(shipping);
  });

  it("answers NOT_FOUND for another person's shipping, as for one that does not exist", async () => {
    const { shipping } = await svc.client(svc.tokens.alice).createShipping({ title: "Alice's" });
    const err = await rpcError(svc.client(svc.tokens.bob).getShipping({ id: shipping!.id }));
    expect(err.code).toBe(Code.NotFound);
  });

  it("lists the caller's own shippings, newest first, page by page", async () => {
    const bob = svc.client(svc.tokens.bob);
    for (const title of ["one", "two", "three"]) await bob.createShipping({ title });
    const first = await bob.listMyShippings({ pageSize: 2 });
    expect(first.shippings.map((x) => x.title)).toEqual(["three", "two"]);
    const second = await bob.listMyShippings({ pageSize: 2, pageToken: first.nextPageToken });
    expect(second.shippings.map((x) => x.title)).toEqual(["one"]);
    expect(second.nextPageToken).toBe("");
    const err = await rpcError(svc.client(svc.tokens.alice).listMyShippings({ pageToken: first.nextPageToken }));
    expect(err.code).toBe(Code.InvalidArgument);
  });

  it("refuses an anonymous caller and an empty title", async () => {
    expect((await rpcError(svc.client().createShipping({ title: "x" }))).code).toBe(Code.Unauthenticated);
    const err = await rpcError(svc.client(svc.tokens.alice).createShipping({ title: "" }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err).map((v) => v.field)).toEqual(["title"]);
  });

  it("serves the caller's shippings on its subgraph, and nothing without a token", async () => {
    const { shipping } = await svc.client(svc.tokens.alice).createShipping({ title: "On the graph" });
    const query = `{ myShippings(first: 1) { edges { node { id title createdAt } } pageInfo { hasNextPage } } }`;
    const mine = await svc.graphql<{ myShippings: { edges: Array<{ node: unknown }> } }>(query, {}, svc.tokens.alice);
    expect(mine.body.data?.myShippings.edges.map((e) => e.node)).toEqual([
      { id: shipping!.id, title: "On the graph", createdAt: expect.stringMatching(/Z$/) },
    ]);
    const anonymous = await svc.graphql(query);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});
