import { spawnSync } from "node:child_process";
import path from "node:path";
import { formatFiles, generateFiles, logger, type GeneratorCallback, type Tree } from "@nx/devkit";
import { serviceNames, type ServiceOptions } from "./names";
import { addRegistryEntry, chooseSlot, portsOfSlot } from "./registry-entry";
import { addE2eDependency, addPortsRow, addToLockFile, ensureRealmClient } from "./workspace-entries";

/**
 * `nx g @emporium/tools:service <name>`: a service shaped like the others (services/<name>, its
 * proto package), and every place that lists services: the registry, the ports table, e2e's
 * dependencies, the lock file, the realm's client. Everything goes through the tree, so --dry-run writes nothing.
 * What derives from the written files (the generated contracts, the supergraph, the gateway's schema
 * baseline) runs afterwards, with the same Nx targets a person would run.
 */
export default async function serviceGenerator(tree: Tree, options: ServiceOptions): Promise<GeneratorCallback> {
  const names = serviceNames(options);
  const root = `services/${names.name}`;
  if (tree.exists(root)) throw new Error(`${root} exists already`);
  const slot = chooseSlot(tree, names.name, options.portSlot);
  const ports = portsOfSlot(slot);

  generateFiles(tree, path.join(__dirname, "files"), ".", { ...names, ...ports, tmpl: "" });
  addRegistryEntry(tree, names.name, slot);
  addPortsRow(tree, names.name, ports.rpcPort, ports.httpPort);
  addE2eDependency(tree, names.name);
  addToLockFile(tree, names.name);
  const client = ensureRealmClient(tree, names.name);
  logger.info(`${names.name}: RPC ${ports.rpcPort}, HTTP ${ports.httpPort}; realm client ${client}`);
  await formatFiles(tree);

  return () => {
    // The new subgraph's fields are additive: recorded in the gateway's schema baseline at once.
    const targets = ["contracts:generate", "gateway:compose", "workspace-checks:schema-baseline"];
    for (const target of targets) runTarget(tree.root, target);
    logger.info(`next: npx nx run-many -t typecheck lint test build --projects=${names.name}`);
  };
}

function runTarget(root: string, target: string): void {
  logger.info(`running nx run ${target}`);
  const nx = require.resolve("nx/bin/nx", { paths: [root] });
  const result = spawnSync(process.execPath, [nx, "run", target, "--skip-nx-cache"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`nx run ${target} failed; fix the above and run it again`);
}
