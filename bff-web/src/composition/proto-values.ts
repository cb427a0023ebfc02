import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import type { Money as ProtoMoney } from "@emporium/contracts/emporium/type/v1/money_pb";
import type { Money } from "@emporium/platform";

/** A proto Money as the kit's Money (what the GraphQL Money resolvers take). */
export const moneyOf = (m: ProtoMoney): Money => ({ currency: m.currencyCode, amountMinor: m.amountMinor });

/** Like moneyOf, for a field that may be unset (zero in `currency` then). */
export const moneyOr = (m: ProtoMoney | undefined, currency: string): Money =>
  m ? moneyOf(m) : { currency, amountMinor: 0n };

export const dateOf = (t: Timestamp | undefined): Date | null => (t ? timestampDate(t) : null);

/** A proto enum value by the name GraphQL gives it (`OrderStatus.PENDING` → "PENDING"); null when unset. */
export function enumName(enumObject: Record<number, string>, value: number): string | null {
  const name = enumObject[value];
  return name === undefined || name === "UNSPECIFIED" ? null : name;
}
