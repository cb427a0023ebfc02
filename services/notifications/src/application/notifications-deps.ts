import { AppError, requireRole, type Pool, type Principal } from "@emporium/platform";

export interface NotificationsDeps {
  pool: Pool;
  clock: () => Date;
  newId: () => string;
}

/** The caller as a person: "my" operations never take the customer id from the request. */
export function me(principal: Principal | undefined): Principal {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user")
    throw new AppError("PERMISSION_DENIED", "watches and notifications belong to people, not services");
  return p;
}
