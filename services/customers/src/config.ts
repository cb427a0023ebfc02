import { loadServiceConfig, type ServiceConfig } from "@emporium/platform";

// Ports follow the order of ARCHITECTURE.md's table (catalog 1, inventory 2, ... customers 6).
export const loadCustomersConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<ServiceConfig> =>
  loadServiceConfig(
    "customers",
    { rpcPort: 50056, httpPort: 4106, databaseUrl: "postgres://customers@127.0.0.1:5432/customers" },
    env,
  );
