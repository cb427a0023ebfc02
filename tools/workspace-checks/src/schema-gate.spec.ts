import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { buildSchema } from "graphql";
import { SERVICES, subgraphSdlPath } from "@emporium/registry";
import { BASELINE_DIR, GUARDED_SCHEMAS, compareWithBaseline, describeVerdict, passes } from "./schema-gate";
import { REPO, runNode, scratchCopy } from "./scratch-copy";

const GATE = ["--import", "tsx", path.join(REPO, "tools", "workspace-checks", "src", "schema-gate-cli.ts")];
const COMPOSE = ["--import", "tsx", path.join(REPO, "gateway", "src", "compose", "compose-cli.ts")];
const CATALOG_SDL = subgraphSdlPath("catalog");
const MOBILE_SDL = "bff-mobile/src/graph/schema.graphql";
const WEB_SDL = "bff-web/src/graph/schema.graphql";
const guarded = (name: string) => GUARDED_SCHEMAS.find((g) => g.name === name)!;

describe("the GraphQL breaking-change gate", () => {
  let copy: ReturnType<typeof scratchCopy>;
  beforeEach(() => {
    copy = scratchCopy([
      BASELINE_DIR,
      "gateway/supergraph.graphql",
      ...SERVICES.filter((s) => s.subgraph).map((s) => subgraphSdlPath(s.name)),
      ...GUARDED_SCHEMAS.map((g) => g.source),
    ]);
  });
  afterEach(() => copy.remove());

  /** A subgraph's SDL changes and the supergraph is recomposed, as `nx run gateway:compose` does. */
  function changeSubgraph(file: string, change: (sdl: string) => string) {
    copy.edit(file, change);
    expect(runNode([...COMPOSE, "--root", copy.root])).toMatchObject({ status: 0 });
  }

  it("passes the committed schemas: the gateway's and every BFF's", () => {
    const r = runNode(GATE);
    expect(r.status).toBe(0);
    for (const { name } of GUARDED_SCHEMAS) expect(r.output).toContain(`${name}: no breaking change`);
    expect(GUARDED_SCHEMAS.map((g) => g.name)).toEqual(["gateway", "bff-web", "bff-mobile"]);
  });

  it("fails a field removed from a subgraph, naming it and the command that accepts it", () => {
    changeSubgraph(CATALOG_SDL, (t) => t.replace("  slug: String!\n}", "}"));
    const r = runNode([...GATE, "--root", copy.root]);
    expect(r.status).toBe(1);
    expect(r.output).toContain("gateway: 1 breaking change(s) in gateway/supergraph.graphql");
    expect(r.output).toContain("Field 'slug' was removed from object type 'Category' (Category.slug)");
    expect(r.output).toContain("npm run schema:baseline");
    expect(r.output).toContain("bff-web: no breaking change");
  });

  it("fails a non-null output field made nullable: clients rely on its value", async () => {
    changeSubgraph(CATALOG_SDL, (t) => t.replace("  slug: String!\n}", "  slug: String\n}"));
    const verdict = await compareWithBaseline(copy.root, guarded("gateway"));
    expect(passes(verdict)).toBe(false);
    expect(verdict.breaking.map((c) => c.path)).toEqual(["Category.slug"]);
  });

  it("passes a field added to a subgraph, and says to record it", async () => {
    changeSubgraph(CATALOG_SDL, (t) => t.replace("  slug: String!\n}", "  slug: String!\n  productCount: Int\n}"));
    const verdict = await compareWithBaseline(copy.root, guarded("gateway"));
    expect(passes(verdict)).toBe(true);
    expect(verdict.safe.map((c) => c.path)).toEqual(["Category.productCount"]);
    expect(describeVerdict(verdict).join("\n")).toContain("1 non-breaking change(s) not yet in the baseline");
  });

  it("fails a BFF whose query gains a required argument; passes one that gains an optional one", async () => {
    copy.edit(MOBILE_SDL, (t) =>
      t.replace("homeScreen(categoryId: ID, ", "homeScreen(categoryId: ID, locale: String!, "),
    );
    const required = await compareWithBaseline(copy.root, guarded("bff-mobile"));
    expect(required.breaking.map((c) => c.path)).toEqual(["Query.homeScreen.locale"]);

    copy.edit(MOBILE_SDL, (t) => t.replace("locale: String!", "locale: String"));
    const optional = await compareWithBaseline(copy.root, guarded("bff-mobile"));
    expect(passes(optional)).toBe(true);
    expect([...optional.dangerous, ...optional.safe].map((c) => c.path)).toEqual(["Query.homeScreen.locale"]);
  });

  it("fails a BFF query removed; the update command accepts it deliberately", () => {
    copy.edit(WEB_SDL, (t) => t.replace('  "Every category, for the navigation."\n  categories: [Category!]!\n', ""));
    const refused = runNode([...GATE, "--root", copy.root]);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain("bff-web: 1 breaking change(s)");
    expect(refused.output).toContain("Query.categories");

    const update = runNode([...GATE, "--update", "--root", copy.root]);
    expect(update.output).toContain(`${BASELINE_DIR}/bff-web.graphql written`);
    expect(update.output).toContain(`${BASELINE_DIR}/gateway.graphql unchanged`);
    const baseline = buildSchema(readFileSync(path.join(copy.root, BASELINE_DIR, "bff-web.graphql"), "utf8"));
    expect(Object.keys(baseline.getQueryType()!.getFields())).not.toContain("categories");
    expect(runNode([...GATE, "--root", copy.root])).toMatchObject({ status: 0 });
  });

  it("fails when a schema has no baseline", () => {
    rmSync(path.join(copy.root, BASELINE_DIR, "bff-mobile.graphql"));
    const r = runNode([...GATE, "--root", copy.root]);
    expect(r.status).toBe(1);
    expect(r.output).toContain("bff-mobile: no baseline (schema-baselines/bff-mobile.graphql)");
  });
});
