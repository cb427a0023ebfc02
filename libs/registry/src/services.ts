/**
 * The platform's deployables, defined once. The stack CLI, the gateway's subgraph list, the test
 * platform, the dead-letter CLI and every service's config defaults read this list; the registry
 * check (tools/workspace-checks) fails when anything that cannot read it disagrees with it: a realm
 * client, a port in the docs, an Nx project, e2e's dependencies.
 *
 * A service's name is also its directory (`services/<name>`), its Nx project, its database and role,
 * its Keycloak client, its proto package (`emporium.<name>.v1`) and its variables (`EMPORIUM_<NAME>_*`).
 */
export interface ServiceEntry {
  readonly name: string;
  /** gRPC, gRPC-Web and Connect (HTTP/2 cleartext and HTTP/1.1). */
  readonly rpcPort: number;
  /** HTTP/1.1: /graphql, /readyz, /healthz, /metrics, and Connect for curl. */
  readonly httpPort: number;
  /** Serves a subgraph (`services/<name>/src/graph/schema.graphql`) that the gateway composes. */
  readonly subgraph: boolean;
  /** Publishes the events of `proto/emporium/<name>/v1/events.proto`. */
  readonly publishesEvents: boolean;
  /** Loads demonstration data when `npm start` runs it (EMPORIUM_SEED=1). */
  readonly seeds: boolean;
  /**
   * The services whose commands it sends (docs/adr/0017): only orders, the checkout saga's
   * orchestrator. The broker refuses every other command from this service's user.
   */
  readonly sendsCommandsTo?: readonly string[];
}

/**
 * In start order. Ports follow one scheme: the n-th service in the platform's plan listens on RPC
 * 5005n and HTTP 410n (orders, payments and shipping are 3 to 5, recommendations 9).
 */
export const SERVICES = [
  { name: "catalog", rpcPort: 50051, httpPort: 4101, subgraph: true, publishesEvents: true, seeds: true },
  { name: "inventory", rpcPort: 50052, httpPort: 4102, subgraph: true, publishesEvents: true, seeds: true },
  {
    name: "orders",
    rpcPort: 50053,
    httpPort: 4103,
    subgraph: true,
    publishesEvents: true,
    seeds: false,
    sendsCommandsTo: ["inventory", "payments", "shipping"],
  },
  { name: "payments", rpcPort: 50054, httpPort: 4104, subgraph: true, publishesEvents: true, seeds: false },
  { name: "shipping", rpcPort: 50055, httpPort: 4105, subgraph: true, publishesEvents: true, seeds: false },
  { name: "customers", rpcPort: 50056, httpPort: 4106, subgraph: true, publishesEvents: true, seeds: true },
  { name: "reviews", rpcPort: 50057, httpPort: 4107, subgraph: true, publishesEvents: true, seeds: true },
  { name: "notifications", rpcPort: 50058, httpPort: 4108, subgraph: true, publishesEvents: true, seeds: false },
] as const satisfies readonly ServiceEntry[];

export type ServiceName = (typeof SERVICES)[number]["name"];

/** The federated gateway: one port, the supergraph of every service with a subgraph. */
export const GATEWAY = { name: "gateway", httpPort: 4000 } as const;

/**
 * The Backend-for-Frontends of the first-party clients (`<name>/`, an Nx project of that name): one
 * HTTP port each (GraphQL, GraphiQL, probes), calling the services' RPC ports directly, with their
 * own Keycloak client (named like the BFF) for client-credentials calls.
 */
export interface BffEntry {
  readonly name: string;
  readonly httpPort: number;
}

export const BFFS = [
  { name: "bff-web", httpPort: 4001 },
  { name: "bff-mobile", httpPort: 4002 },
] as const satisfies readonly BffEntry[];

export type BffName = (typeof BFFS)[number]["name"];

export function bffNamed(name: string): BffEntry {
  const entry = BFFS.find((b) => b.name === name);
  if (!entry) throw new Error(`no BFF "${name}" in the registry (libs/registry/src/services.ts)`);
  return entry;
}

export function serviceNamed(name: string): ServiceEntry {
  const entry = SERVICES.find((s) => s.name === name);
  if (!entry) throw new Error(`no service "${name}" in the registry (libs/registry/src/services.ts)`);
  return entry;
}

/**
 * `EMPORIUM_CATALOG_` for catalog, `EMPORIUM_BFF_WEB_` for bff-web: every variable of a deployable
 * starts with it (loadServiceConfig and loadBffConfig read the same).
 */
export const envPrefix = (name: string) => `EMPORIUM_${name.toUpperCase().replace(/-/g, "_")}_`;

/** The subgraph's SDL, relative to the repository root. */
export const subgraphSdlPath = (name: string) => `services/${name}/src/graph/schema.graphql`;

/** A service's local defaults: its ports, and its own database and role on the local PostgreSQL. */
export function serviceDefaults(name: string): { rpcPort: number; httpPort: number; databaseUrl: string } {
  const { rpcPort, httpPort } = serviceNamed(name);
  return { rpcPort, httpPort, databaseUrl: `postgres://${name}@127.0.0.1:5432/${name}` };
}

/** The variable that tells a caller where a service's RPC port is: `EMPORIUM_CATALOG_RPC_URL`. */
export const rpcUrlVariable = (name: string) => `${envPrefix(name)}RPC_URL`;

/** A service's RPC port on the local platform, for callers without `rpcUrlVariable(name)` set. */
export const defaultRpcUrl = (name: string) => `http://127.0.0.1:${serviceNamed(name).rpcPort}`;

/** A process's rate-limit budget variables, after its rateLimitPrefix (the kit's rateLimitsFromEnv reads them). */
export const RATE_LIMIT_VARIABLES = {
  windowSeconds: "RATE_LIMIT_WINDOW_SECONDS",
  user: "RATE_LIMIT_USER",
  service: "RATE_LIMIT_SERVICE",
  anonymous: "RATE_LIMIT_ANONYMOUS",
} as const;

/** Where a process reads its budgets: `EMPORIUM_CATALOG_RPC_` (a service's RPCs), `EMPORIUM_GATEWAY_`, a BFF's. */
export const rateLimitPrefix = (name: string) =>
  SERVICES.some((s) => s.name === name) ? `${envPrefix(name)}RPC_` : envPrefix(name);

/**
 * Budgets no load exhausts, for the stacks that exist to be loaded: benchmarks, chaos and end-to-end
 * runs and `npm start`'s local platform send thousands of requests a second as one caller from one
 * address, and measure the system, not a limit. Never for a deployment. The variables that give
 * process `name` (a service, `gateway`, a BFF) these budgets.
 */
export function loadTestRateLimitEnv(name: string): Record<string, string> {
  const prefix = rateLimitPrefix(name);
  const unexhaustible = String(1_000_000_000);
  return {
    [`${prefix}${RATE_LIMIT_VARIABLES.windowSeconds}`]: "1",
    [`${prefix}${RATE_LIMIT_VARIABLES.user}`]: unexhaustible,
    [`${prefix}${RATE_LIMIT_VARIABLES.service}`]: unexhaustible,
    [`${prefix}${RATE_LIMIT_VARIABLES.anonymous}`]: unexhaustible,
  };
}
