import type { InventoryRepository } from "../db/inventory-repository";

export interface InventoryDeps {
  inventory: InventoryRepository;
  clock: () => Date;
  newId: () => string;
}
