import { AppError, notFound, requireRole, type Principal } from "@emporium/platform";
import { isOwnPayment, type Payment } from "../domain/payment";
import type { PaymentsDeps } from "./payments-deps";

/** The services that may read every payment (with their client-credentials token). */
export const PAYMENT_READING_SERVICES: readonly string[] = ["orders"];

/** Whose payments a caller may read: all of them, or one customer's. */
type ReadScope = { all: true } | { customerId: string };

/**
 * Payments are read by the orders service, by admins, and by a customer for their own orders
 * (the BFFs forward the customer's token). Any other service is refused, whatever its audience.
 */
export function readScope(principal: Principal | undefined): ReadScope {
  if (principal?.kind === "service") {
    if (PAYMENT_READING_SERVICES.includes(principal.clientId)) return { all: true };
    throw new AppError(
      "PERMISSION_DENIED",
      `payments are open to ${PAYMENT_READING_SERVICES.join(", ")}, not to ${principal.clientId}`,
    );
  }
  const person = requireRole(principal, "customer", "admin");
  return person.roles.includes("admin") ? { all: true } : { customerId: person.subject };
}

const visible = (scope: ReadScope, p: Payment) => "all" in scope || isOwnPayment(p, scope.customerId);

/** One payment; NOT_FOUND for one that does not exist or is another customer's (an id reveals nothing). */
export async function getPayment(deps: PaymentsDeps, principal: Principal | undefined, id: string): Promise<Payment> {
  const scope = readScope(principal);
  const found = await deps.payments.byId(id);
  if (!found || !visible(scope, found)) throw notFound("payment", id);
  return found;
}

/** The payments of these orders the caller may see, oldest first; other customers' are left out. */
export async function batchGetPaymentsByOrder(
  deps: PaymentsDeps,
  principal: Principal | undefined,
  orderIds: readonly string[],
): Promise<Payment[]> {
  const scope = readScope(principal);
  return (await deps.payments.byOrders([...new Set(orderIds)])).filter((p) => visible(scope, p));
}

/**
 * The payment an order shows: its latest one (a declined attempt may precede the one that went
 * through). For the graph's `Order.payment`, after the caller's scope was checked.
 */
export function currentPayment(payments: readonly Payment[]): Payment | undefined {
  return payments.reduce<Payment | undefined>(
    (latest, p) => (!latest || p.createTime >= latest.createTime ? p : latest),
    undefined,
  );
}
