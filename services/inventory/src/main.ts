import { runServiceMain } from "@emporium/platform";
import { inventoryService } from "./app";
import { loadInventoryConfig } from "./config";
import { seedInventory } from "./db/seed";

runServiceMain("inventory", { loadConfig: loadInventoryConfig, build: inventoryService.build, seed: seedInventory });
