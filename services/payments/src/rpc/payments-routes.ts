import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import { PaymentSchema } from "@emporium/contracts/emporium/payments/v1/payments_pb";
import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import { principalKey, type RpcAdapter } from "@emporium/platform";
import { createPayment, getPayment, listMyPayments } from "../application/payments";
import type { PaymentsDeps } from "../application/payments-deps";
import { paymentsAccess } from "./payments-access";
import type { Payment } from "../domain/payment";

const toProto = (x: Payment) => create(PaymentSchema, { ...x, createTime: timestampFromDate(x.createTime) });

export function paymentsRoutes(deps: PaymentsDeps) {
  return (router: ConnectRouter) =>
    router.service(PaymentsService, {
      async createPayment(req, ctx) {
        return { payment: toProto(await createPayment(deps, ctx.values.get(principalKey), { title: req.title })) };
      },
      async getPayment(req, ctx) {
        return { payment: toProto(await getPayment(deps, ctx.values.get(principalKey), req.id)) };
      },
      async listMyPayments(req, ctx) {
        const page = await listMyPayments(deps, ctx.values.get(principalKey), req.pageSize, req.pageToken || undefined);
        return { payments: page.items.map((i) => toProto(i.payment)), nextPageToken: page.nextPageToken };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const paymentsRpc: RpcAdapter<PaymentsDeps> = {
  services: [PaymentsService],
  routes: paymentsRoutes,
  access: paymentsAccess,
};
