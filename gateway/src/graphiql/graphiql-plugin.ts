import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyPluginAsync } from "fastify";
import type { GraphiqlExample } from "./examples";

export interface GraphiqlOptions {
  path?: string;
  endpoint?: string;
  title?: string;
  examples: GraphiqlExample[];
}

/**
 * GraphiQL served entirely from our own origin: the graphiql and React UMD bundles come from
 * node_modules, so the page works offline, and the Content-Security-Policy forbids everything else
 * (no CDN, no inline script). Only a fixed list of assets is served: no path from the URL ever
 * reaches the filesystem.
 */
export const graphiqlPlugin: FastifyPluginAsync<GraphiqlOptions> = async (app, options) => {
  const base = options.path ?? "/graphiql";
  const pkgFile = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
  const assets = new Map<string, { type: string; body: string | Buffer }>([
    ["react.js", { type: "text/javascript; charset=utf-8", body: readFileSync(pkgFile("react", "umd/react.production.min.js")) }],
    ["react-dom.js", { type: "text/javascript; charset=utf-8", body: readFileSync(pkgFile("react-dom", "umd/react-dom.production.min.js")) }],
    ["graphiql.js", { type: "text/javascript; charset=utf-8", body: readFileSync(pkgFile("graphiql", "graphiql.min.js")) }],
    ["graphiql.css", { type: "text/css; charset=utf-8", body: readFileSync(pkgFile("graphiql", "graphiql.min.css")) }],
    ["app.js", { type: "text/javascript; charset=utf-8", body: appScript(options.endpoint ?? "/graphql", options.examples) }],
  ]);
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    // GraphiQL and CodeMirror set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");

  app.get(base, async (_req, reply) =>
    reply.type("text/html; charset=utf-8").header("content-security-policy", csp).header("x-content-type-options", "nosniff").header("cache-control", "no-cache").send(page(base, options.title ?? "GraphiQL")),
  );
  // Browsers ask for it on every page; answer rather than log a 404 in the console.
  app.get("/favicon.ico", async (_req, reply) => reply.code(204).send());
  app.get<{ Params: { name: string } }>(`${base}/assets/:name`, async (req, reply) => {
    const asset = assets.get(req.params.name);
    if (!asset) return reply.code(404).type("text/plain").send("not found");
    return reply.type(asset.type).header("cache-control", "public, max-age=86400").header("x-content-type-options", "nosniff").send(asset.body);
  });
};

function page(base: string, title: string): string {
  const a = (name: string) => `${base}/assets/${name}`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="${a("graphiql.css")}">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${a("react.js")}"></script>
  <script src="${a("react-dom.js")}"></script>
  <script src="${a("graphiql.js")}"></script>
  <script src="${a("app.js")}"></script>
</body>
</html>
`;
}

function appScript(endpoint: string, examples: GraphiqlExample[]): string {
  const config = JSON.stringify({ endpoint, tabs: examples.map((e) => ({ query: e.query, variables: e.variables, headers: e.headers })) });
  return `"use strict";
(function () {
  var config = ${config.replace(/</g, "\\u003c")};
  var fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, window.location.href).toString() });
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultTabs: config.tabs, defaultEditorToolsVisibility: true, isHeadersEditorEnabled: true })
  );
})();
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
