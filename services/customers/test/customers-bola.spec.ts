import { Code } from "@connectrpc/connect";
import { violationsOf } from "@emporium/platform";
import { rpcError } from "@emporium/testing";
import { ALICE, BOB, startCustomers, type RunningCustomers } from "./customers-harness";

/**
 * Broken object-level authorisation, case by case: customer A (alice) against customer B (bob),
 * over RPC, `me`, `_entities`, and with B's own ids.
 */

describe("customers: data about a person is private to them and admins", () => {
  let svc: RunningCustomers;
  let bobAddressId: string;
  const newAddress = {
    recipient: "Alice Archer",
    line1: "Torstraße 1",
    postalCode: "10119",
    city: "Berlin",
    countryCode: "DE",
  };
  beforeAll(async () => {
    svc = await startCustomers();
    bobAddressId = (await svc.client(svc.tokens.bob).getMyProfile({})).customer!.addresses[0]!.id;
  });
  afterAll(() => svc.stop());

  it("A reading B over RPC gets only B's public display name", async () => {
    const { customer } = await svc.client(svc.tokens.alice).getCustomer({ id: BOB });
    expect(customer).toMatchObject({ id: BOB, displayName: "Bob B.", email: "", addresses: [] });
    const asAdmin = (await svc.client(svc.tokens.ada).getCustomer({ id: BOB })).customer!;
    expect(asAdmin).toMatchObject({
      email: "bob@example.test",
      addresses: [expect.objectContaining({ city: "Lyon" })],
    });
    const anonymous = (await svc.client().getCustomer({ id: BOB })).customer!;
    expect(anonymous.email).toBe("");
  });

  it("`me` is always the caller, and there is no way to name someone else", async () => {
    const { body } = await svc.graphql<{ me: { id: string; email: string } }>(
      `{ me { id email addresses { city } } }`,
      undefined,
      svc.tokens.alice,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.me).toEqual({ id: ALICE, email: "alice@example.test", addresses: [{ city: "Berlin" }] });
    const anonymous = await svc.graphql(`{ me { id } }`);
    expect(anonymous.body.errors![0]!.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("A resolving B through _entities (as the gateway does for Review.author) gets FORBIDDEN for email and addresses", async () => {
    const { body } = await svc.graphql<{
      _entities: Array<{ id: string; displayName: string; email: string | null; addresses: unknown }>;
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id displayName email addresses { city } } } }`,
      {
        r: [
          { __typename: "Customer", id: BOB },
          { __typename: "Customer", id: ALICE },
        ],
      },
      svc.tokens.alice,
    );
    expect(body.data!._entities).toEqual([
      { id: BOB, displayName: "Bob B.", email: null, addresses: null },
      { id: ALICE, displayName: "Alice A.", email: "alice@example.test", addresses: [{ city: "Berlin" }] },
    ]);
    expect(body.errors!.map((e) => [e.path!.join("."), e.extensions.code])).toEqual([
      ["_entities.0.email", "FORBIDDEN"],
      ["_entities.0.addresses", "FORBIDDEN"],
    ]);
    const anonymous = await svc.graphql<{ _entities: Array<{ email: string | null }> }>(
      `{ _entities(representations: [{ __typename: "Customer", id: "${BOB}" }]) { ... on Customer { displayName email } } }`,
    );
    expect(anonymous.body.data!._entities[0]!.email).toBeNull();
    expect(anonymous.body.errors![0]!.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("A cannot read B's address by its id (NOT_FOUND, as for none); B reads it", async () => {
    const read = await rpcError(svc.client(svc.tokens.alice).getMyAddress({ addressId: bobAddressId }));
    expect(read.code).toBe(Code.NotFound);
    const { address } = await svc.client(svc.tokens.bob).getMyAddress({ addressId: bobAddressId });
    expect(address).toMatchObject({ id: bobAddressId, city: "Lyon" });
  });

  it("A cannot change B's address or remove it: NOT_FOUND, and B's address is unchanged", async () => {
    const update = await rpcError(
      svc
        .client(svc.tokens.alice)
        .updateMyAddress({ addressId: bobAddressId, address: { ...newAddress, city: "Hacked" } }),
    );
    expect(update.code).toBe(Code.NotFound);
    const remove = await rpcError(svc.client(svc.tokens.alice).removeMyAddress({ addressId: bobAddressId }));
    expect(remove.code).toBe(Code.NotFound);
    expect((await svc.client(svc.tokens.bob).getMyProfile({})).customer!.addresses).toEqual([
      expect.objectContaining({ id: bobAddressId, city: "Lyon" }),
    ]);
  });

  it("A cannot change B's profile: UpdateMyProfile only ever touches the caller", async () => {
    await svc.client(svc.tokens.alice).updateMyProfile({ displayName: "Alice the Great" });
    expect((await svc.client().getCustomer({ id: BOB })).customer!.displayName).toBe("Bob B.");
    expect((await svc.client().getCustomer({ id: ALICE })).customer!.displayName).toBe("Alice the Great");
  });

  it("manages one's own addresses; invalid input gets InvalidArgument with violations and writes nothing", async () => {
    const added = (await svc.client(svc.tokens.alice).addMyAddress({ address: newAddress })).customer!;
    expect(added.addresses.map((a) => a.line1)).toContain("Torstraße 1");
    const err = await rpcError(
      svc
        .client(svc.tokens.alice)
        .addMyAddress({ address: { ...newAddress, countryCode: "Germany", postalCode: "", recipient: "" } }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(
      violationsOf(err)
        .map((v) => v.field)
        .sort(),
    ).toEqual(["address.country_code", "address.postal_code", "address.recipient"]);
    expect((await svc.client(svc.tokens.alice).getMyProfile({})).customer!.addresses).toHaveLength(
      added.addresses.length,
    );
  });

  it("refuses invalid profile and address updates and removals with violations, changing nothing", async () => {
    const before = (await svc.client(svc.tokens.bob).getMyProfile({})).customer!;
    const name = await rpcError(svc.client(svc.tokens.bob).updateMyProfile({ displayName: "" }));
    expect(violationsOf(name)).toEqual([expect.objectContaining({ field: "display_name", ruleId: "string.min_len" })]);
    const addr = await rpcError(
      svc
        .client(svc.tokens.bob)
        .updateMyAddress({ addressId: bobAddressId, address: { ...newAddress, city: "", countryCode: "fr" } }),
    );
    expect(addr.code).toBe(Code.InvalidArgument);
    expect(
      violationsOf(addr)
        .map((v) => v.field)
        .sort(),
    ).toEqual(["address.city", "address.country_code"]);
    const missing = await rpcError(svc.client(svc.tokens.bob).addMyAddress({}));
    expect(violationsOf(missing)).toEqual([expect.objectContaining({ field: "address", ruleId: "required" })]);
    for (const [addressId, ruleId] of [
      ["", "string.min_len"],
      ["a".repeat(65), "string.max_len"],
    ] as const) {
      const remove = await rpcError(svc.client(svc.tokens.bob).removeMyAddress({ addressId }));
      expect(remove.code).toBe(Code.InvalidArgument);
      expect(violationsOf(remove)).toEqual([expect.objectContaining({ field: "address_id", ruleId })]);
    }
    expect((await svc.client(svc.tokens.bob).getMyProfile({})).customer).toEqual(before);
  });

  it("creates a profile on first use from the token's name and email", async () => {
    await svc.app.pool.query("DELETE FROM customers WHERE id = $1", [ALICE]);
    const [a, b] = await Promise.all([
      svc.client(svc.tokens.alice).getMyProfile({}),
      svc.client(svc.tokens.alice).getMyProfile({}),
    ]);
    expect(a.customer).toMatchObject({
      id: ALICE,
      displayName: "Alice A.",
      email: "alice@example.test",
      addresses: [],
    });
    expect(b.customer!.id).toBe(ALICE);
  });

  it("resolves 50 customer references with one storage query", async () => {
    const query = jest.spyOn(svc.app.pool, "query");
    try {
      const reps = Array.from({ length: 50 }, (_, i) => ({
        __typename: "Customer",
        id: i % 2 ? ALICE : `${BOB.slice(0, -2)}${String(i).padStart(2, "0")}`,
      }));
      const { body } = await svc.graphql<{ _entities: unknown[] }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { displayName } } }`,
        { r: reps },
      );
      expect(body.data!._entities).toHaveLength(50);
      // Storage lookups only: the readiness probe's "SELECT 1" may tick in between.
      expect(query.mock.calls.filter(([sql]) => sql !== "SELECT 1")).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
  });
});
