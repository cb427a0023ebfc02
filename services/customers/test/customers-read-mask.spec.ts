import { Code } from "@connectrpc/connect";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError, rpcJson } from "@emporium/testing";
import { ALICE, BOB, startCustomers, type RunningCustomers } from "./customers-harness";

describe("customers read masks (on the wire)", () => {
  let svc: RunningCustomers;
  beforeAll(async () => {
    svc = await startCustomers();
  });
  afterAll(() => svc.stop());

  it("GetMyProfile sends only the selected fields, nested ones within each address", async () => {
    const names = await rpcJson(
      svc.httpUrl,
      CustomersService.method.getMyProfile,
      { readMask: { paths: ["display_name"] } },
      svc.tokens.alice,
    );
    expect(names).toEqual({ status: 200, body: { customer: { displayName: "Alice A." } } });
    const cities = await rpcJson(
      svc.httpUrl,
      CustomersService.method.getMyProfile,
      { readMask: { paths: ["id", "addresses.city"] } },
      svc.tokens.alice,
    );
    expect(cities.body).toEqual({ customer: { id: ALICE, addresses: [{ city: "Berlin" }] } });
  });

  it("GetCustomer sends only the selected fields, and still hides private ones from others", async () => {
    const readMask = { paths: ["display_name", "email"] };
    const admin = await rpcJson(
      svc.httpUrl,
      CustomersService.method.getCustomer,
      { id: ALICE, readMask },
      svc.tokens.ada,
    );
    expect(admin.body).toEqual({ customer: { displayName: "Alice A.", email: "alice@example.test" } });
    const other = await rpcJson(
      svc.httpUrl,
      CustomersService.method.getCustomer,
      { id: ALICE, readMask },
      svc.tokens.bob,
    );
    expect(other.body).toEqual({ customer: { displayName: "Alice A." } });
  });

  it("BatchGetCustomers answers many in one call, in request order, each as GetCustomer would", async () => {
    const ids = [BOB, "nobody", ALICE, BOB];
    const anonymous = await rpcJson(svc.httpUrl, CustomersService.method.batchGetCustomers, {
      ids,
      readMask: { paths: ["id", "display_name"] },
    });
    expect(anonymous).toEqual({
      status: 200,
      body: {
        customers: [
          { id: BOB, displayName: "Bob B." },
          { id: ALICE, displayName: "Alice A." },
        ],
        missingIds: ["nobody"],
      },
    });
    // alice sees her own private fields, and only the public part of bob's.
    const readMask = { paths: ["display_name", "email", "addresses.city"] };
    const alice = await rpcJson(
      svc.httpUrl,
      CustomersService.method.batchGetCustomers,
      { ids: [ALICE, BOB], readMask },
      svc.tokens.alice,
    );
    expect(alice.body).toEqual({
      customers: [
        { displayName: "Alice A.", email: "alice@example.test", addresses: [{ city: "Berlin" }] },
        { displayName: "Bob B." },
      ],
    });
  });

  it("does not read the addresses table unless addresses are selected", async () => {
    const me = svc.client(svc.tokens.alice);
    await svc.app.pool.query("ALTER TABLE addresses RENAME TO addresses_moved_away");
    try {
      const masked = await me.getMyProfile({ readMask: { paths: ["id", "display_name", "email"] } });
      expect(masked.customer).toMatchObject({ id: ALICE, displayName: "Alice A.", email: "alice@example.test" });
      const admin = svc.client(svc.tokens.ada);
      const byId = await admin.getCustomer({ id: ALICE, readMask: { paths: ["email"] } });
      expect(byId.customer?.email).toBe("alice@example.test");
      const batch = await admin.batchGetCustomers({ ids: [ALICE, BOB], readMask: { paths: ["email"] } });
      expect(batch.customers.map((c) => c.email)).toEqual(["alice@example.test", "bob@example.test"]);
      const withAddresses = admin.batchGetCustomers({ ids: [ALICE], readMask: { paths: ["addresses"] } });
      expect((await rpcError(withAddresses)).code).toBe(Code.Internal);
      // The same calls asking for addresses do read the table, so the break above is a real one.
      expect((await rpcError(me.getMyProfile({ readMask: { paths: ["addresses.city"] } }))).code).toBe(Code.Internal);
      expect((await rpcError(me.getMyProfile({}))).code).toBe(Code.Internal);
    } finally {
      await svc.app.pool.query("ALTER TABLE addresses_moved_away RENAME TO addresses");
    }
  });

  it("refuses an unknown path with INVALID_ARGUMENT naming it", async () => {
    const err = await rpcError(
      svc.client(svc.tokens.alice).getCustomer({ id: ALICE, readMask: { paths: ["addresses.street"] } }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toContain('unknown field path "addresses.street" (Address has no field "street")');
    expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "read_mask", ruleId: "read_mask.paths" })]);
  });
});
