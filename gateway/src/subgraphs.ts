/**
 * The subgraphs the supergraph is composed from. `url` is the logical URL committed in the
 * supergraph (what Kubernetes DNS would resolve); the gateway replaces it at run time with
 * EMPORIUM_<NAME>_GRAPHQL_URL or the local default.
 */
export interface SubgraphEntry {
  name: string;
  /** SDL file, relative to the repository root. */
  sdl: string;
  url: string;
  localUrl: string;
}

export const subgraphs: readonly SubgraphEntry[] = [
  {
    name: "catalog",
    sdl: "services/catalog/src/graph/schema.graphql",
    url: "http://catalog:4101/graphql",
    localUrl: "http://127.0.0.1:4101/graphql",
  },
  {
    name: "inventory",
    sdl: "services/inventory/src/graph/schema.graphql",
    url: "http://inventory:4102/graphql",
    localUrl: "http://127.0.0.1:4102/graphql",
  },
  {
    name: "customers",
    sdl: "services/customers/src/graph/schema.graphql",
    url: "http://customers:4106/graphql",
    localUrl: "http://127.0.0.1:4106/graphql",
  },
  {
    name: "reviews",
    sdl: "services/reviews/src/graph/schema.graphql",
    url: "http://reviews:4107/graphql",
    localUrl: "http://127.0.0.1:4107/graphql",
  },
  {
    name: "notifications",
    sdl: "services/notifications/src/graph/schema.graphql",
    url: "http://notifications:4108/graphql",
    localUrl: "http://127.0.0.1:4108/graphql",
  },
];
