import {
  AppError,
  decodePageToken,
  encodePageToken,
  notFound,
  pageLimit,
  requireRole,
  type KeysetList,
  type Principal,
} from "@emporium/platform";
import type { Payment } from "../domain/payment";
import type { PaymentsDeps } from "./payments-deps";

/** Payments belong to people: the owner is always the token's subject, never a request field. */
function owner(principal: Principal | undefined): Principal {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user") throw new AppError("PERMISSION_DENIED", "payments belong to people, not services");
  return p;
}

export function createPayment(
  deps: PaymentsDeps,
  principal: Principal | undefined,
  input: { title: string },
): Promise<Payment> {
  const p = owner(principal);
  return deps.payments.insert({ id: deps.newId(), ownerId: p.subject, title: input.title, createTime: deps.clock() });
}

/** Another person's payment is NOT_FOUND, like one that does not exist: an id reveals nothing. */
export async function getPayment(deps: PaymentsDeps, principal: Principal | undefined, id: string): Promise<Payment> {
  const found = await deps.payments.findOwn(owner(principal).subject, id);
  if (!found) throw notFound("payment", id);
  return found;
}

/** The caller's payments, newest first: a token of one person's list is refused by another's. */
const paymentsOf = (ownerId: string): KeysetList => ({ of: { paymentsOf: ownerId }, sortKey: "time" });

export async function listMyPayments(
  deps: PaymentsDeps,
  principal: Principal | undefined,
  pageSize: number,
  pageToken: string | undefined,
  tokenField = "page_token",
) {
  const p = owner(principal);
  const limit = pageLimit(pageSize);
  const after = pageToken ? decodePageToken(paymentsOf(p.subject), pageToken, tokenField) : undefined;
  const rows = await deps.payments.pageOwn(
    p.subject,
    limit,
    after && { time: new Date(String(after.key)), id: after.id },
  );
  const items = rows.slice(0, limit).map((payment) => ({ payment, cursor: cursorOf(payment) }));
  return { items, nextPageToken: rows.length > limit ? items.at(-1)!.cursor : "" };
}

const cursorOf = (x: Payment) => encodePageToken(paymentsOf(x.ownerId), { key: x.createTime, id: x.id });
