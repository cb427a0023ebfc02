import DataLoader from "dataloader";
import { AppError, loaderById, type Principal } from "@emporium/platform";
import { getMyProfile } from "../application/customers";
import type { CustomersDeps } from "../application/customers-deps";
import { canSeePrivate, type Customer } from "../domain/customer";

export interface GraphContext {
  requestId: string;
  principal?: Principal;
  deps: CustomersDeps;
  customers: DataLoader<string, Customer | null>;
}

export function graphContext(deps: CustomersDeps): Omit<GraphContext, "requestId" | "principal"> {
  return {
    deps,
    customers: loaderById((ids) => deps.customers.byIds(ids)),
  };
}

/** Private fields are checked here, on the field, so no path (me, _entities, Review.author) skips it. */
const privateField =
  <K extends "email" | "addresses">(key: K) =>
  (c: Customer, _: unknown, ctx: GraphContext) => {
    if (!canSeePrivate(c.id, ctx.principal))
      throw new AppError(
        ctx.principal ? "PERMISSION_DENIED" : "UNAUTHENTICATED",
        `${key} is visible to the customer and admins only`,
      );
    return c[key];
  };

export const resolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: GraphContext) => getMyProfile(ctx.deps, ctx.principal),
  },
  Customer: {
    __resolveReference: (ref: { id: string }, ctx: GraphContext) => ctx.customers.load(ref.id),
    email: privateField("email"),
    addresses: privateField("addresses"),
  },
};
