import { runServiceMain } from "@emporium/platform";
import { buildCatalogApp } from "./app";
import { loadCatalogConfig } from "./config";
import { seedCatalog } from "./db/seed";

runServiceMain("catalog", { loadConfig: loadCatalogConfig, build: buildCatalogApp, seed: seedCatalog });
