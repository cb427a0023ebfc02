import type { PoolClient } from "@emporium/platform";
import type { ShippingDeps } from "../application/shipping-deps";
import { PgShippingRepositoryInTransaction } from "../db/shipping-repository";

/**
 * Shipping's deps for one command: the repository works inside the transaction the consumer holds
 * the command's inbox row in, so the effect and the reply commit with "this message was handled".
 */
export const depsInTransaction = (deps: ShippingDeps, tx: PoolClient): ShippingDeps => ({
  ...deps,
  shipping: new PgShippingRepositoryInTransaction(tx),
});
