import { EventEmitter, on } from "node:events";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { buildSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import mercurius from "mercurius";
import { WebSocketServer } from "ws";
import { DEFAULT_CHROMIUM_PATH, renderPage } from "@emporium/testing";
import { graphiqlPlugin } from "./graphiql-plugin";

const SCREENSHOT = path.join(__dirname, "..", "..", "..", "..", "reports", "screenshots", "graphiql-subscription.png");

const sdl = `
  type Query { greeting: String! }
  type Subscription { parcel(id: ID!): ParcelUpdate! }
  type ParcelUpdate { id: ID! step: Int! status: String! }
`;
const statuses = ["PACKED", "SHIPPED", "OUT_FOR_DELIVERY"];

interface LiveTestServer {
  app: FastifyInstance;
  baseUrl: string;
  /** Pushes one update to every running `parcel` subscription. */
  push(update: { id: string; step: number; status: string }): void;
  /** Resolves when a `parcel` subscription is listening (its first event cannot be lost). */
  subscribed: Promise<void>;
  /** connection_init payloads and upgrade request paths, in arrival order. */
  connections: Array<{ path: string; connectionParams: unknown }>;
}

/**
 * A tiny server shaped like a BFF: queries over HTTP (mercurius) and subscriptions over graphql-ws
 * on the same port and path, the WebSocket upgrade handled by `ws` beside Fastify.
 */
async function startLiveTestServer(): Promise<LiveTestServer> {
  const updates = new EventEmitter();
  let onSubscribed!: () => void;
  const subscribed = new Promise<void>((resolve) => (onSubscribed = resolve));
  const connections: LiveTestServer["connections"] = [];
  const app = Fastify();
  await app.register(mercurius, { schema: sdl, resolvers: { Query: { greeting: () => "hello" } }, graphiql: false });
  await app.register(graphiqlPlugin, {
    examples: [
      {
        title: "Track a parcel",
        query: 'subscription TrackParcel {\n  parcel(id: "p-1") {\n    id\n    step\n    status\n  }\n}\n',
        headers: '{ "Authorization": "Bearer graphiql-test" }',
      },
    ],
    title: "Live GraphiQL",
    subscriptions: true,
  });
  const wss = new WebSocketServer({ noServer: true });
  const roots = {
    subscription: {
      parcel: async function* (args: { id: string }) {
        const events = on(updates, "update"); // listening from here on
        onSubscribed();
        for await (const [update] of events) if (update.id === args.id) yield { parcel: update };
      },
    },
  };
  const server = useServer(
    {
      schema: buildSchema(sdl),
      roots,
      onConnect: (ctx) => {
        connections.push({
          path: (ctx.extra.request as IncomingMessage).url ?? "",
          connectionParams: ctx.connectionParams,
        });
        return true;
      },
    },
    wss,
  );
  app.server.on("upgrade", (req, socket, head) => {
    if (req.url !== "/graphql") return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });
  app.addHook("onClose", async () => {
    await server.dispose();
    await new Promise((resolve) => wss.close(resolve));
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    app,
    baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    push: (update) => updates.emit("update", update),
    subscribed,
    connections,
  };
}

/**
 * GraphiQL runs a live subscription as a person would: headless Chromium opens the page (every request
 * off loopback aborted, under the page's Content-Security-Policy), runs the subscription tab, and the
 * result pane shows the events the server pushes while the subscription keeps running.
 */
describe("GraphiQL subscriptions in headless Chromium", () => {
  let server: LiveTestServer;
  beforeAll(async () => {
    const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
    if (!existsSync(chromium))
      throw new Error(`no Chromium at ${chromium}: run \`sh infra/local/chromium.sh\` (or set CHROMIUM_PATH)`);
    server = await startLiveTestServer();
  });
  afterAll(() => server?.app.close());

  it("runs the subscription over graphql-ws and shows each pushed event while it runs", async () => {
    const page = await renderPage(`${server.baseUrl}/graphiql`, {
      // The headers editor (second in the tools pane) is up, so the run carries the tab's headers.
      waitForSelector: ".graphiql-container .graphiql-editor-tool .graphiql-editor:nth-child(2) .CodeMirror",
      thenClick: ".graphiql-execute-button",
      // Each update is pushed once the previous one shows in the result pane.
      steps: statuses.flatMap((status, i) => [
        {
          run: async () => {
            await server.subscribed;
            server.push({ id: "p-1", step: i + 1, status });
          },
        },
        { waitForText: `"status": "${status}"` },
      ]),
      timeoutMs: 30_000,
    });
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    writeFileSync(SCREENSHOT, page.screenshotPng);

    expect(page.title).toBe("Live GraphiQL");
    expect(page.blocked).toEqual([]);
    expect(page.consoleErrors).toEqual([]); // no CSP violation, no socket error
    expect(page.requests.filter((u) => !u.startsWith("data:") && !u.startsWith(`${server.baseUrl}/`))).toEqual([]);
    expect(page.requests).toContain(`${server.baseUrl}/graphql`); // introspection over HTTP
    expect(page.text).toContain("subscription TrackParcel {");
    expect(page.text).toContain('"step": 3');
    // One connection to the endpoint's own path, authenticated with the Headers tab's value.
    expect(server.connections).toEqual([
      { path: "/graphql", connectionParams: { authorization: "Bearer graphiql-test" } },
    ]);
  }, 90_000);
});
