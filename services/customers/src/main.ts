import { runServiceMain } from "@emporium/platform";
import { customersService } from "./app";
import { loadCustomersConfig } from "./config";
import { seedCustomers } from "./db/seed";

runServiceMain("customers", { loadConfig: loadCustomersConfig, build: customersService.build, seed: seedCustomers });
