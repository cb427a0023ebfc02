import Fastify, { type FastifyInstance } from "fastify";
import { graphiqlExamples } from "../src/graphiql/examples";
import { graphiqlPlugin } from "../src/graphiql/graphiql-plugin";

describe("offline GraphiQL", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(graphiqlPlugin, { path: "/graphiql", endpoint: "/graphql", examples: graphiqlExamples, title: "Emporium GraphiQL" });
    await app.ready();
  });
  afterAll(() => app.close());

  it("serves a page that references only its own assets, under a strict CSP", async () => {
    const res = await app.inject("/graphiql");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["content-security-policy"]).not.toMatch(/unsafe-eval|https?:/);
    expect(res.body).not.toMatch(/https?:\/\//);
    expect(res.body).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    const assets = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(5);
    for (const asset of assets) {
      const a = await app.inject(asset);
      expect([asset, a.statusCode]).toEqual([asset, 200]);
      expect(a.headers["content-type"]).toMatch(asset.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
    }
  });

  it("opens the example operations as tabs", async () => {
    const app_js = (await app.inject("/graphiql/assets/app.js")).body;
    for (const example of graphiqlExamples) expect(app_js).toContain(JSON.stringify(example.query).slice(1, 40));
    expect(app_js).toContain("defaultTabs");
  });

  it("serves nothing outside its fixed asset list (no path traversal)", async () => {
    for (const probe of ["/graphiql/assets/../../package.json", "/graphiql/assets/..%2F..%2Fpackage.json", "/graphiql/assets/react.production.min.js", "/graphiql/assets/%2e%2e%2fapp.js"]) {
      const res = await app.inject(probe);
      expect([probe, res.statusCode]).toEqual([probe, 404]);
      expect(res.body).not.toContain('"name"');
    }
  });
});
