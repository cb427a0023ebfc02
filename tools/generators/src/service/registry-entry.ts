import type { Tree } from "@nx/devkit";

export const REGISTRY_FILE = "libs/registry/src/services.ts";

/**
 * The platform's plan: the n-th service listens on RPC 50050+n and HTTP 4100+n. Services of the
 * plan that do not exist yet keep their slot, so a service added before them never takes it.
 */
const PLAN: Readonly<Record<string, number>> = {
  catalog: 1,
  inventory: 2,
  orders: 3,
  payments: 4,
  shipping: 5,
  customers: 6,
  reviews: 7,
  notifications: 8,
  recommendations: 9,
};

export const portsOfSlot = (slot: number) => ({ rpcPort: 50050 + slot, httpPort: 4100 + slot });

interface Registered {
  name: string;
  slot: number;
  /** Where its entry starts in the registry's source. */
  at: number;
}

function registered(source: string): Registered[] {
  const entries = [...source.matchAll(/\{\s*name:\s*"([a-z0-9]+)",\s*rpcPort:\s*(\d+),/g)];
  if (entries.length === 0) throw new Error(`${REGISTRY_FILE}: found no service entries to add to`);
  return entries.map((m) => ({ name: m[1]!, slot: Number(m[2]) - 50050, at: m.index }));
}

/** The slot the new service takes: asked for, the plan's, or the lowest free one outside the plan. */
export function chooseSlot(tree: Tree, name: string, asked?: number): number {
  const taken = registered(tree.read(REGISTRY_FILE, "utf8")!);
  if (taken.some((s) => s.name === name)) throw new Error(`${REGISTRY_FILE} already lists a service "${name}"`);
  const slot = asked ?? PLAN[name] ?? nextFreeSlot(taken);
  const owner = taken.find((s) => s.slot === slot);
  if (owner) throw new Error(`port slot ${slot} is taken by ${owner.name}; pass another --portSlot`);
  return slot;
}

function nextFreeSlot(taken: Registered[]): number {
  const reserved = new Set([...taken.map((s) => s.slot), ...Object.values(PLAN)]);
  let slot = 1;
  while (reserved.has(slot)) slot++;
  if (slot > 99) throw new Error("no free port slot below 100; pass --portSlot");
  return slot;
}

/** Adds the service to the registry in plan order (the registry's start order). */
export function addRegistryEntry(tree: Tree, name: string, slot: number): void {
  const source = tree.read(REGISTRY_FILE, "utf8")!;
  const { rpcPort, httpPort } = portsOfSlot(slot);
  const entry = `{ name: "${name}", rpcPort: ${rpcPort}, httpPort: ${httpPort}, subgraph: true, publishesEvents: false, seeds: false },`;
  const entries = registered(source);
  const next = entries.find((s) => s.slot > slot);
  const at = next ? next.at : source.indexOf("\n", source.indexOf("},", entries.at(-1)!.at)) + 1;
  const line = next ? `${entry}\n  ` : `  ${entry}\n`;
  tree.write(REGISTRY_FILE, source.slice(0, at) + line + source.slice(at));
}
