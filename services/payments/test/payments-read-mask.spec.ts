import { Code } from "@connectrpc/connect";
import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError, rpcJson } from "@emporium/testing";
import { freshOrderId, startPayments, type RunningPayments } from "./payments-harness";

describe("payments read masks (on the wire)", () => {
  let svc: RunningPayments;
  const orderId = freshOrderId();
  let paymentId: string;
  beforeAll(async () => {
    svc = await startPayments();
    paymentId = (await svc.authorize({ orderId })).payment!.id;
  });
  afterAll(() => svc?.stop());

  it("GetPayment sends only the selected fields", async () => {
    const { status, body } = await rpcJson(
      svc.httpUrl,
      PaymentsService.method.getPayment,
      { id: paymentId, readMask: { paths: ["status", "authorized_amount.amount_minor"] } },
      svc.tokens.alice,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      payment: { status: "PAYMENT_STATUS_AUTHORIZED", authorizedAmount: { amountMinor: "2500" } },
    });
  });

  it("BatchGetPaymentsByOrder sends only the selected fields of each payment", async () => {
    const { body } = await rpcJson(
      svc.httpUrl,
      PaymentsService.method.batchGetPaymentsByOrder,
      { orderIds: [orderId], readMask: { paths: ["id", "order_id"] } },
      svc.tokens.alice,
    );
    expect(body).toEqual({ payments: [{ id: paymentId, orderId }] });
  });

  it("refuses an unknown path with INVALID_ARGUMENT naming it", async () => {
    const err = await rpcError(
      svc.client(svc.tokens.alice).getPayment({ id: paymentId, readMask: { paths: ["card_number"] } }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toContain('unknown field path "card_number"');
    expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "read_mask", ruleId: "read_mask.paths" })]);
  });
});
