import { clockAndIds, defineService, type ServiceApp } from "@emporium/platform";
import type { CustomersDeps } from "./application/customers-deps";
import { PgCustomerRepository } from "./db/customer-repository";
import { customersSubgraph } from "./graph/subgraph-schema";
import { customersRpc } from "./rpc/customers-routes";

export type CustomersApp = ServiceApp<CustomersDeps>;

/** The customers service's specifics; the composition is the platform's. */
export const customersService = defineService<CustomersDeps>("customers", __dirname, () => ({
  deps: (pool) => ({ customers: new PgCustomerRepository(pool), ...clockAndIds() }),
  rpc: customersRpc,
  subgraph: customersSubgraph,
}));
