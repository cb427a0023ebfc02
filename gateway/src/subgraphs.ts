import { SERVICES, envPrefix, subgraphSdlPath } from "@emporium/registry";

/**
 * The subgraphs the supergraph is composed from: every service in the registry that serves one.
 * `url` is the logical URL committed in the supergraph (what Kubernetes DNS would resolve); the
 * gateway replaces it at run time with `urlVariable` (EMPORIUM_<NAME>_GRAPHQL_URL) or `localUrl`.
 */
export interface SubgraphEntry {
  name: string;
  /** SDL file, relative to the repository root. */
  sdl: string;
  url: string;
  localUrl: string;
  urlVariable: string;
}

export const subgraphs: readonly SubgraphEntry[] = SERVICES.filter((s) => s.subgraph).map((s) => ({
  name: s.name,
  sdl: subgraphSdlPath(s.name),
  url: `http://${s.name}:${s.httpPort}/graphql`,
  localUrl: `http://127.0.0.1:${s.httpPort}/graphql`,
  urlVariable: `${envPrefix(s.name)}GRAPHQL_URL`,
}));

/**
 * The subgraph that owns each entity more than one subgraph declares (it has the entity's own
 * fields); the others contribute fields to it, which composition requires to be nullable.
 */
export const ENTITY_OWNERS: Readonly<Record<string, string>> = {
  Product: "catalog",
  Order: "orders",
  Customer: "customers",
};
