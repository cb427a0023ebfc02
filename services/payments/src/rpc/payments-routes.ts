import type { ConnectRouter } from "@connectrpc/connect";
import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import { PaymentSchema } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import { principalKey, readMaskOf, type RpcAdapter } from "@emporium/platform";
import { authorizePayment } from "../application/authorize-payment";
import { capturePayment } from "../application/capture-payment";
import type { PaymentsDeps } from "../application/payments-deps";
import { batchGetPaymentsByOrder, getPayment } from "../application/read-payments";
import { refundPayment } from "../application/refund-payment";
import { voidPayment } from "../application/void-payment";
import { paymentsAccess } from "./payments-access";
import { moneyFromProto, paymentToProto, refundToProto } from "./proto-mapping";

export function paymentsRoutes(deps: PaymentsDeps) {
  return (router: ConnectRouter) =>
    router.service(PaymentsService, {
      async authorizePayment(req) {
        const payment = await authorizePayment(deps, {
          orderId: req.orderId,
          customerId: req.customerId,
          amount: moneyFromProto(req.amount)!,
          paymentMethodToken: req.paymentMethodToken,
          idempotencyKey: req.idempotencyKey,
          correlationId: req.correlationId,
        });
        return { payment: paymentToProto(payment) };
      },
      async capturePayment(req) {
        const { paymentId, correlationId } = req;
        const payment = await capturePayment(deps, { paymentId, amount: moneyFromProto(req.amount), correlationId });
        return { payment: paymentToProto(payment) };
      },
      async voidPayment(req) {
        return { payment: paymentToProto(await voidPayment(deps, req)) };
      },
      async refundPayment(req) {
        const { payment, refund } = await refundPayment(deps, {
          paymentId: req.paymentId,
          amount: moneyFromProto(req.amount),
          idempotencyKey: req.idempotencyKey,
          reason: req.reason,
          correlationId: req.correlationId,
        });
        return { payment: paymentToProto(payment), refund: refundToProto(refund) };
      },
      async getPayment(req, ctx) {
        const mask = readMaskOf(PaymentSchema, req.readMask);
        return { payment: mask.apply(paymentToProto(await getPayment(deps, ctx.values.get(principalKey), req.id))) };
      },
      async batchGetPaymentsByOrder(req, ctx) {
        const mask = readMaskOf(PaymentSchema, req.readMask);
        const payments = await batchGetPaymentsByOrder(deps, ctx.values.get(principalKey), req.orderIds);
        return { payments: payments.map((p) => mask.apply(paymentToProto(p))) };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const paymentsRpc: RpcAdapter<PaymentsDeps> = {
  services: [PaymentsService],
  routes: paymentsRoutes,
  access: paymentsAccess,
};
