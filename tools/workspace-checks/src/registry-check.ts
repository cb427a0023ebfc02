import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { BFFS, GATEWAY, SERVICES, type BffEntry, type ServiceEntry } from "@emporium/registry";

/**
 * What cannot read the registry (libs/registry) must agree with it: the Keycloak realm, the ports
 * table in the docs, the Nx projects (services and BFFs), e2e's dependencies, the proto packages
 * and the committed supergraph. Returns one line per disagreement, naming the file and what to change.
 */
export function checkRegistry(
  root: string,
  services: readonly ServiceEntry[] = SERVICES,
  bffs: readonly BffEntry[] = BFFS,
): string[] {
  const read = (file: string) => readFileSync(path.join(root, file), "utf8");
  const problems: string[] = [];
  const deployables = [...services.map((s) => s.name), GATEWAY.name, ...bffs.map((b) => b.name)];

  const realm = JSON.parse(read("infra/keycloak/emporium-realm.json")) as {
    clients?: Array<{ clientId: string; serviceAccountsEnabled?: boolean; name?: string; description?: string }>;
  };
  // Keycloak stores them in 255-character columns: a longer one fails the whole realm import.
  for (const client of realm.clients ?? [])
    for (const field of ["name", "description"] as const)
      if ((client[field]?.length ?? 0) > 255)
        problems.push(
          `infra/keycloak/emporium-realm.json: client "${client.clientId}" has a ${field} over 255 characters, which fails the realm import`,
        );
  for (const name of deployables) {
    const client = realm.clients?.find((c) => c.clientId === name);
    if (!client?.serviceAccountsEnabled)
      problems.push(`infra/keycloak/emporium-realm.json: no client "${name}" with a service account`);
  }

  const conventions = read("docs/conventions.md");
  for (const s of services)
    if (!conventions.includes(`| ${s.name} | RPC ${s.rpcPort}, HTTP ${s.httpPort} |`))
      problems.push(
        `docs/conventions.md: the Ports table needs "| ${s.name} | RPC ${s.rpcPort}, HTTP ${s.httpPort} |"`,
      );
  for (const { name, httpPort } of [GATEWAY, ...bffs])
    if (!conventions.includes(`| ${name} | ${httpPort} |`))
      problems.push(`docs/conventions.md: the Ports table needs "| ${name} | ${httpPort} |"`);

  for (const s of services) {
    const project = `services/${s.name}/project.json`;
    if (!existsSync(path.join(root, project))) problems.push(`${project}: missing (the registry lists ${s.name})`);
    else if ((JSON.parse(read(project)) as { name?: string }).name !== s.name)
      problems.push(`${project}: the Nx project must be named "${s.name}"`);
    if (!existsSync(path.join(root, `proto/emporium/${s.name}/v1`)))
      problems.push(`proto/emporium/${s.name}/v1: missing (the registry lists ${s.name})`);
  }

  for (const b of bffs) {
    const project = `${b.name}/project.json`;
    if (!existsSync(path.join(root, project))) problems.push(`${project}: missing (the registry lists ${b.name})`);
    else if ((JSON.parse(read(project)) as { name?: string }).name !== b.name)
      problems.push(`${project}: the Nx project must be named "${b.name}"`);
  }

  const e2e = JSON.parse(read("e2e/project.json")) as { implicitDependencies?: string[] };
  const missing = deployables.filter((d) => !e2e.implicitDependencies?.includes(d));
  if (missing.length > 0) problems.push(`e2e/project.json: implicitDependencies lacks ${missing.join(", ")}`);

  const supergraph = read("gateway/supergraph.graphql");
  for (const s of services.filter((entry) => entry.subgraph)) {
    const graph = `@join__graph(name: "${s.name}", url: "http://${s.name}:${s.httpPort}/graphql")`;
    if (!supergraph.includes(graph))
      problems.push(`gateway/supergraph.graphql: no ${graph}; run \`npx nx run gateway:compose\``);
  }
  return problems;
}

if (require.main === module) {
  const root = process.argv[2] ?? path.resolve(__dirname, "..", "..", "..");
  const problems = checkRegistry(root);
  for (const problem of problems) console.error(problem);
  console.log(
    problems.length === 0
      ? `registry check: ${SERVICES.length} services, the gateway and ${BFFS.length} BFFs agree everywhere`
      : `registry check: ${problems.length} disagreement(s) with libs/registry/src/services.ts`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
