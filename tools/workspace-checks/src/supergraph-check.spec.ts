import path from "node:path";
import { SERVICES, subgraphSdlPath } from "@emporium/registry";
import { REPO, runNode, scratchCopy } from "./scratch-copy";

const COMPOSE = ["--import", "tsx", path.join(REPO, "gateway", "src", "compose", "compose-cli.ts")];
const SDL = "services/catalog/src/graph/schema.graphql";

describe("supergraph staleness check", () => {
  let copy: ReturnType<typeof scratchCopy>;
  beforeEach(() => {
    copy = scratchCopy([
      "gateway/supergraph.graphql",
      ...SERVICES.filter((s) => s.subgraph).map((s) => subgraphSdlPath(s.name)),
    ]);
  });
  afterEach(() => copy.remove());

  it("passes on the committed supergraph", () => {
    const r = runNode([...COMPOSE, "--check"]);
    expect(r).toMatchObject({ status: 0 });
    expect(r.output).toContain("up to date");
  });

  it("fails when a subgraph's SDL changed and the supergraph was not recomposed", () => {
    copy.edit(SDL, (t) => t.replace("  slug: String!\n}", "  slug: String!\n  productCount: Int!\n}"));
    const r = runNode([...COMPOSE, "--check", "--root", copy.root]);
    expect(r.status).toBe(1);
    expect(r.output).toContain("gateway/supergraph.graphql is stale");
  });

  it("fails when a subgraph contributes a non-null field to another subgraph's entity", () => {
    const reviews = subgraphSdlPath("reviews");
    copy.edit(reviews, (t) => t.replace("): ReviewConnection\n", "): ReviewConnection!\n"));
    const r = runNode([...COMPOSE, "--check", "--root", copy.root]);
    expect(r.status).toBe(1);
    expect(r.output).toContain("reviews contributes Product.reviews to catalog's entity as non-null");
  });

  it("fails with the composition errors when the SDL cannot compose", () => {
    copy.edit(SDL, (t) =>
      t.replace('type Product @key(fields: "id") {', 'type Product @key(fields: "doesNotExist") {'),
    );
    const r = runNode([...COMPOSE, "--check", "--root", copy.root]);
    expect(r.status).toBe(1);
    expect(r.output).toContain("supergraph composition failed");
    expect(r.output).toContain("doesNotExist");
  });
});
