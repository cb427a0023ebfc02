import { create } from "@bufbuild/protobuf";
import { CustomerRegisteredSchema } from "@emporium/contracts/emporium/customers/v1/events_pb";
import { dispatchPendingMessages, MAX_DELIVERY_ATTEMPTS } from "../src/application/dispatch-messages";
import { welcomeCustomer } from "../src/application/welcome-customer";
import type { Mailbox } from "../src/application/notifications-deps";
import { localMailbox } from "../src/db/local-mailbox";
import { pgDispatchTransaction } from "../src/db/repositories";
import type { Sql } from "../src/db/sql";
import { sourceEvent, startNotifications, type RunningNotifications } from "./notifications-harness";

/** The dispatcher against the real database; the tests call it instead of waiting for its timer. */
describe("message dispatcher", () => {
  let svc: RunningNotifications;
  beforeAll(async () => {
    svc = await startNotifications();
  });
  afterAll(() => svc.stop());

  const at = new Date("2026-03-01T12:00:00Z");
  const deps = (mailbox: (sql: Sql) => Mailbox = localMailbox) => ({
    dispatchTransaction: pgDispatchTransaction(svc.app.pool, mailbox),
    clock: () => at,
  });
  const welcome = (customerId: string, email: string) =>
    svc.inTx((tx) =>
      welcomeCustomer(
        svc.app.deps,
        tx,
        create(CustomerRegisteredSchema, { customerId, displayName: "Test T.", email }),
        sourceEvent(CustomerRegisteredSchema.typeName),
      ),
    );
  const statusOf = async (customerId: string) =>
    (
      await svc.app.pool.query<{
        status: string;
        attempts: number;
        delivered_time: Date | null;
        last_error: string | null;
      }>(
        "SELECT m.status, m.attempts, m.delivered_time, m.last_error FROM outgoing_messages m JOIN notifications n ON n.id = m.notification_id WHERE n.customer_id = $1",
        [customerId],
      )
    ).rows[0]!;

  it("delivers pending messages to the mailbox once and marks them delivered", async () => {
    const ids = [`d1-${Date.now()}`, `d2-${Date.now()}`];
    for (const id of ids) await welcome(id, `${id}@example.test`);
    // Also what earlier tests left pending: the count is everything pending now.
    const pending = await svc.count("SELECT count(*) AS n FROM outgoing_messages WHERE status = 'pending'");
    expect(pending).toBeGreaterThanOrEqual(2);
    expect(await dispatchPendingMessages(deps())).toBe(pending);
    for (const id of ids) {
      expect(await statusOf(id)).toMatchObject({ status: "delivered", attempts: 1, delivered_time: at });
      const mail = (
        await svc.app.pool.query("SELECT recipient, subject FROM mailbox WHERE recipient = $1", [`${id}@example.test`])
      ).rows;
      expect(mail).toEqual([{ recipient: `${id}@example.test`, subject: "Welcome to Emporium" }]);
    }
    // Nothing left: a second run sends nothing again.
    expect(await dispatchPendingMessages(deps())).toBe(0);
    expect(
      await svc.count("SELECT count(*) AS n FROM mailbox WHERE recipient = ANY($1)", [
        ids.map((id) => `${id}@example.test`),
      ]),
    ).toBe(2);
  });

  it("leaves undeliverable messages (no address) alone", async () => {
    const id = `nomail-${Date.now()}`;
    await welcome(id, "");
    expect(await statusOf(id)).toMatchObject({ status: "undeliverable", attempts: 0 });
    await dispatchPendingMessages(deps());
    expect(await statusOf(id)).toMatchObject({ status: "undeliverable", attempts: 0, delivered_time: null });
  });

  it("counts a failed send, keeps the others going, and gives up after the last attempt", async () => {
    const [bad, good] = [`bad-${Date.now()}`, `good-${Date.now()}`];
    await welcome(bad, `${bad}@example.test`);
    await welcome(good, `${good}@example.test`);
    const flaky = (sql: Sql): Mailbox => ({
      async deliver(message, when) {
        if (message.recipient.startsWith("bad-")) throw new Error("mailbox refused the recipient");
        await localMailbox(sql).deliver(message, when);
      },
    });
    expect(await dispatchPendingMessages(deps(flaky))).toBe(1);
    expect(await statusOf(good)).toMatchObject({ status: "delivered" });
    expect(await statusOf(bad)).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "mailbox refused the recipient",
    });
    for (let i = 1; i < MAX_DELIVERY_ATTEMPTS; i++) await dispatchPendingMessages(deps(flaky));
    expect(await statusOf(bad)).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS });
    expect(await svc.count("SELECT count(*) AS n FROM mailbox WHERE recipient = $1", [`${bad}@example.test`])).toBe(0);
  });
});
