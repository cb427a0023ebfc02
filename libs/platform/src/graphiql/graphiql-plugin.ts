import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyPluginAsync } from "fastify";

/** An example operation GraphiQL opens as a tab (the first one active). */
export interface GraphiqlExample {
  /** For people reading the list; GraphiQL names each tab after the operation in its query. */
  title: string;
  query: string;
  variables?: string;
  headers?: string;
}

export interface GraphiqlOptions {
  /** Where the page is served; its assets live under `${path}/assets/`. Default /graphiql. */
  path?: string;
  /** The GraphQL endpoint the page talks to, relative to the page (or absolute). Default /graphql. */
  endpoint?: string;
  title?: string;
  /** Opened as tabs, the first one active. */
  examples: GraphiqlExample[];
  /**
   * The endpoint also serves subscriptions over graphql-ws (`graphql-transport-ws`) at its own URL
   * with ws:/wss: (the BFFs do; the gateway does not). The page then ships the graphql-ws browser
   * client and runs subscription operations over a WebSocket, the rest over HTTP. Default false.
   */
  subscriptions?: boolean;
}

interface Asset {
  type: string;
  body: Buffer;
  /** Content hash, part of the name the page links ("graphiql.<hash>.js"), so it can be cached for good. */
  version: string;
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";
const IMMUTABLE = "public, max-age=31536000, immutable";

/** Page layout; appended to GraphiQL's stylesheet so the page needs no inline <style>. */
const LAYOUT_CSS = "\nhtml, body, #graphiql { height: 100%; margin: 0; }\n";

/**
 * GraphiQL served entirely from our own origin: the graphiql and React UMD bundles come from
 * node_modules, so the page works offline, and the Content-Security-Policy forbids everything else
 * (no CDN, no inline script, no eval). Only a fixed list of assets is served: no path from the URL
 * ever reaches the filesystem. Registered without fastify-plugin, so it stays encapsulated.
 */
export const graphiqlPlugin: FastifyPluginAsync<GraphiqlOptions> = async (app, options) => {
  const base = (options.path ?? "/graphiql").replace(/\/+$/, "");
  const endpoint = options.endpoint ?? "/graphql";
  const subscriptions = options.subscriptions ?? false;
  const fromPackage = (pkg: string, file: string) =>
    readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file));
  const asset = (type: string, body: Buffer): Asset => ({
    type,
    body,
    version: createHash("sha256").update(body).digest("hex").slice(0, 16),
  });
  const assets = new Map<string, Asset>([
    ["react.js", asset(JS, fromPackage("react", "umd/react.production.min.js"))],
    ["react-dom.js", asset(JS, fromPackage("react-dom", "umd/react-dom.production.min.js"))],
    ["graphiql.js", asset(JS, fromPackage("graphiql", "graphiql.min.js"))],
    ["graphiql.css", asset(CSS, Buffer.concat([fromPackage("graphiql", "graphiql.min.css"), Buffer.from(LAYOUT_CSS)]))],
    // The client's own browser build (global `graphqlWs`), only where there is something to subscribe to.
    ...(subscriptions
      ? [["graphql-ws.js", asset(JS, fromPackage("graphql-ws", "umd/graphql-ws.min.js"))] as const]
      : []),
    ["app.js", asset(JS, Buffer.from(appScript(endpoint, options.examples, subscriptions)))],
  ]);
  const hashedName = (name: string) => name.replace(/\.(js|css)$/, `.${assets.get(name)!.version}.$1`);
  // Served by plain name too (revalidated), by hashed name (cached for a year), by nothing else.
  const routes = new Map<string, { asset: Asset; cacheControl: string }>();
  for (const [name, found] of assets) {
    routes.set(name, { asset: found, cacheControl: "no-cache" });
    routes.set(hashedName(name), { asset: found, cacheControl: IMMUTABLE });
  }
  const csp = contentSecurityPolicy(endpoint, subscriptions);
  const scripts = [...assets.keys()].filter((name) => name.endsWith(".js"));
  const html = page((name) => `${base}/assets/${hashedName(name)}`, scripts, options.title ?? "GraphiQL");

  app.get(base, async (_req, reply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", csp)
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "no-referrer")
      .header("cache-control", "no-cache")
      .send(html),
  );
  // Browsers ask for it on every page; answer rather than log a 404 in the console.
  app.get("/favicon.ico", async (_req, reply) => reply.code(204).send());
  app.get<{ Params: { name: string } }>(`${base}/assets/:name`, async (req, reply) => {
    // A lookup in a fixed map: "../x", "%2e%2e%2f" and the like are simply unknown names.
    const route = routes.get(req.params.name);
    if (!route) return reply.code(404).type("text/plain; charset=utf-8").send("not found");
    return reply
      .type(route.asset.type)
      .header("cache-control", route.cacheControl)
      .header("etag", `"${route.asset.version}"`)
      .header("x-content-type-options", "nosniff")
      .send(route.asset.body);
  });
};

/**
 * Only our own origin, plus exactly what GraphiQL needs, found by rendering the page in Chromium under
 * stricter policies and watching for violations (the gateway's graphiql-render.spec.ts fails on any):
 * - no 'unsafe-eval': the graphiql 3 UMD bundle runs without eval (its one `new Function` is webpack's
 *   globalThis fallback, never reached in a browser); React and CodeMirror style through the CSSOM;
 * - 'unsafe-inline' for styles only: the settings and short-keys dialogs (Radix, react-remove-scroll)
 *   inject a <style> element whose content varies with the scrollbar width, so no hash can cover it;
 * - data: fonts and images: GraphiQL's stylesheet embeds its fonts and a few icons.
 * An absolute endpoint on another origin is the only other origin the page may connect to (with its
 * ws:/wss: twin when it serves subscriptions). A same-origin WebSocket needs nothing more: 'self'
 * matches ws:/wss: on the page's own host and port (CSP Level 3; Chrome 71+, Firefox, Safari 16+).
 */
function contentSecurityPolicy(endpoint: string, subscriptions: boolean): string {
  const connect = ["'self'"];
  if (/^https?:\/\//i.test(endpoint)) {
    connect.push(new URL(endpoint).origin);
    if (subscriptions) connect.push(webSocketUrl(new URL(endpoint)).origin);
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The endpoint's WebSocket twin: the same URL with ws: for http: and wss: for https:. */
function webSocketUrl(endpoint: URL): URL {
  const url = new URL(endpoint);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url;
}

/** Scripts load in order: React, React DOM, GraphiQL (and the graphql-ws client), then app.js. */
function page(assetUrl: (name: string) => string, scripts: string[], title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="${escapeHtml(assetUrl("graphiql.css"))}">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
${scripts.map((name) => `  <script src="${escapeHtml(assetUrl(name))}"></script>\n`).join("")}</body>
</html>
`;
}

/**
 * Page script: which operation of a document runs, `{ type, name }` (undefined for a document with
 * no operation it can tell). GraphiQL decides WebSocket or HTTP from the operation name and
 * document it last parsed, which lag behind a tab just switched to (graphql/graphiql#2311): it then
 * posts a subscription over HTTP with the previous tab's operation name. The page's fetcher decides
 * from the text it sends instead: comments and strings blanked, operations read at brace depth 0.
 */
export const SELECTED_OPERATION_JS = `function selectedOperation(query, operationName) {
  var text = String(query).replace(/"""[\\s\\S]*?"""|"(?:[^"\\\\\\n]|\\\\.)*"|#[^\\n]*/g, " ");
  var pattern = /[{}]|(?<![$\\w])(query|mutation|subscription)\\b\\s*([_A-Za-z][_0-9A-Za-z]*)?/g;
  var depth = 0, operations = [], shorthand = false, match;
  while ((match = pattern.exec(text))) {
    if (match[0] === "{") { if (depth === 0 && operations.length === 0) shorthand = true; depth++; }
    else if (match[0] === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0) operations.push({ type: match[1], name: match[2] });
  }
  if (operations.length === 0) return shorthand ? { type: "query", name: undefined } : undefined;
  for (var i = 0; i < operations.length; i++) if (operationName && operations[i].name === operationName) return operations[i];
  return operations.length === 1 ? operations[0] : undefined;
}`;

/**
 * The page's own script, served as a file so the CSP can forbid inline scripts. With subscriptions,
 * GraphiQL's fetcher sends subscription operations over graphql-ws to the endpoint's ws:/wss: URL and
 * the rest over HTTP. A WebSocket carries no per-request headers, so the Authorization header from
 * the Headers tab goes into connection_init as `{ authorization }`, where the server verifies it:
 * one client (one connection at most) per distinct value, so a new token opens a new connection
 * instead of riding on a connection authenticated as someone else. A dropped connection is not
 * retried: GraphiQL shows the close code and a person runs the subscription again (a silent
 * reconnect would hide the events missed in between).
 */
function appScript(endpoint: string, examples: GraphiqlExample[], subscriptions: boolean): string {
  const config = JSON.stringify({
    endpoint,
    subscriptions,
    tabs: examples.map((e) => ({ query: e.query, variables: e.variables, headers: e.headers })),
  });
  return `"use strict";
(function () {
  var config = ${config
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")};
  var url = new URL(config.endpoint, window.location.href);
  var overHttp = GraphiQL.createFetcher({ url: url.toString() });
  var wsUrl = new URL(url.toString());
  wsUrl.protocol = wsUrl.protocol === "https:" ? "wss:" : "ws:";
  var wsClients = new Map();

  ${SELECTED_OPERATION_JS.replace(/\n/g, "\n  ")}

  // The operation and its transport come from the text sent, never from GraphiQL's parse of it,
  // which can still be the previous tab's (see selectedOperation).
  function fetcher(params, opts) {
    var operation = selectedOperation(params.query, params.operationName);
    var sent = operation ? Object.assign({}, params, { operationName: operation.name || null }) : params;
    if (config.subscriptions && operation && operation.type === "subscription")
      return overWebSocket(wsClientFor(authorizationOf(opts && opts.headers)), sent);
    return overHttp(sent, Object.assign({}, opts, { documentAST: undefined }));
  }

  function wsClientFor(authorization) {
    var client = wsClients.get(authorization);
    if (!client) {
      client = graphqlWs.createClient({
        url: wsUrl.toString(),
        connectionParams: authorization ? { authorization: authorization } : {},
        retryAttempts: 0
      });
      wsClients.set(authorization, client);
    }
    return client;
  }

  // An observable GraphiQL renders event by event; unsubscribing (a new run, the stop button) ends it.
  function overWebSocket(client, params) {
    return {
      subscribe: function (observer) {
        var dispose = client.subscribe(params, {
          next: function (value) { observer.next(value); },
          error: function (err) { observer.error(err); },
          complete: function () { observer.complete(); }
        });
        return { unsubscribe: dispose };
      }
    };
  }

  function authorizationOf(headers) {
    var names = Object.keys(headers || {});
    for (var i = 0; i < names.length; i++) {
      if (names[i].toLowerCase() === "authorization") return String(headers[names[i]]);
    }
    return "";
  }

  // GraphiQL opens the first tab with defaultHeaders in its Headers editor, not the tab's own, and
  // shows defaultHeaders for any tab without headers: so the first example's headers go there (new
  // tabs start with them too) and every example tab carries its own, if only "".
  var tabs = config.tabs.map(function (tab) {
    return { query: tab.query, variables: tab.variables, headers: tab.headers || "" };
  });
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultHeaders: tabs.length > 0 ? tabs[0].headers : "",
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true
    })
  );
})();
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
