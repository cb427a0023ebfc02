import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  DeclineReason,
  PaymentSchema,
  PaymentStatus,
  RefundSchema,
} from "@emporium/contracts/emporium/payments/v1/payments_pb";
import type { Money as MoneyMessage } from "@emporium/contracts/emporium/type/v1/money_pb";
import type { Money } from "@emporium/platform";
import { captured, refunded, type Payment, type Refund } from "../domain/payment";

const moneyToProto = (m: Money) => ({ currencyCode: m.currency, amountMinor: m.amountMinor });

/** An optional amount of a request: unset means "all of it" to the use case. */
export const moneyFromProto = (m: MoneyMessage | undefined): Money | undefined =>
  m && { currency: m.currencyCode, amountMinor: m.amountMinor };

export const paymentToProto = (p: Payment) =>
  create(PaymentSchema, {
    id: p.id,
    orderId: p.orderId,
    customerId: p.customerId,
    status: PaymentStatus[p.status],
    authorizedAmount: moneyToProto(p.authorized),
    capturedAmount: moneyToProto(captured(p)),
    refundedAmount: moneyToProto(refunded(p)),
    declineReason: p.declineReason ? DeclineReason[p.declineReason] : DeclineReason.UNSPECIFIED,
    createTime: timestampFromDate(p.createTime),
    updateTime: timestampFromDate(p.updateTime),
  });

export const refundToProto = (r: Refund) =>
  create(RefundSchema, {
    id: r.id,
    paymentId: r.paymentId,
    amount: moneyToProto(r.amount),
    reason: r.reason,
    createTime: timestampFromDate(r.createTime),
  });
