import type { Principal } from "@emporium/platform";

export interface Address {
  id: string;
  recipient: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  countryCode: string;
}

export type AddressInput = Omit<Address, "id">;

export interface Customer {
  id: string;
  displayName: string;
  email: string;
  addresses: Address[];
  createTime: Date;
}

/** Data about a person is theirs and the admins': everyone else sees the public part only. */
export const canSeePrivate = (customerId: string, principal: Principal | undefined) =>
  principal !== undefined &&
  principal.kind === "user" &&
  (principal.subject === customerId || principal.roles.includes("admin"));

export function visibleTo(customer: Customer, principal: Principal | undefined): Customer {
  return canSeePrivate(customer.id, principal) ? customer : { ...customer, email: "", addresses: [] };
}

/** "Alice A." from "Alice Archer": enough to recognise a reviewer, not enough to find them. */
export function defaultDisplayName(name: string | undefined, fallback: string): string {
  const parts = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return fallback.slice(0, 60);
  return (parts.length === 1 ? parts[0]! : `${parts[0]} ${parts.at(-1)![0]}.`).slice(0, 60);
}
