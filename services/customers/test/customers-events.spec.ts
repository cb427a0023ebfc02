import { Code } from "@connectrpc/connect";
import { CustomerRegisteredSchema } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { lastSeq, payloadAs, recordedEvents, recordedSince, rpcError, type RecordedEvent } from "@emporium/testing";
import { seedCustomers } from "../src/db/seed";
import { ALICE, BOB, startCustomers, type RunningCustomers } from "./customers-harness";

const ADA = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0003";

/** Commands are checked by what they leave in the outbox: the relay publishes exactly these rows. */
describe("customers publishes through its outbox", () => {
  let svc: RunningCustomers;
  const events = () => recordedEvents(svc.app.pool, [CustomerRegisteredSchema]);
  async function eventsOf(command: () => Promise<unknown>): Promise<RecordedEvent[]> {
    const since = lastSeq(await events());
    await command();
    return recordedSince(await events(), since);
  }
  const profiles = async (id: string) =>
    (await svc.app.pool.query("SELECT 1 FROM customers WHERE id = $1", [id])).rowCount;

  beforeAll(async () => {
    // No seed: the realm's users have no profile yet, so their first call creates it.
    svc = await startCustomers({ seed: false });
  });
  afterAll(() => svc.stop());

  it("concurrent first calls (RPC and `me`) create one profile and record exactly one CustomerRegistered", async () => {
    const alice = svc.client(svc.tokens.alice);
    let profile: Awaited<ReturnType<typeof alice.getMyProfile>>["customer"];
    const recorded = await eventsOf(async () => {
      const calls = await Promise.all([
        ...Array.from({ length: 12 }, () => alice.getMyProfile({})),
        ...Array.from({ length: 4 }, () =>
          svc.graphql<{ me: { id: string } }>("{ me { id } }", undefined, svc.tokens.alice),
        ),
      ]);
      profile = (calls[0] as { customer: typeof profile }).customer;
    });
    expect(profile!.id).toBe(ALICE);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      eventType: "emporium.customers.v1.CustomerRegistered",
      source: "/emporium/customers",
      aggregateId: ALICE,
      aggregateVersion: 1n,
    });
    expect(payloadAs(recorded[0]!, CustomerRegisteredSchema)).toMatchObject({
      customerId: ALICE,
      displayName: profile!.displayName,
      email: "alice@example.test",
    });
    expect(profile!.displayName).not.toBe("");
    // Later use is not a registration.
    expect(await eventsOf(() => alice.getMyProfile({}))).toEqual([]);
    expect(
      await eventsOf(() =>
        alice.addMyAddress({
          address: {
            recipient: "Alice Archer",
            line1: "Torstraße 1",
            postalCode: "10119",
            city: "Berlin",
            countryCode: "DE",
          },
        }),
      ),
    ).toEqual([]);
  });

  it("a refused first call registers nobody; the first accepted one registers once", async () => {
    const bob = svc.client(svc.tokens.bob);
    const refused: Array<[Code, () => Promise<unknown>]> = [
      [Code.InvalidArgument, () => bob.updateMyProfile({ displayName: "x".repeat(61) })],
      [Code.Unauthenticated, () => svc.client().getMyProfile({})],
    ];
    for (const [code, attempt] of refused) {
      const recorded = await eventsOf(async () => {
        expect((await rpcError(attempt())).code).toBe(code);
      });
      expect(recorded).toEqual([]);
    }
    expect(await profiles(BOB)).toBe(0);
    const recorded = await eventsOf(() => bob.updateMyProfile({ displayName: "Bobby" }));
    expect(recorded.map((e) => [e.eventType, e.aggregateId])).toEqual([
      ["emporium.customers.v1.CustomerRegistered", BOB],
    ]);
    // Registered with the name from the token; the rename is a later change, not part of the registration.
    expect(payloadAs(recorded[0]!, CustomerRegisteredSchema).displayName).not.toBe("Bobby");
  });

  it("seeding records no events, and a seeded person's first call is not a registration", async () => {
    expect(await profiles(ADA)).toBe(0);
    expect(await eventsOf(() => seedCustomers(svc.app.pool))).toEqual([]);
    expect(await eventsOf(() => svc.client(svc.tokens.ada).getMyProfile({}))).toEqual([]);
  });
});
