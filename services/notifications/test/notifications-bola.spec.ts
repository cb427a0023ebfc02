import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { CustomerRegisteredSchema } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { NotificationKind } from "@emporium/contracts/emporium/notifications/v1/notifications_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { welcomeCustomer } from "../src/application/welcome-customer";
import { ALICE, BOB, sourceEvent, startNotifications, type RunningNotifications } from "./notifications-harness";

type Connection = {
  myNotifications: {
    edges: Array<{ cursor: string; node: { id: string; kind: string; title: string; readAt: string | null } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe("notifications over RPC and GraphQL", () => {
  let svc: RunningNotifications;
  let alicesWelcome: string;
  let bobsWelcome: string;
  const welcome = async (customerId: string) => {
    await svc.inTx((tx) =>
      welcomeCustomer(
        svc.app.deps,
        tx,
        create(CustomerRegisteredSchema, { customerId, displayName: "" }),
        sourceEvent(CustomerRegisteredSchema.typeName),
      ),
    );
    return (
      await svc.app.pool.query<{ id: string }>(
        "SELECT id FROM notifications WHERE customer_id = $1 ORDER BY create_time DESC, id DESC LIMIT 1",
        [customerId],
      )
    ).rows[0]!.id;
  };
  beforeAll(async () => {
    svc = await startNotifications();
    alicesWelcome = await welcome(ALICE);
    bobsWelcome = await welcome(BOB);
  });
  afterAll(() => svc.stop());

  describe("watching", () => {
    it("watch and unwatch are idempotent", async () => {
      const alice = svc.client(svc.tokens.alice);
      const productId = `p-idem-${Date.now()}`;
      const first = (await alice.watchProduct({ productId })).watchedProduct!;
      const again = (await alice.watchProduct({ productId })).watchedProduct!;
      expect(again).toEqual(first);
      expect(await svc.count("SELECT count(*) AS n FROM watches WHERE product_id = $1", [productId])).toBe(1);
      expect((await alice.unwatchProduct({ productId })).wasWatching).toBe(true);
      expect((await alice.unwatchProduct({ productId })).wasWatching).toBe(false);
      expect(await svc.count("SELECT count(*) AS n FROM watches WHERE product_id = $1", [productId])).toBe(0);
    });

    it("lists only the caller's watched products, newest first, in bounded pages", async () => {
      const alice = svc.client(svc.tokens.alice);
      const ids = [1, 2, 3].map((i) => `p-list-${Date.now()}-${i}`);
      for (const productId of ids) await alice.watchProduct({ productId });
      await svc.client(svc.tokens.bob).watchProduct({ productId: "p-bobs-only" });
      const seen: string[] = [];
      let pageToken = "";
      do {
        const page = await alice.listWatchedProducts({ pageSize: 2, pageToken });
        expect(page.watchedProducts.length).toBeLessThanOrEqual(2);
        seen.push(...page.watchedProducts.map((w) => w.productId));
        pageToken = page.nextPageToken;
      } while (pageToken);
      expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
      expect(seen).not.toContain("p-bobs-only");
    });

    it("Product.watchedByMe through _entities: true for the watcher only, false for others and anonymous, one query per batch", async () => {
      const productId = `p-entity-${Date.now()}`;
      await svc.graphql(
        `mutation($p: ID!) { watchProduct(productId: $p) { id watchedByMe } }`,
        { p: productId },
        svc.tokens.alice,
      );
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id watchedByMe } } }`;
      const reps = [productId, ...Array.from({ length: 30 }, (_, i) => `p-other-${i}`)].map((id) => ({
        __typename: "Product",
        id,
      }));
      const spy = jest.spyOn(svc.app.pool, "query");
      let aliceView;
      try {
        aliceView = await svc.graphql<{ _entities: Array<{ id: string; watchedByMe: boolean }> }>(
          query,
          { r: reps },
          svc.tokens.alice,
        );
        expect(spy.mock.calls.filter(([sql]) => sql !== "SELECT 1")).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
      expect(aliceView.body.errors).toBeUndefined();
      expect(aliceView.body.data!._entities.filter((e) => e.watchedByMe).map((e) => e.id)).toEqual([productId]);
      for (const token of [svc.tokens.bob, undefined]) {
        const { body } = await svc.graphql<{ _entities: Array<{ watchedByMe: boolean }> }>(
          query,
          { r: reps.slice(0, 1) },
          token,
        );
        expect(body).toEqual({ data: { _entities: [{ id: productId, watchedByMe: false }] } });
      }
    });

    it("watchProduct and unwatchProduct mutations answer the product with watchedByMe", async () => {
      const p = `p-gql-${Date.now()}`;
      const watched = await svc.graphql(
        `mutation($p: ID!) { watchProduct(productId: $p) { id watchedByMe } }`,
        { p },
        svc.tokens.bob,
      );
      expect(watched.body).toEqual({ data: { watchProduct: { id: p, watchedByMe: true } } });
      const again = await svc.graphql(
        `mutation($p: ID!) { watchProduct(productId: $p) { id watchedByMe } }`,
        { p },
        svc.tokens.bob,
      );
      expect(again.body).toEqual(watched.body);
      const unwatched = await svc.graphql(
        `mutation($p: ID!) { unwatchProduct(productId: $p) { id watchedByMe } }`,
        { p },
        svc.tokens.bob,
      );
      expect(unwatched.body).toEqual({ data: { unwatchProduct: { id: p, watchedByMe: false } } });
      expect(await svc.count("SELECT count(*) AS n FROM watches WHERE product_id = $1", [p])).toBe(0);
    });
  });

  describe("a customer sees only their own notifications", () => {
    it("over RPC: own list only; naming another customer is PERMISSION_DENIED; an admin may", async () => {
      const mine = (await svc.client(svc.tokens.alice).listNotifications({})).notifications;
      expect(mine.map((n) => n.id)).toContain(alicesWelcome);
      expect(mine.every((n) => n.customerId === ALICE)).toBe(true);
      expect(mine.find((n) => n.id === alicesWelcome)).toMatchObject({
        kind: NotificationKind.WELCOME,
        title: "Welcome",
      });
      const err = await rpcError(svc.client(svc.tokens.alice).listNotifications({ customerId: BOB }));
      expect(err.code).toBe(Code.PermissionDenied);
      expect(err.rawMessage).toMatch(/only your own notifications/);
      const asAdmin = (await svc.client(svc.tokens.ada).listNotifications({ customerId: BOB })).notifications;
      expect(asAdmin.map((n) => n.id)).toContain(bobsWelcome);
      expect(asAdmin.every((n) => n.customerId === BOB)).toBe(true);
    });

    it("over RPC: another customer's notification cannot be marked read (NOT_FOUND) and stays unread", async () => {
      expect(
        (await rpcError(svc.client(svc.tokens.alice).markNotificationRead({ notificationId: bobsWelcome }))).code,
      ).toBe(Code.NotFound);
      expect(
        await svc.count("SELECT count(*) AS n FROM notifications WHERE id = $1 AND read_time IS NULL", [bobsWelcome]),
      ).toBe(1);
      const read = (await svc.client(svc.tokens.bob).markNotificationRead({ notificationId: bobsWelcome }))
        .notification!;
      expect(read.readTime).toBeDefined();
      // Again: unchanged.
      expect(
        (await svc.client(svc.tokens.bob).markNotificationRead({ notificationId: bobsWelcome })).notification!.readTime,
      ).toEqual(read.readTime);
    });

    it("over GraphQL: myNotifications is the caller's only, and a page token of another customer is refused", async () => {
      const q = `query($after: String) { myNotifications(first: 1, after: $after) { edges { cursor node { id kind title readAt } } pageInfo { hasNextPage endCursor } } }`;
      const alice = await svc.graphql<Connection>(q, {}, svc.tokens.alice);
      const bob = await svc.graphql<Connection>(q, {}, svc.tokens.bob);
      expect(alice.body.errors).toBeUndefined();
      expect(alice.body.data!.myNotifications.edges.map((e) => e.node.id)).toEqual([alicesWelcome]);
      expect(bob.body.data!.myNotifications.edges.map((e) => e.node.id)).toEqual([bobsWelcome]);
      expect(alice.body.data!.myNotifications.edges[0]!.node).toMatchObject({ kind: "WELCOME", title: "Welcome" });
      // Bob's cursor in Alice's hands shows her nothing of Bob's.
      const stolen = await svc.graphql<Connection>(
        q,
        { after: bob.body.data!.myNotifications.edges[0]!.cursor },
        svc.tokens.alice,
      );
      expect(stolen.body.data).toBeNull();
      expect(stolen.body.errors![0]!.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        violations: [expect.objectContaining({ field: "after" })],
      });
      const markBobs = await svc.graphql(
        `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`,
        { id: bobsWelcome },
        svc.tokens.alice,
      );
      expect(markBobs.body.errors![0]!.extensions.code).toBe("NOT_FOUND");
    });

    it("pages through notifications with cursors", async () => {
      for (let i = 0; i < 3; i++) await welcome(ALICE);
      const q = `query($after: String) { myNotifications(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { body }: { body: { data?: Connection | null } } = await svc.graphql<Connection>(
          q,
          { after },
          svc.tokens.alice,
        );
        ids.push(...body.data!.myNotifications.edges.map((e) => e.node.id));
        if (!body.data!.myNotifications.pageInfo.hasNextPage) break;
        after = body.data!.myNotifications.pageInfo.endCursor;
      }
      expect(ids).toHaveLength(
        await svc.count("SELECT count(*) AS n FROM notifications WHERE customer_id = $1", [ALICE]),
      );
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe("invalid input", () => {
    it("RPC: INVALID_ARGUMENT with violations, nothing written", async () => {
      const before = await svc.count("SELECT count(*) AS n FROM watches");
      for (const productId of ["", "x".repeat(65)]) {
        const err = await rpcError(svc.client(svc.tokens.alice).watchProduct({ productId }));
        expect(err.code).toBe(Code.InvalidArgument);
        expect(violationsOf(err).map((v) => v.field)).toEqual(["product_id"]);
      }
      expect(await svc.count("SELECT count(*) AS n FROM watches")).toBe(before);
      const alice = svc.client(svc.tokens.alice);
      const state = async () => [
        await svc.count("SELECT count(*) AS n FROM watches"),
        await svc.count("SELECT count(*) AS n FROM notifications WHERE read_time IS NOT NULL"),
      ];
      const stateBefore = await state();
      for (const id of ["", "x".repeat(65)]) {
        const calls: Array<[string, Promise<unknown>]> = [
          ["product_id", alice.unwatchProduct({ productId: id })],
          ["notification_id", alice.markNotificationRead({ notificationId: id })],
        ];
        for (const [field, call] of calls) {
          const err = await rpcError(call);
          expect(err.code).toBe(Code.InvalidArgument);
          expect(violationsOf(err).map((v) => v.field)).toEqual([field]);
        }
      }
      expect(await state()).toEqual(stateBefore);
      const list = await rpcError(
        svc.client(svc.tokens.alice).listNotifications({ pageSize: 101, pageToken: "x".repeat(513) }),
      );
      expect(list.code).toBe(Code.InvalidArgument);
      expect(
        violationsOf(list)
          .map((v) => v.field)
          .sort(),
      ).toEqual(["page_size", "page_token"]);
      const token = await rpcError(svc.client(svc.tokens.alice).listWatchedProducts({ pageToken: "not-a-token" }));
      expect(token.code).toBe(Code.InvalidArgument);
      expect(violationsOf(token)).toEqual([
        expect.objectContaining({ field: "page_token", ruleId: "page_token.valid" }),
      ]);
    });

    it("GraphQL: BAD_USER_INPUT with camelCase violations, nothing written", async () => {
      const before = await svc.count("SELECT count(*) AS n FROM watches");
      const readBefore = await svc.count("SELECT count(*) AS n FROM notifications WHERE read_time IS NOT NULL");
      const { body } = await svc.graphql(
        `mutation { watchProduct(productId: "${"x".repeat(65)}") { id } }`,
        {},
        svc.tokens.alice,
      );
      expect(body.data).toBeNull();
      expect(body.errors![0]!.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        violations: [expect.objectContaining({ field: "productId", ruleId: "string.max_len" })],
      });
      const tooLong = "x".repeat(65);
      const mutations: Array<[string, string]> = [
        [`mutation { unwatchProduct(productId: "${tooLong}") { id } }`, "productId"],
        [`mutation { markNotificationRead(id: "${tooLong}") { id } }`, "id"],
      ];
      for (const [mutation, field] of mutations) {
        const refused = await svc.graphql(mutation, {}, svc.tokens.alice);
        expect(refused.body.data).toBeNull();
        expect(refused.body.errors![0]!.extensions).toMatchObject({
          code: "BAD_USER_INPUT",
          violations: [expect.objectContaining({ field, ruleId: "string.max_len" })],
        });
      }
      expect(await svc.count("SELECT count(*) AS n FROM watches")).toBe(before);
      expect(await svc.count("SELECT count(*) AS n FROM notifications WHERE read_time IS NOT NULL")).toBe(readBefore);
      const page = await svc.graphql(`{ myNotifications(first: 0) { edges { cursor } } }`, {}, svc.tokens.alice);
      expect(page.body.errors![0]!.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        violations: [expect.objectContaining({ field: "first" })],
      });
    });
  });
});
