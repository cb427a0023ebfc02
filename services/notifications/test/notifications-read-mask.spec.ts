import { Code } from "@connectrpc/connect";
import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError, rpcJson } from "@emporium/testing";
import { ALICE, startNotifications, type RunningNotifications } from "./notifications-harness";

describe("notifications read masks (on the wire)", () => {
  let svc: RunningNotifications;
  beforeAll(async () => {
    svc = await startNotifications();
    await svc.app.pool.query(
      `INSERT INTO notifications (id, customer_id, kind, source_event_id, product_id, title, body, create_time)
       VALUES ('n-mask-1', $1, 'back_in_stock', 'ev-1', 'prod-mug', 'Back in stock', 'The mug is back.', now())`,
      [ALICE],
    );
  });
  afterAll(() => svc.stop());

  it("ListNotifications sends only the selected fields of each notification", async () => {
    const { status, body } = await rpcJson(
      svc.httpUrl,
      NotificationsService.method.listNotifications,
      { readMask: { paths: ["title", "kind"] } },
      svc.tokens.alice,
    );
    expect(status).toBe(200);
    expect(body).toEqual({ notifications: [{ kind: "NOTIFICATION_KIND_BACK_IN_STOCK", title: "Back in stock" }] });
    const full = await rpcJson(svc.httpUrl, NotificationsService.method.listNotifications, {}, svc.tokens.alice);
    expect(Object.keys((full.body["notifications"] as object[])[0]!)).toEqual(
      expect.arrayContaining(["id", "customerId", "kind", "title", "body", "productId", "createTime"]),
    );
  });

  it("refuses an unknown path with INVALID_ARGUMENT naming it", async () => {
    const err = await rpcError(svc.client(svc.tokens.alice).listNotifications({ readMask: { paths: ["subject"] } }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toContain('unknown field path "subject"');
    expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "read_mask", ruleId: "read_mask.paths" })]);
  });
});
