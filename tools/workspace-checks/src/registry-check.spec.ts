import { BFFS, SERVICES } from "@emporium/registry";
import { checkRegistry } from "./registry-check";
import { REPO, scratchCopy } from "./scratch-copy";

const COPIED = [
  "infra/keycloak/emporium-realm.json",
  "docs/conventions.md",
  "e2e/project.json",
  "gateway/supergraph.graphql",
  ...SERVICES.flatMap((s) => [`services/${s.name}/project.json`, `proto/emporium/${s.name}/v1`]),
  ...BFFS.map((b) => `${b.name}/project.json`),
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

  it("names a client description Keycloak would refuse to import", () => {
    copy.edit("infra/keycloak/emporium-realm.json", (t) =>
      t.replace('"name": "orders service"', `"name": "orders service", "description": "${"x".repeat(256)}"`),
    );
    expect(checkRegistry(copy.root)).toEqual([
      'infra/keycloak/emporium-realm.json: client "orders" has a description over 255 characters, which fails the realm import',
    ]);
  });

  it("names what a BFF lacks: its client, its port in the docs, its Nx project, e2e's dependency", () => {
    copy.edit("infra/keycloak/emporium-realm.json", (t) =>
      t.replace('"clientId": "bff-mobile"', '"clientId": "mobile-bff"'),
    );
    copy.edit("docs/conventions.md", (t) => t.replace("| bff-web | 4001 |", "| bff-web | 4011 |"));
    copy.edit("bff-web/project.json", (t) => t.replace('"name": "bff-web"', '"name": "web-bff"'));
    copy.edit("e2e/project.json", (t) => t.replace('"bff-mobile",', ""));
    expect(checkRegistry(copy.root)).toEqual([
      'infra/keycloak/emporium-realm.json: no client "bff-mobile" with a service account',
      'docs/conventions.md: the Ports table needs "| bff-web | 4001 |"',
      'bff-web/project.json: the Nx project must be named "bff-web"',
      "e2e/project.json: implicitDependencies lacks bff-mobile",
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
    // The realm has its client (as it had orders' before orders was generated); nothing else does.
    copy.edit("infra/keycloak/emporium-realm.json", (t) => {
      const realm = JSON.parse(t) as { clients: { clientId: string }[] };
      const payments = realm.clients.find((c) => c.clientId === "payments")!;
      realm.clients.push({ ...payments, clientId: "recommendations" });
      return JSON.stringify(realm, null, 2);
    });
    const recommendations = {
      name: "recommendations",
      rpcPort: 50059,
      httpPort: 4109,
      subgraph: true,
      publishesEvents: true,
      seeds: false,
    };
    expect(checkRegistry(copy.root, [...SERVICES, recommendations])).toEqual([
      'docs/conventions.md: the Ports table needs "| recommendations | RPC 50059, HTTP 4109 |"',
      "services/recommendations/project.json: missing (the registry lists recommendations)",
      "proto/emporium/recommendations/v1: missing (the registry lists recommendations)",
      "e2e/project.json: implicitDependencies lacks recommendations",
      'gateway/supergraph.graphql: no @join__graph(name: "recommendations", url: "http://recommendations:4109/graphql"); ' +
        "run `npx nx run gateway:compose`",
    ]);
  });
});
