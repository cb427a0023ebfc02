import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof PaymentsService.method) =>
  `${PaymentsService.typeName}/${PaymentsService.method[method].name}`;
const signedIn: RpcAccess = { roles: ["customer", "admin"] };

/** Every RPC acts on the caller's own payments: a signed-in person. */
export const paymentsAccess: Record<string, RpcAccess> = {
  [rpc("createPayment")]: signedIn,
  [rpc("getPayment")]: signedIn,
  [rpc("listMyPayments")]: signedIn,
};
