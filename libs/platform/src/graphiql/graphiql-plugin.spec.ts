import http from "node:http";
import type { AddressInfo } from "node:net";
import vm from "node:vm";
import Fastify, { type FastifyInstance } from "fastify";
import mercurius from "mercurius";
import { graphiqlPlugin, SELECTED_OPERATION_JS, type GraphiqlExample } from "./graphiql-plugin";

const examples: GraphiqlExample[] = [
  { title: "Greeting", query: "query Greeting {\n  greeting\n}\n" },
  {
    title: "Echo",
    query: "query Echo($text: String!) {\n  echo(text: $text)\n}\n",
    variables: `{ "text": "</script>" }`,
  },
];

/** GraphiQL beside a tiny real GraphQL endpoint (mercurius), set up like a BFF's. Not listening yet. */
async function buildGraphiqlTestApp(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(mercurius, {
    schema: "type Query { greeting: String!, echo(text: String!): String! }",
    resolvers: { Query: { greeting: () => "hello", echo: (_: unknown, args: { text: string }) => args.text } },
    graphiql: false,
  });
  await app.register(graphiqlPlugin, {
    path: "/graphiql",
    endpoint: "/graphql",
    examples,
    title: "Emporium GraphiQL",
    subscriptions: true,
  });
  return app;
}

/** A raw GET, so nothing (client or test helper) normalises "../" in the path. */
function rawGet(port: number, requestPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: requestPath }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

type SelectedOperation = (query: string, operationName?: string | null) => { type: string; name?: string } | undefined;

/** The page's own selectedOperation, as the browser runs it. */
const selectedOperation = vm.runInNewContext(`${SELECTED_OPERATION_JS}; selectedOperation`) as SelectedOperation;

describe("the GraphiQL page's choice of operation (never GraphiQL's possibly stale parse)", () => {
  it("takes a document's only operation whatever name GraphiQL passes (a tab just switched)", () => {
    const stock =
      '# Anyone may watch: "subscription" in a comment\nsubscription Stock {\n  changed(ids: ["x"]) { id }\n}';
    expect(selectedOperation(stock, "Listing")).toEqual({ type: "subscription", name: "Stock" });
    expect(selectedOperation("{ products { id } }", "Stock")).toEqual({ type: "query", name: undefined });
  });

  it("picks the named one of several, and none when no name says which", () => {
    const two = "query A($query: String) { a(q: $query) }subscription B { b }";
    expect(selectedOperation(two, "B")).toEqual({ type: "subscription", name: "B" });
    expect(selectedOperation(two, "A")).toEqual({ type: "query", name: "A" });
    expect(selectedOperation(two, null)).toBeUndefined();
  });

  it("reads no keyword inside strings, comments or selections", () => {
    const q = 'query Q { search(text: """subscription { x }""", also: "mutation M") { query subscription } }';
    expect(selectedOperation(q, null)).toEqual({ type: "query", name: "Q" });
  });
});

describe("offline GraphiQL plugin", () => {
  let app: FastifyInstance;
  let html: string;
  let assetUrls: string[];
  beforeAll(async () => {
    app = await buildGraphiqlTestApp();
    await app.listen({ host: "127.0.0.1", port: 0 });
    html = (await app.inject("/graphiql")).body;
    assetUrls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!.replace(/&#38;/g, "&"));
  });
  afterAll(() => app.close());

  it("serves an HTML page under a strict Content-Security-Policy", async () => {
    const res = await app.inject("/graphiql");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/); // no inline script, no eval
    // 'self' covers the same-origin ws: URL subscriptions use, and nothing else.
    expect(csp).toMatch(/(^|; )connect-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // every <script> has a src
    expect(res.body).not.toMatch(/<style|\sstyle=/);
  });

  it("references no URL outside its own origin, only its own assets", () => {
    expect(html).not.toMatch(/https?:|\/\/[a-z0-9]/i);
    expect(assetUrls).toHaveLength(6);
    for (const url of assetUrls) expect(url).toMatch(/^\/graphiql\/assets\/[a-z-]+\.[0-9a-f]{16}\.(js|css)$/);
  });

  it("serves every asset the page links with its content type and a long cache lifetime", async () => {
    for (const url of assetUrls) {
      const res = await app.inject(url);
      expect([url, res.statusCode]).toEqual([url, 200]);
      expect(res.headers["content-type"]).toBe(
        url.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
      );
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.rawPayload.length).toBeGreaterThan(100);
    }
    // Under its plain name an asset is revalidated; an outdated hash is unknown.
    expect((await app.inject("/graphiql/assets/graphiql.js")).headers["cache-control"]).toBe("no-cache");
    expect((await app.inject("/graphiql/assets/graphiql.0000000000000000.js")).statusCode).toBe(404);
  });

  it("ships the real GraphiQL, React, React DOM and graphql-ws browser bundles from node_modules", async () => {
    const body = async (stem: string, ext: "js" | "css") =>
      (
        await app.inject(
          assetUrls.find((u) => new RegExp(`^/graphiql/assets/${stem}\\.[0-9a-f]{16}\\.${ext}$`).test(u))!,
        )
      ).body;
    expect(await body("react", "js")).toContain("react.production.min.js");
    expect(await body("react-dom", "js")).toContain("react-dom.production.min.js");
    expect(await body("graphiql", "js")).toContain("createFetcher");
    expect(await body("graphiql", "css")).toContain(".graphiql-container");
    expect(await body("graphql-ws", "js")).toContain("graphql-transport-ws");
    // The client is loaded after GraphiQL and before the page's script that uses it.
    const scripts = assetUrls.filter((u) => u.endsWith(".js")).map((u) => /assets\/([a-z-]+)\./.exec(u)![1]);
    expect(scripts).toEqual(["react", "react-dom", "graphiql", "graphql-ws", "app"]);
  });

  it("opens the examples as tabs, the first one first, against the configured endpoint", async () => {
    const appJs = (await app.inject(assetUrls.find((u) => u.includes("/app."))!)).body;
    expect(appJs).toContain("defaultTabs");
    expect(appJs).toContain('"endpoint":"/graphql"');
    expect(appJs).toContain('"subscriptions":true');
    expect(appJs).not.toContain("</script>"); // the examples cannot end the script
    const config = JSON.parse(/var config = (\{.*\});/.exec(appJs)![1]!) as {
      tabs: Array<{ query: string; variables?: string }>;
    };
    expect(config.tabs).toEqual(examples.map((e) => ({ query: e.query, variables: e.variables })));
  });

  it("sits next to a working GraphQL endpoint (the one the page's fetcher posts to)", async () => {
    const res = await app.inject({ method: "POST", url: "/graphql", payload: { query: examples[0]!.query } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { greeting: "hello" } });
  });

  it("serves nothing outside its fixed asset list (no path traversal)", async () => {
    const port = (app.server.address() as AddressInfo).port;
    const probes = [
      "/graphiql/assets/../../package.json",
      "/graphiql/assets/..%2F..%2Fpackage.json",
      "/graphiql/assets/%2e%2e%2f%2e%2e%2fpackage.json",
      "/graphiql/assets/..%5C..%5Cpackage.json",
      "/graphiql/assets/react.production.min.js",
      "/graphiql/assets/graphiql.min.js.map",
      "/graphiql/assets/__proto__",
      "/graphiql/assets/constructor",
      "/graphiql/assets/unknown.js",
    ];
    for (const probe of probes) {
      for (const res of [await app.inject(probe), await rawGet(port, probe)]) {
        const status = "statusCode" in res ? res.statusCode : res.status;
        expect([probe, status]).toEqual([probe, 404]);
        expect(res.body).not.toMatch(/"name"|"version"|"dependencies"/);
      }
    }
  });

  it("honours the path and endpoint options and stays encapsulated", async () => {
    const other = Fastify();
    await other.register(graphiqlPlugin, {
      path: "/explore/",
      endpoint: "/api/graphql",
      examples: examples.slice(0, 1),
      title: "<Shop>",
    });
    try {
      const res = await other.inject("/explore");
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("<title>&#60;Shop&#62;</title>");
      const appJs = [...res.body.matchAll(/src="([^"]+)"/g)]
        .map((m) => m[1]!)
        .find((u) => u.startsWith("/explore/assets/app."));
      expect((await other.inject(appJs!)).body).toContain('"endpoint":"/api/graphql"');
      // Subscriptions are off unless asked for (the gateway has none): no graphql-ws client on the page.
      expect((await other.inject(appJs!)).body).toContain('"subscriptions":false');
      expect(res.body).not.toContain("graphql-ws");
      expect([...res.body.matchAll(/<script src=/g)]).toHaveLength(4);
      expect((await other.inject("/graphiql")).statusCode).toBe(404);
      // An absolute endpoint on another origin is the only other origin the page may talk to.
      const remote = Fastify();
      await remote.register(graphiqlPlugin, { endpoint: "http://127.0.0.1:4000/graphql", examples: [] });
      expect((await remote.inject("/graphiql")).headers["content-security-policy"]).toContain(
        "connect-src 'self' http://127.0.0.1:4000;",
      );
      await remote.close();
      // ... and its WebSocket twin, when it serves subscriptions.
      const remoteLive = Fastify();
      await remoteLive.register(graphiqlPlugin, {
        endpoint: "https://api.example.test/graphql",
        examples: [],
        subscriptions: true,
      });
      expect((await remoteLive.inject("/graphiql")).headers["content-security-policy"]).toContain(
        "connect-src 'self' https://api.example.test wss://api.example.test;",
      );
      await remoteLive.close();
    } finally {
      await other.close();
    }
  });
});

interface FakeWsClient {
  options: { url: string; connectionParams: Record<string, string>; retryAttempts: number };
  subscribed: unknown[];
}
interface FakeFetcher {
  options: { url: string };
  calls: Array<{ params: unknown; opts: unknown }>;
}
interface Observable {
  subscribe(observer: { next(v: unknown): void; error(e: unknown): void; complete(): void }): { unsubscribe(): void };
}
type PageFetcher = (params: unknown, opts?: { headers?: Record<string, string>; documentAST?: unknown }) => unknown;
interface PageProps {
  fetcher: PageFetcher;
  defaultTabs: Array<{ query: string; variables?: string; headers: string }>;
  defaultHeaders: string;
}

/**
 * Runs the page's app.js with the globals the bundles define replaced by recording fakes, and
 * returns the fetcher it hands to GraphiQL (the browser check in graphiql-subscriptions.spec.ts runs
 * it for real; this one covers the cases a page cannot show at a glance).
 */
function runAppScript(appJs: string, pageUrl: string, withClient = true) {
  const wsClients: FakeWsClient[] = [];
  const fetchers: FakeFetcher[] = [];
  let props: PageProps | undefined;
  vm.runInNewContext(appJs, {
    URL,
    window: { location: { href: pageUrl } },
    document: { getElementById: () => ({}) },
    React: { createElement: (_type: unknown, p: PageProps) => (props = p) },
    ReactDOM: { createRoot: () => ({ render: () => undefined }) },
    GraphiQL: {
      createFetcher: (options: FakeFetcher["options"]) => {
        const fetcher: FakeFetcher = { options, calls: [] };
        fetchers.push(fetcher);
        return (params: unknown, opts: unknown) => fetcher.calls.push({ params, opts });
      },
    },
    ...(withClient && {
      graphqlWs: {
        createClient: (options: FakeWsClient["options"]) => {
          const client: FakeWsClient & { subscribe(params: unknown): () => void } = {
            options,
            subscribed: [],
            subscribe: (params: unknown) => {
              client.subscribed.push(params);
              return () => undefined;
            },
          };
          wsClients.push(client);
          return client;
        },
      },
    }),
  });
  return { wsClients, fetchers, fetcher: props!.fetcher, props: props! };
}

/** The app.js a page with these options links. */
async function appScriptFor(options: { examples: GraphiqlExample[]; subscriptions: boolean }): Promise<string> {
  const app = Fastify();
  try {
    await app.register(graphiqlPlugin, options);
    const html = (await app.inject("/graphiql")).body;
    return (await app.inject(/src="(\/graphiql\/assets\/app\.[^"]+)"/.exec(html)![1]!)).body;
  } finally {
    await app.close();
  }
}

const observer = { next: () => undefined, error: () => undefined, complete: () => undefined };

describe("the page's fetcher", () => {
  let appJs: string;
  let plainAppJs: string;
  beforeAll(async () => {
    appJs = await appScriptFor({ examples, subscriptions: true });
    plainAppJs = await appScriptFor({ examples, subscriptions: false });
  });

  it("subscribes over graphql-ws at the endpoint's ws: URL with the Headers tab's Authorization", () => {
    const page = runAppScript(appJs, "http://127.0.0.1:4001/graphiql");
    const query = { query: "subscription S { ticks }" };
    (page.fetcher(query, { headers: { Authorization: "Bearer alice" } }) as Observable).subscribe(observer);
    (page.fetcher(query, { headers: { authorization: "Bearer alice", "x-other": "1" } }) as Observable).subscribe(
      observer,
    );
    expect(page.wsClients.map((c) => c.options)).toEqual([
      { url: "ws://127.0.0.1:4001/graphql", connectionParams: { authorization: "Bearer alice" }, retryAttempts: 0 },
    ]);
    expect(page.wsClients[0]!.subscribed).toEqual([
      { query: "subscription S { ticks }", operationName: "S" },
      { query: "subscription S { ticks }", operationName: "S" },
    ]);
    // Queries and mutations go over HTTP, with the Headers tab's headers.
    page.fetcher({ query: "query Q { greeting }" }, { headers: { authorization: "Bearer alice" } });
    expect(page.fetchers.map((f) => f.options)).toEqual([{ url: "http://127.0.0.1:4001/graphql" }]);
    expect(page.fetchers[0]!.calls).toEqual([
      {
        params: { query: "query Q { greeting }", operationName: "Q" },
        opts: { headers: { authorization: "Bearer alice" }, documentAST: undefined },
      },
    ]);
  });

  it("opens one client per distinct Authorization value, and an anonymous one without", () => {
    const page = runAppScript(appJs, "https://shop.example.test/graphiql");
    const query = { query: "subscription S { ticks }" };
    const run = (opts?: { headers: Record<string, string> }) =>
      (page.fetcher(query, opts) as Observable).subscribe(observer);
    run({ headers: { Authorization: "Bearer alice" } });
    run({ headers: { Authorization: "Bearer bob" } });
    run({ headers: {} });
    run();
    run({ headers: { Authorization: "Bearer alice" } });
    expect(page.wsClients.map((c) => [c.options.url, c.options.connectionParams])).toEqual([
      ["wss://shop.example.test/graphql", { authorization: "Bearer alice" }],
      ["wss://shop.example.test/graphql", { authorization: "Bearer bob" }],
      ["wss://shop.example.test/graphql", {}],
    ]);
    expect(page.wsClients.map((c) => c.subscribed.length)).toEqual([2, 1, 2]);
  });

  it("goes by the text it sends when GraphiQL's operation name and parse are still the last tab's", () => {
    const page = runAppScript(appJs, "http://127.0.0.1:4001/graphiql");
    const staleQueryParse = { kind: "Document", definitions: [] };
    const stock = "subscription Stock { changed { id } }";
    (
      page.fetcher({ query: stock, operationName: "Listing" }, { documentAST: staleQueryParse }) as Observable
    ).subscribe(observer);
    expect(page.wsClients[0]!.subscribed).toEqual([{ query: stock, operationName: "Stock" }]);
    page.fetcher({ query: "query Listing { products { id } }", operationName: "Stock" }, { documentAST: {} });
    expect(page.fetchers[0]!.calls).toEqual([
      {
        params: { query: "query Listing { products { id } }", operationName: "Listing" },
        opts: { documentAST: undefined },
      },
    ]);
  });

  it("stays on plain HTTP without subscriptions, with no graphql-ws client on the page", () => {
    const page = runAppScript(plainAppJs, "http://127.0.0.1:4000/graphiql", false);
    page.fetcher({ query: "{ greeting }" }, { headers: { Authorization: "Bearer alice" } });
    expect(page.fetchers.map((f) => f.options)).toEqual([{ url: "http://127.0.0.1:4000/graphql" }]);
    expect(page.fetchers[0]!.calls).toHaveLength(1);
  });

  it("opens the first tab with its own headers, and no tab with another tab's", async () => {
    const withHeaders: GraphiqlExample[] = [
      { title: "Mine", query: "query Mine { greeting }", headers: '{ "Authorization": "Bearer alice" }' },
      { title: "Public", query: "query Public { greeting }" },
    ];
    const script = await appScriptFor({ examples: withHeaders, subscriptions: true });
    const page = runAppScript(script, "http://127.0.0.1:4001/graphiql");
    expect(page.props.defaultHeaders).toBe('{ "Authorization": "Bearer alice" }');
    expect(page.props.defaultTabs.map((t) => t.headers)).toEqual(['{ "Authorization": "Bearer alice" }', ""]);
  });
});
