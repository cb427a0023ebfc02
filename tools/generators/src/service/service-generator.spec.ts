import { existsSync } from "node:fs";
import path from "node:path";
import { logger, readJson, type Tree } from "@nx/devkit";
import { FsTree } from "@nx/devkit/internal";
import serviceGenerator from "./service-generator";
import { REALM } from "./workspace-entries";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");

// Prettier is ESM and Jest's module registry cannot import() it: formatting is left to the scratch
// copy spec, which runs the generator through nx and checks its output with prettier --check.
process.env.NX_SKIP_FORMAT = "true";
beforeEach(() => jest.spyOn(logger, "info").mockImplementation(() => undefined));

interface Client {
  clientId: string;
  [key: string]: unknown;
}

/** The repository as it is, with the generator's changes kept in memory: nothing is written. */
async function generate(options: Parameters<typeof serviceGenerator>[1]): Promise<Tree> {
  const tree = new FsTree(REPO, false);
  await serviceGenerator(tree, options);
  return tree;
}

const changed = (tree: Tree) => tree.listChanges().map((c) => c.path);
const registryLine = (tree: Tree, name: string) =>
  tree
    .read("libs/registry/src/services.ts", "utf8")!
    .split("\n")
    .find((line) => line.includes(`name: "${name}"`));
const realmClient = (tree: Tree, name: string) =>
  readJson<{ clients: Client[] }>(tree, REALM).clients.find((c) => c.clientId === name);

describe("nx g @emporium/tools:service", () => {
  it("writes the service, its protos and every list of services, and nothing to disk", async () => {
    const tree = await generate({ name: "recommendations" });
    expect(changed(tree)).toEqual(
      expect.arrayContaining([
        "services/recommendations/project.json",
        "services/recommendations/src/app.ts",
        "services/recommendations/src/application/recommendations-deps.ts",
        "services/recommendations/src/db/migrations/0001_recommendations.sql",
        "services/recommendations/src/db/recommendation-repository.ts",
        "services/recommendations/src/graph/schema.graphql",
        "services/recommendations/src/rpc/recommendations-access.ts",
        "services/recommendations/test/recommendations.spec.ts",
        "services/recommendations/test/recommendations-authorization.spec.ts",
        "proto/emporium/recommendations/v1/recommendations.proto",
        "proto/emporium/recommendations/v1/recommendations_service.proto",
        "libs/registry/src/services.ts",
        "docs/conventions.md",
        "e2e/project.json",
        "package-lock.json",
      ]),
    );
    expect(tree.read("services/recommendations/src/config.ts", "utf8")).toContain('serviceDefaults("recommendations")');
    expect(tree.read("proto/emporium/recommendations/v1/recommendations_service.proto", "utf8")).toContain(
      "rpc ListMyRecommendations(ListMyRecommendationsRequest) returns (ListMyRecommendationsResponse)",
    );
    expect(readJson(tree, "e2e/project.json").implicitDependencies).toContain("recommendations");
    expect(readJson(tree, "package-lock.json").packages["node_modules/@emporium/recommendations"]).toEqual({
      resolved: "services/recommendations",
      link: true,
    });
    expect(existsSync(path.join(REPO, "services/recommendations"))).toBe(false);
  });

  it("gives a planned service its slot (recommendations: 9) and reuses a realm client as it is", async () => {
    const tree = new FsTree(REPO, false);
    // A realm that already has the client (as it had orders' before orders was generated).
    const realm = readJson<{ clients: Client[] }>(tree, REALM);
    const existing = { ...realmClient(tree, "payments")!, clientId: "recommendations", secret: "kept" };
    tree.write(REALM, JSON.stringify({ ...realm, clients: [...realm.clients, existing] }, null, 2));
    await serviceGenerator(tree, { name: "recommendations" });
    expect(registryLine(tree, "recommendations")).toBe(
      '  { name: "recommendations", rpcPort: 50059, httpPort: 4109, subgraph: true, publishesEvents: false, seeds: false },',
    );
    const registry = tree.read("libs/registry/src/services.ts", "utf8")!;
    expect(registry.indexOf('name: "notifications"')).toBeLessThan(registry.indexOf('name: "recommendations"'));
    expect(tree.read("docs/conventions.md", "utf8")).toContain(
      "| notifications | RPC 50058, HTTP 4108 |\n| recommendations | RPC 50059, HTTP 4109 |\n",
    );
    expect(realmClient(tree, "recommendations")).toEqual(existing);
  });

  it("puts a service outside the plan on the lowest slot the plan leaves free, with a client like payments'", async () => {
    const tree = await generate({ name: "wishlists" });
    expect(registryLine(tree, "wishlists")).toContain("rpcPort: 50060, httpPort: 4110");
    expect(tree.read("docs/conventions.md", "utf8")).toContain(
      "| notifications | RPC 50058, HTTP 4108 |\n| wishlists | RPC 50060, HTTP 4110 |\n",
    );
    const payments = realmClient(tree, "payments")!;
    expect(realmClient(tree, "wishlists")).toEqual({
      ...payments,
      clientId: "wishlists",
      name: "wishlists service",
      secret: "dev-only-wishlists-secret",
    });
  });

  it("names files and types after the entity it is told", async () => {
    const tree = await generate({ name: "wishlists", entity: "item" });
    expect(tree.read("services/wishlists/src/db/item-repository.ts", "utf8")).toContain(
      "export class PgItemRepository implements ItemRepository",
    );
    expect(tree.read("services/wishlists/src/graph/schema.graphql", "utf8")).toContain(
      "myItems(first: Int = 20, after: String): ItemConnection!",
    );
  });

  it("refuses a name the registry has, and a slot another service holds", async () => {
    await expect(generate({ name: "reviews" })).rejects.toThrow("services/reviews exists already");
    await expect(generate({ name: "wishlists", portSlot: 7 })).rejects.toThrow(
      "port slot 7 is taken by reviews; pass another --portSlot",
    );
    await expect(generate({ name: "Bad-Name" })).rejects.toThrow('invalid service name "Bad-Name"');
  });
});
