import { updateJson, type Tree } from "@nx/devkit";

const CONVENTIONS = "docs/conventions.md";
const E2E_PROJECT = "e2e/project.json";
export const REALM = "infra/keycloak/emporium-realm.json";

/** The ports row in docs/conventions.md, after the services with lower ports. */
export function addPortsRow(tree: Tree, name: string, rpcPort: number, httpPort: number): void {
  const text = tree.read(CONVENTIONS, "utf8")!;
  const rows = [...text.matchAll(/^\| [a-z0-9]+ \| RPC (\d+), HTTP \d+ \|\n/gm)];
  if (rows.length === 0) throw new Error(`${CONVENTIONS}: found no service rows in the Ports table`);
  const before = rows.filter((r) => Number(r[1]) < rpcPort).at(-1);
  const at = before ? before.index + before[0].length : rows[0]!.index;
  tree.write(CONVENTIONS, `${text.slice(0, at)}| ${name} | RPC ${rpcPort}, HTTP ${httpPort} |\n${text.slice(at)}`);
}

/** e2e runs the whole platform, so it depends on every deployable. */
export function addE2eDependency(tree: Tree, name: string): void {
  updateJson(tree, E2E_PROJECT, (project: { implicitDependencies?: string[] }) => ({
    ...project,
    implicitDependencies: [...new Set([...(project.implicitDependencies ?? []), name])].sort(),
  }));
}

interface RealmClient {
  clientId: string;
  serviceAccountsEnabled?: boolean;
  [key: string]: unknown;
}

/**
 * The service's own client (client credentials, for the calls it makes to other services). An
 * existing one is kept as it is: the realm already has clients for services of the plan, with the
 * audiences they call. A new one is shaped like the other services' clients and calls nobody yet;
 * an audience mapper per service it calls goes in when it starts calling one.
 */
export function ensureRealmClient(tree: Tree, name: string): "reused" | "added" {
  let outcome: "reused" | "added" = "reused";
  updateJson(tree, REALM, (realm: { clients: RealmClient[] }) => {
    const existing = realm.clients.find((c) => c.clientId === name);
    if (existing) {
      if (!existing.serviceAccountsEnabled)
        throw new Error(`${REALM}: client "${name}" exists but has no service account; fix it by hand`);
      return realm;
    }
    outcome = "added";
    const client: RealmClient = {
      clientId: name,
      name: `${name} service`,
      publicClient: false,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: true,
      protocol: "openid-connect",
      clientAuthenticatorType: "client-secret",
      secret: `dev-only-${name}-secret`,
      attributes: { "access.token.lifespan": "300" },
      protocolMappers: [],
    };
    // Beside the other services' clients: before the gateway's and the BFFs'.
    const gateway = realm.clients.findIndex((c) => c.clientId === "gateway");
    const clients = [...realm.clients];
    clients.splice(gateway >= 0 ? gateway : clients.length, 0, client);
    return { ...realm, clients };
  });
  return outcome;
}

/** npm ci refuses a lock file that lacks a workspace package: the two entries `npm install` would write. */
export function addToLockFile(tree: Tree, name: string): void {
  updateJson(tree, "package-lock.json", (lock: { packages: Record<string, unknown> }) => {
    const packages: Record<string, unknown> = {
      ...lock.packages,
      [`node_modules/@emporium/${name}`]: { resolved: `services/${name}`, link: true },
      [`services/${name}`]: { name: `@emporium/${name}`, version: "0.1.0", license: "Apache-2.0" },
    };
    const sorted = Object.keys(packages).sort((a, b) => a.localeCompare(b, "en"));
    return { ...lock, packages: Object.fromEntries(sorted.map((key) => [key, packages[key]])) };
  });
}
