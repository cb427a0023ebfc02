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
    const tree = await generate({ name: "orders" });
    expect(changed(tree)).toEqual(
      expect.arrayContaining([
        "services/orders/project.json",
        "services/orders/src/app.ts",
        "services/orders/src/application/orders-deps.ts",
        "services/orders/src/db/migrations/0001_orders.sql",
        "services/orders/src/db/order-repository.ts",
        "services/orders/src/graph/schema.graphql",
        "services/orders/src/rpc/orders-access.ts",
        "services/orders/test/orders.spec.ts",
        "services/orders/test/orders-authorization.spec.ts",
        "proto/emporium/orders/v1/orders.proto",
        "proto/emporium/orders/v1/orders_service.proto",
        "libs/registry/src/services.ts",
        "docs/conventions.md",
        "e2e/project.json",
        "package-lock.json",
      ]),
    );
    expect(tree.read("services/orders/src/config.ts", "utf8")).toContain('serviceDefaults("orders")');
    expect(tree.read("proto/emporium/orders/v1/orders_service.proto", "utf8")).toContain(
      "rpc ListMyOrders(ListMyOrdersRequest) returns (ListMyOrdersResponse)",
    );
    expect(readJson(tree, "e2e/project.json").implicitDependencies).toContain("orders");
    expect(readJson(tree, "package-lock.json").packages["node_modules/@emporium/orders"]).toEqual({
      resolved: "services/orders",
      link: true,
    });
    expect(existsSync(path.join(REPO, "services/orders"))).toBe(false);
  });

  it("gives orders the plan's third slot and reuses the realm's orders client as it is", async () => {
    const tree = await generate({ name: "orders" });
    expect(registryLine(tree, "orders")).toBe(
      '  { name: "orders", rpcPort: 50053, httpPort: 4103, subgraph: true, publishesEvents: false, seeds: false },',
    );
    const registry = tree.read("libs/registry/src/services.ts", "utf8")!;
    expect(registry.indexOf('name: "inventory"')).toBeLessThan(registry.indexOf('name: "orders"'));
    expect(registry.indexOf('name: "orders"')).toBeLessThan(registry.indexOf('name: "customers"'));
    expect(tree.read("docs/conventions.md", "utf8")).toContain(
      "| inventory | RPC 50052, HTTP 4102 |\n| orders | RPC 50053, HTTP 4103 |\n| customers |",
    );
    expect(changed(tree)).not.toContain(REALM);
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
    const tree = await generate({ name: "shipping", entity: "shipment" });
    expect(registryLine(tree, "shipping")).toContain("rpcPort: 50055, httpPort: 4105");
    expect(tree.read("services/shipping/src/db/shipment-repository.ts", "utf8")).toContain(
      "export class PgShipmentRepository implements ShipmentRepository",
    );
    expect(tree.read("services/shipping/src/graph/schema.graphql", "utf8")).toContain(
      "myShipments(first: Int = 20, after: String): ShipmentConnection!",
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
