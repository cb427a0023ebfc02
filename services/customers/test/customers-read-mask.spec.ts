import { Code } from "@connectrpc/connect";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError, rpcJson } from "@emporium/testing";
import { ALICE, startCustomers, type RunningCustomers } from "./customers-harness";

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

  it("does not read the addresses table unless addresses are selected", async () => {
    const me = svc.client(svc.tokens.alice);
    await svc.app.pool.query("ALTER TABLE addresses RENAME TO addresses_moved_away");
    try {
      const masked = await me.getMyProfile({ readMask: { paths: ["id", "display_name", "email"] } });
      expect(masked.customer).toMatchObject({ id: ALICE, displayName: "Alice A.", email: "alice@example.test" });
      const byId = await svc.client(svc.tokens.ada).getCustomer({ id: ALICE, readMask: { paths: ["email"] } });
      expect(byId.customer?.email).toBe("alice@example.test");
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
