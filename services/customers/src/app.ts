import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import {
  clockAndIds,
  createServiceApp,
  serviceMigrations,
  type Logger,
  type ServiceApp,
  type ServiceConfig,
} from "@emporium/platform";
import type { CustomersDeps } from "./application/customers-deps";
import { PgCustomerRepository } from "./db/customer-repository";
import { graphContext } from "./graph/resolvers";
import { customersSubgraphSchema } from "./graph/subgraph-schema";
import { customersAccess } from "./rpc/customers-access";
import { customersRoutes } from "./rpc/customers-routes";

export const customersMigrations = serviceMigrations(__dirname);

export type CustomersApp = ServiceApp<CustomersDeps>;

/** The customers service's specifics; the composition is the platform's. */
export const buildCustomersApp = (config: ServiceConfig, logger: Logger): Promise<CustomersApp> =>
  createServiceApp({
    name: "customers",
    config,
    logger,
    migrations: customersMigrations,
    deps: (pool) => ({ customers: new PgCustomerRepository(pool), ...clockAndIds() }),
    services: [CustomersService],
    routes: customersRoutes,
    subgraph: { schema: customersSubgraphSchema, context: graphContext },
    access: customersAccess,
  });
