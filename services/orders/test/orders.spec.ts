import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { ALICE, startOrders, type RunningOrders } from "./orders-harness";

describe("orders", () => {
  let svc: RunningOrders;
  beforeAll(async () => {
    svc = await startOrders();
  });
  afterAll(() => svc?.stop());

  it("creates a order for the caller, who gets it back by its id", async () => {
    const { order } = await svc.client(svc.tokens.alice).createOrder({ title: "First" });
    expect(order).toMatchObject({ ownerId: ALICE, title: "First" });
    expect(order!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const got = await svc.client(svc.tokens.alice).getOrder({ id: order!.id });
    expect(got.order).toEqual(order);
  });

  it("answers NOT_FOUND for another person's order, as for one that does not exist", async () => {
    const { order } = await svc.client(svc.tokens.alice).createOrder({ title: "Alice's" });
    const err = await rpcError(svc.client(svc.tokens.bob).getOrder({ id: order!.id }));
    expect(err.code).toBe(Code.NotFound);
  });

  it("lists the caller's own orders, newest first, page by page", async () => {
    const bob = svc.client(svc.tokens.bob);
    for (const title of ["one", "two", "three"]) await bob.createOrder({ title });
    const first = await bob.listMyOrders({ pageSize: 2 });
    expect(first.orders.map((x) => x.title)).toEqual(["three", "two"]);
    const second = await bob.listMyOrders({ pageSize: 2, pageToken: first.nextPageToken });
    expect(second.orders.map((x) => x.title)).toEqual(["one"]);
    expect(second.nextPageToken).toBe("");
    const err = await rpcError(svc.client(svc.tokens.alice).listMyOrders({ pageToken: first.nextPageToken }));
    expect(err.code).toBe(Code.InvalidArgument);
  });

  it("refuses an anonymous caller and an empty title", async () => {
    expect((await rpcError(svc.client().createOrder({ title: "x" }))).code).toBe(Code.Unauthenticated);
    const err = await rpcError(svc.client(svc.tokens.alice).createOrder({ title: "" }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err).map((v) => v.field)).toEqual(["title"]);
  });

  it("serves the caller's orders on its subgraph, and nothing without a token", async () => {
    const { order } = await svc.client(svc.tokens.alice).createOrder({ title: "On the graph" });
    const query = `{ myOrders(first: 1) { edges { node { id title createdAt } } pageInfo { hasNextPage } } }`;
    const mine = await svc.graphql<{ myOrders: { edges: Array<{ node: unknown }> } }>(query, {}, svc.tokens.alice);
    expect(mine.body.data?.myOrders.edges.map((e) => e.node)).toEqual([
      { id: order!.id, title: "On the graph", createdAt: expect.stringMatching(/Z$/) },
    ]);
    const anonymous = await svc.graphql(query);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});
