import { runServiceMain } from "@emporium/platform";
import { catalogService } from "./app";
import { loadCatalogConfig } from "./config";
import { seedCatalog } from "./db/seed";

runServiceMain("catalog", { loadConfig: loadCatalogConfig, build: catalogService.build, seed: seedCatalog });
