import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof PaymentsService.method) =>
  `${PaymentsService.typeName}/${PaymentsService.method[method].name}`;

/** Money moves only for the orders service (the checkout saga), with its own client-credentials token. */
const ordersOnly: RpcAccess = { serviceCallers: ["orders"] };

/**
 * Reads are open to the orders service, admins and the payment's customer: the table lets any
 * caller through to the use case, which decides per payment (application/read-payments.ts) and
 * refuses anonymous callers and every other service.
 */
const decidedPerPayment: RpcAccess = { public: true };

export const paymentsAccess: Record<string, RpcAccess> = {
  [rpc("authorizePayment")]: ordersOnly,
  [rpc("capturePayment")]: ordersOnly,
  [rpc("voidPayment")]: ordersOnly,
  [rpc("refundPayment")]: ordersOnly,
  [rpc("getPayment")]: decidedPerPayment,
  [rpc("batchGetPaymentsByOrder")]: decidedPerPayment,
};
