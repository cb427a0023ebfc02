import path from "node:path";
import { uuidv7 } from "uuidv7";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import {
  createServiceApp,
  migrateServiceDatabase,
  type Logger,
  type ServiceApp,
  type ServiceConfig,
} from "@emporium/platform";
import type { CustomersDeps } from "./application/customers";
import { CustomerRepository } from "./db/customer-repository";
import { graphContext } from "./graph/resolvers";
import { customersSubgraphSchema } from "./graph/subgraph-schema";
import { customersAccess } from "./rpc/customers-access";
import { customersRoutes } from "./rpc/customers-routes";

export const MIGRATIONS_DIR = path.join(__dirname, "db", "migrations");

export const migrateCustomersDatabase = (databaseUrl: string, log?: (line: string) => void) =>
  migrateServiceDatabase(databaseUrl, MIGRATIONS_DIR, log);

export type CustomersApp = ServiceApp<CustomersDeps>;

/** The customers service's specifics; the composition is the platform's. */
export const buildCustomersApp = (config: ServiceConfig, logger: Logger): Promise<CustomersApp> =>
  createServiceApp({
    name: "customers",
    config,
    logger,
    migrationsDir: MIGRATIONS_DIR,
    deps: (pool) => ({ customers: new CustomerRepository(pool), clock: () => new Date(), newId: uuidv7 }),
    services: [CustomersService],
    routes: customersRoutes,
    subgraph: (deps) => ({ schema: customersSubgraphSchema(), context: () => graphContext(deps) }),
    access: customersAccess,
  });
