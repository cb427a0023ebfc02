import { runServiceMain } from "@emporium/platform";
import { buildInventoryApp } from "./app";
import { loadInventoryConfig } from "./config";
import { seedInventory } from "./db/seed";

runServiceMain("inventory", { loadConfig: loadInventoryConfig, build: buildInventoryApp, seed: seedInventory });
