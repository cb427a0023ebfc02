import { runServiceMain } from "@emporium/platform";
import { buildCustomersApp } from "./app";
import { loadCustomersConfig } from "./config";
import { seedCustomers } from "./db/seed";

runServiceMain("customers", { loadConfig: loadCustomersConfig, build: buildCustomersApp, seed: seedCustomers });
