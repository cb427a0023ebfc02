import { SERVICES } from "@emporium/registry";
import { checkRegistry } from "./registry-check";
import { REPO, scratchCopy } from "./scratch-copy";

const COPIED = [
  "infra/keycloak/emporium-realm.json",
  "docs/conventions.md",
  "e2e/project.json",
  "gateway/supergraph.graphql",
  ...SERVICES.flatMap((s) => [`services/${s.name}/project.json`, `proto/emporium/${s.name}/v1`]),
];

/** The registry is the one list of services; what cannot read it is checked against it. */
describe("registry check", () => {
  let copy: ReturnType<typeof scratchCopy>;
  beforeEach(() => {
    copy = scratchCopy(COPIED);
  });
  afterEach(() => copy.remove());

  it("finds nothing to report in the tree as committed", () => {
    expect(checkRegistry(REPO)).toEqual([]);
    expect(checkRegistry(copy.root)).toEqual([]);
  });

  it("names a port the docs disagree on", () => {
    copy.edit("docs/conventions.md", (t) =>
      t.replace("| reviews | RPC 50057, HTTP 4107 |", "| reviews | RPC 50057, HTTP 4117 |"),
    );
    expect(checkRegistry(copy.root)).toEqual([
      'docs/conventions.md: the Ports table needs "| reviews | RPC 50057, HTTP 4107 |"',
    ]);
  });

  it("names a service without a Keycloak client", () => {
    copy.edit("infra/keycloak/emporium-realm.json", (t) => t.replace('"clientId": "inventory"', '"clientId": "stock"'));
    expect(checkRegistry(copy.root)).toEqual([
      'infra/keycloak/emporium-realm.json: no client "inventory" with a service account',
    ]);
  });

  it("names a deployable e2e does not depend on, and a subgraph the supergraph lacks", () => {
    copy.edit("e2e/project.json", (t) => t.replace('"notifications",', ""));
    copy.edit("gateway/supergraph.graphql", (t) =>
      t.replace("http://customers:4106/graphql", "http://customers:4116/graphql"),
    );
    expect(checkRegistry(copy.root)).toEqual([
      "e2e/project.json: implicitDependencies lacks notifications",
      'gateway/supergraph.graphql: no @join__graph(name: "customers", url: "http://customers:4106/graphql"); ' +
        "run `npx nx run gateway:compose`",
    ]);
  });

  it("names everything a newly registered service still lacks (its realm client exists already)", () => {
    const orders = {
      name: "orders",
      rpcPort: 50053,
      httpPort: 4103,
      subgraph: true,
      publishesEvents: true,
      seeds: false,
    };
    expect(checkRegistry(copy.root, [...SERVICES, orders])).toEqual([
      'docs/conventions.md: the Ports table needs "| orders | RPC 50053, HTTP 4103 |"',
      "services/orders/project.json: missing (the registry lists orders)",
      "proto/emporium/orders/v1: missing (the registry lists orders)",
      "e2e/project.json: implicitDependencies lacks orders",
      'gateway/supergraph.graphql: no @join__graph(name: "orders", url: "http://orders:4103/graphql"); ' +
        "run `npx nx run gateway:compose`",
    ]);
  });
});
