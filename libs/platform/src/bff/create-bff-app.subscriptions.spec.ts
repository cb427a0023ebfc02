import type { AddressInfo } from "node:net";
import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import pino from "pino";
import WebSocket from "ws";
import { forgedTokens, shortLivedSession, testKeycloak, userToken } from "@emporium/testing";
import { DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from "../edge/graphql-limits";
import { AppError } from "../errors/app-error";
import { currentRequestId } from "../rpc/outbound-request-id";
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from "./bff-config";
import type { BffGraph, BffRequest } from "./bff-graph";
import { createBffApp } from "./create-bff-app";
import { versionedUpdates } from "./live-updates";
import { documentHash } from "./persisted-documents";

const schema = `
  type Query { hello: String! }
  type Subscription {
    "Ticks the test publishes on a channel, in order."
    ticks(channel: String!): Tick!
    "Who the connection is, once."
    whoami: String!
    "The subscription's request id as its context has it, and as its calls would send it."
    requestIds: String!
    refused: String
    failing: String
  }
  type Tick { channel: String!, n: Int! }
`;

interface Tick {
  channel: string;
  n: number;
}

/** The test's stand-in for the live feed: listeners per channel, and the ticks published to them. */
class Hub {
  private readonly listeners = new Map<string, Set<(t: Tick) => void>>();
  listen(channel: string, push: (t: Tick) => void): () => void {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set.add(push));
    return () => set.delete(push);
  }
  listening(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
  publish(channel: string, n: number): void {
    for (const push of this.listeners.get(channel) ?? []) push({ channel, n });
  }
}

/** A toy graph whose Subscription fields are fed by the hub, or tell what their context holds. */
function liveGraph(hub: Hub): BffGraph<BffRequest> {
  return {
    schema,
    resolvers: {
      Query: { hello: () => "hello" },
      Subscription: {
        ticks: {
          subscribe: (_root: unknown, args: { channel: string }) =>
            versionedUpdates<Tick>({
              snapshot: async () => [],
              live: (push) => hub.listen(args.channel, push),
              keyOf: (t) => String(t.channel),
              versionOf: (t) => BigInt(t.n),
            }),
        },
        whoami: {
          subscribe: async function* (_root: unknown, _args: unknown, ctx: BffRequest) {
            yield ctx.principal
              ? `${ctx.principal.subject} ${ctx.authorization ? "with" : "without"} token`
              : "anonymous";
          },
        },
        requestIds: {
          subscribe: async function* (_root: unknown, _args: unknown, ctx: BffRequest) {
            await new Promise((resolve) => setImmediate(resolve));
            yield `${ctx.requestId} ${currentRequestId()}`;
          },
        },
        refused: {
          subscribe: () => {
            throw new AppError("PERMISSION_DENIED", "not yours");
          },
        },
        failing: {
          subscribe: async function* () {
            throw new AppError("NOT_FOUND", "order o-1 does not exist");
          },
        },
      },
    },
    context: (request) => request,
    examples: [],
  };
}

const HELLO = "query Hello { hello }";
const TICKS = "subscription Ticks($c: String!) { ticks(channel: $c) { channel n } }";
const WHOAMI = "subscription { whoami }";

interface Closed {
  code: number;
  reason: string;
}

/** A BFF on a real port, its hub, and graphql-ws clients that record how they were closed. */
async function startBff(
  kc: ReturnType<typeof testKeycloak>,
  limits: Partial<SubscriptionLimits> = {},
  extra: { persistedDocuments?: Record<string, string>; persistedOnly?: boolean; graphqlLimits?: GraphqlLimits } = {},
) {
  const hub = new Hub();
  const { graphqlLimits, ...options } = extra;
  const app = await createBffApp({
    name: "bff-test",
    config: {
      authIssuer: kc.issuer,
      rpcUrls: {},
      subscriptions: { ...DEFAULT_SUBSCRIPTION_LIMITS, ...limits },
      ...(graphqlLimits ? { graphqlLimits } : {}),
    },
    logger: pino({ level: "silent" }),
    graph: liveGraph(hub),
    ...options,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
  const clients: Client[] = [];
  /** A client that connects now, never retries, and resolves `closed` with the server's close code. */
  const connect = (token?: string) => {
    let resolveClosed!: (c: Closed) => void;
    const closed = new Promise<Closed>((resolve) => (resolveClosed = resolve));
    let resolveConnected!: () => void;
    // Rejected if the connection closes first (so a test waiting for it fails instead of hanging).
    const connected = new Promise<void>((resolve, reject) => {
      resolveConnected = resolve;
      void closed.then((c) => reject(new Error(`closed with ${c.code} ${c.reason}`)));
    });
    connected.catch(() => undefined);
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: token === undefined ? {} : { authorization: `Bearer ${token}` },
      on: {
        connected: () => resolveConnected(),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          resolveClosed({ code, reason: String(reason) });
        },
      },
      onNonLazyError: () => undefined,
    });
    clients.push(client);
    return { client, closed, connected };
  };
  /** The server's count of open connections, as /metrics has it. */
  const openConnections = async () =>
    Number(/^graphql_ws_connections\{[^}]*\} (\d+)/m.exec((await app.inject("/metrics")).body)?.[1]);
  /** Posts a GraphQL request over HTTP. */
  const post = async (payload: object) => {
    const res = await app.inject({ method: "POST", url: "/graphql", payload });
    return {
      status: res.statusCode,
      body: res.json() as { data?: unknown; errors?: Array<{ extensions: { code: string } }> },
    };
  };
  return {
    app,
    hub,
    url,
    connect,
    openConnections,
    post,
    async stop() {
      // dispose() rejects for a client the server closed with an error code: the app closes regardless.
      await Promise.allSettled(clients.map((c) => c.dispose()));
      await app.close();
    },
  };
}

/** One subscription's results as they arrive, how it ended (an `error` message's errors, a close), and unsubscribe. */
function subscribe<T = Record<string, unknown>>(client: Client, query: string, variables?: Record<string, unknown>) {
  const results: ExecutionResult<T>[] = [];
  const state: { error?: unknown; completed: boolean } = { completed: false };
  let unsubscribe!: () => void;
  const ended = new Promise<void>((resolve) => {
    unsubscribe = client.subscribe<T>(
      { query, ...(variables ? { variables } : {}) },
      {
        next: (r) => results.push(r as ExecutionResult<T>),
        error: (e) => {
          state.error = e;
          resolve();
        },
        complete: () => {
          state.completed = true;
          resolve();
        },
      },
    );
  });
  return {
    results,
    state,
    ended,
    unsubscribe,
    received: (n: number) => until(() => results.length >= n, `${n} results`),
  };
}

/** Waits (bounded) until `check` holds: for the server side of a subscription to be in place. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A raw WebSocket speaking graphql-transport-ws: for what a well-behaved client never sends. */
function rawSocket(url: string) {
  const socket = new WebSocket(url, "graphql-transport-ws");
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const closed = new Promise<Closed>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const messages: Array<{ type: string; id?: string; payload?: unknown }> = [];
  socket.on("message", (data: Buffer) => messages.push(JSON.parse(data.toString())));
  return { socket, opened, closed, messages };
}

describe("subscriptions on the BFF host (graphql-transport-ws at /graphql)", () => {
  const kc = testKeycloak();

  describe("with the default limits", () => {
    let bff: Awaited<ReturnType<typeof startBff>>;
    beforeAll(async () => {
      bff = await startBff(kc);
    });
    afterAll(() => bff.stop());

    it("delivers what the source publishes, in order, without duplicates, until the client unsubscribes", async () => {
      const { client } = bff.connect(await userToken(kc, "alice"));
      const ticks = subscribe<{ ticks: Tick }>(client, TICKS, { c: "a" });
      await until(() => bff.hub.listening("a") === 1, "the subscription to be listening");
      for (const n of [1, 2, 2, 1, 3]) bff.hub.publish("a", n);
      await ticks.received(3);
      expect(ticks.results.map((r) => r.data!.ticks.n)).toEqual([1, 2, 3]);
      ticks.unsubscribe();
      await until(() => bff.hub.listening("a") === 0, "the source to be unsubscribed");
    });

    it("hands the subscription the verified caller and token; no token is anonymous", async () => {
      const alice = subscribe(bff.connect(await userToken(kc, "alice")).client, WHOAMI);
      const anonymous = subscribe(bff.connect().client, WHOAMI);
      await Promise.all([alice.ended, anonymous.ended]);
      expect(alice.results).toEqual([{ data: { whoami: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001 with token" } }]);
      expect(anonymous.results).toEqual([{ data: { whoami: "anonymous" } }]);
      expect([alice.state.completed, anonymous.state.completed]).toEqual([true, true]);
    });

    it("runs each subscription under a fresh request id, which its calls to the services carry", async () => {
      const { client } = bff.connect();
      const first = subscribe<{ requestIds: string }>(client, "subscription { requestIds }");
      const second = subscribe<{ requestIds: string }>(client, "subscription { requestIds }");
      await Promise.all([first.ended, second.ended]);
      const [a, b] = [first, second].map((s) => s.results[0]!.data!.requestIds.split(" "));
      expect(a![0]).toBe(a![1]);
      expect(b![0]).toBe(b![1]);
      expect(a![0]).not.toBe(b![0]);
    });

    it("answers in the BFF's error format (codes, request id, nothing internal), the connection staying open", async () => {
      const { client } = bff.connect();
      const refused = subscribe(client, "subscription { refused }");
      const failing = subscribe(client, "subscription { failing }");
      const unparsable = subscribe(client, "subscription { refused");
      const invalid = subscribe(client, "subscription { nothingHere }");
      const badVariables = subscribe(client, TICKS, { c: 1 });
      const query = subscribe(client, "{ hello }");
      await Promise.all([refused, failing, unparsable, invalid, badVariables, query].map((s) => s.ended));
      const coded = (code: string) => ({
        message: expect.any(String),
        extensions: { code, requestId: expect.any(String) },
      });
      // A refusal in `subscribe` is the operation's result: `next` with the error, then `complete`.
      expect(refused.results).toEqual([
        {
          errors: [{ ...coded("FORBIDDEN"), message: "not yours", locations: [expect.any(Object)], path: ["refused"] }],
        },
      ]);
      expect(refused.state.completed).toBe(true);
      // A stream that fails, and a request that cannot run, end with an `error` message.
      expect(failing.state.error).toEqual([{ ...coded("NOT_FOUND"), message: "order o-1 does not exist" }]);
      expect(unparsable.state.error).toEqual([{ ...coded("GRAPHQL_PARSE_FAILED"), locations: [expect.any(Object)] }]);
      expect(invalid.state.error).toEqual([{ ...coded("GRAPHQL_VALIDATION_FAILED"), locations: [expect.any(Object)] }]);
      expect(badVariables.results).toEqual([
        { errors: [{ ...coded("BAD_USER_INPUT"), locations: [expect.any(Object)] }] },
      ]);
      // Queries and mutations go over HTTP (where their loaders are).
      expect(query.state.error).toEqual([
        {
          ...coded("GRAPHQL_VALIDATION_FAILED"),
          message: expect.stringContaining("over HTTP"),
          locations: [expect.any(Object)],
        },
      ]);
      expect(JSON.stringify([failing.state.error, refused.results])).not.toMatch(/stack|\.ts:\d+/);
      const after = subscribe(client, WHOAMI);
      await after.ended;
      expect(after.results).toEqual([{ data: { whoami: "anonymous" } }]);
    });

    it("refuses a document over the GraphQL limits as over HTTP (GRAPHQL_LIMIT_EXCEEDED), the connection staying", async () => {
      const { client } = bff.connect();
      const tokens = DEFAULT_GRAPHQL_LIMITS.bff.maxTokens;
      const long = subscribe(client, `subscription { ${"whoami ".repeat(tokens)}}`);
      await long.ended;
      expect(long.state.error).toEqual([
        {
          message: expect.any(String),
          extensions: expect.objectContaining({ code: "GRAPHQL_LIMIT_EXCEEDED", limit: "maxTokens", max: tokens }),
        },
      ]);
      const who = subscribe<{ whoami: string }>(client, WHOAMI);
      await who.received(1);
      expect(who.results[0]!.data).toEqual({ whoami: "anonymous" });
    });

    it("applies the BFF's own limits to a subscription's document (here maxDepth 1)", async () => {
      const tight = await startBff(kc, {}, { graphqlLimits: { ...DEFAULT_GRAPHQL_LIMITS.bff, maxDepth: 1 } });
      try {
        const deep = subscribe(tight.connect().client, TICKS, { c: "deep" });
        await deep.ended;
        expect(deep.state.error).toEqual([
          {
            message: expect.any(String),
            extensions: expect.objectContaining({ code: "GRAPHQL_LIMIT_EXCEEDED", limit: "maxDepth", max: 1 }),
          },
        ]);
        expect(tight.hub.listening("deep")).toBe(0);
      } finally {
        await tight.stop();
      }
    });

    it("refuses a subscription over HTTP: it is served over WebSocket", async () => {
      const res = await bff.app.inject({ method: "POST", url: "/graphql", payload: { query: WHOAMI } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        errors: [{ message: expect.stringContaining("WebSocket"), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }],
      });
    });

    it("counts connections, active subscriptions and messages sent in /metrics", async () => {
      const { client } = bff.connect();
      const ticks = subscribe(client, TICKS, { c: "metrics" });
      await until(() => bff.hub.listening("metrics") === 1, "the subscription");
      const metrics = (await bff.app.inject("/metrics")).body;
      expect(metrics).toMatch(/^graphql_ws_connections\{service="bff-test"\} [1-9]/m);
      expect(metrics).toMatch(/^graphql_ws_subscriptions\{field="ticks",service="bff-test"\} 1$/m);
      expect(metrics).toMatch(/^graphql_ws_messages_sent_total\{service="bff-test"\} [1-9]/m);
      ticks.unsubscribe();
    });

    it("closes with 4403 when connection_init carries a token that does not verify", async () => {
      const { tamperedPayload } = await forgedTokens(kc, await userToken(kc, "alice"));
      for (const token of [tamperedPayload, "not-a-jwt"]) {
        const { closed } = bff.connect(token);
        expect(await closed).toEqual({ code: 4403, reason: expect.stringMatching(/^Forbidden/) });
      }
    });
  });

  describe("token expiry", () => {
    let bff: Awaited<ReturnType<typeof startBff>>;
    beforeAll(async () => {
      bff = await startBff(kc);
    });
    afterAll(() => bff.stop());

    it("closes with 4401 when the connection's token expires; a refreshed token connects again", async () => {
      const session = await shortLivedSession(kc, "alice"); // access tokens live 10 s
      const first = bff.connect(session.accessToken);
      subscribe(first.client, TICKS, { c: "expiry" });
      await until(() => bff.hub.listening("expiry") === 1, "the subscription");
      expect(await first.closed).toEqual({ code: 4401, reason: "token expired" });
      await until(() => bff.hub.listening("expiry") === 0, "the subscription's source to be released");
      // The expired token is told apart from a forged one: refresh, do not give up.
      expect(await bff.connect(session.accessToken).closed).toEqual({ code: 4401, reason: "token expired" });
      const again = subscribe(bff.connect(await session.refresh()).client, WHOAMI);
      await again.ended;
      expect(again.results).toEqual([{ data: { whoami: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001 with token" } }]);
    });
  });

  describe("limits", () => {
    let bff: Awaited<ReturnType<typeof startBff>>;
    beforeAll(async () => {
      bff = await startBff(kc, {
        maxConnectionsPerPrincipal: 2,
        maxSubscriptionsPerConnection: 2,
        maxMessageBytes: 4096,
      });
    });
    afterAll(() => bff.stop());

    it("closes a principal's connection over the limit with 1008; others are not affected", async () => {
      const alice = await userToken(kc, "alice");
      const [first, second] = [bff.connect(alice), bff.connect(alice)];
      await Promise.all([first.connected, second.connected]);
      expect(await bff.connect(await userToken(kc, "alice")).closed).toEqual({
        code: 1008,
        reason: "too many connections for this user",
      });
      const bob = bff.connect(await userToken(kc, "bob"));
      const anonymous = [bff.connect(), bff.connect(), bff.connect()];
      await Promise.all([bob.connected, ...anonymous.map((a) => a.connected)]);
      // One of alice's connections closes: her next one is accepted once the server has seen it go.
      const open = await bff.openConnections();
      await first.client.dispose();
      await until(async () => (await bff.openConnections()) < open, "the server to see the connection close");
      await bff.connect(alice).connected;
    });

    it("answers a subscription over the per-connection limit with LIMIT_EXCEEDED, keeping the others", async () => {
      const { client } = bff.connect();
      const [one, two] = [subscribe(client, TICKS, { c: "l1" }), subscribe(client, TICKS, { c: "l2" })];
      await until(() => bff.hub.listening("l1") === 1 && bff.hub.listening("l2") === 1, "two subscriptions");
      const three = subscribe(client, TICKS, { c: "l3" });
      await three.ended;
      expect(three.state.error).toEqual([
        {
          message: "at most 2 subscriptions per connection",
          extensions: { code: "LIMIT_EXCEEDED", requestId: expect.any(String) },
        },
      ]);
      bff.hub.publish("l2", 1);
      await two.received(1);
      one.unsubscribe();
      await until(() => bff.hub.listening("l1") === 0, "the first subscription to end");
      subscribe(client, TICKS, { c: "l4" });
      await until(() => bff.hub.listening("l4") === 1, "a subscription in the freed place");
    });

    it("closes with 1009 when a message is over the size limit", async () => {
      const { client, closed, connected } = bff.connect();
      await connected;
      subscribe(client, `subscription { whoami }${" ".repeat(4096)}`);
      expect((await closed).code).toBe(1009);
    });
  });

  describe("timeouts", () => {
    // Each app has one short timeout, so the other can never be what closes the connection.
    let initWait: Awaited<ReturnType<typeof startBff>>;
    let idle: Awaited<ReturnType<typeof startBff>>;
    beforeAll(async () => {
      initWait = await startBff(kc, { connectionInitTimeoutMs: 200 });
      idle = await startBff(kc, { idleTimeoutMs: 300 });
    });
    afterAll(() => Promise.all([initWait.stop(), idle.stop()]));

    it("closes with 4408 when no connection_init comes in time", async () => {
      const raw = rawSocket(initWait.url);
      await raw.opened;
      expect(await raw.closed).toEqual({ code: 4408, reason: "Connection initialisation timeout" });
    });

    it('closes with 1000 "idle" a connection that has no subscription for the idle timeout', async () => {
      expect(await idle.connect().closed).toEqual({ code: 1000, reason: "idle" });
    });
  });

  describe("persisted documents", () => {
    const documents = { [documentHash(WHOAMI)]: WHOAMI, [documentHash(HELLO)]: HELLO };
    const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
    let bff: Awaited<ReturnType<typeof startBff>>;
    let strict: Awaited<ReturnType<typeof startBff>>;
    beforeAll(async () => {
      bff = await startBff(kc, {}, { persistedDocuments: documents });
      strict = await startBff(kc, {}, { persistedDocuments: documents, persistedOnly: true });
    });
    afterAll(() => Promise.all([bff.stop(), strict.stop()]));

    it("runs a document by its hash over HTTP, with or without its text; raw text still runs", async () => {
      const hash = documentHash(HELLO);
      expect(await bff.post({ extensions: persisted(hash) })).toEqual({
        status: 200,
        body: { data: { hello: "hello" } },
      });
      expect(await bff.post({ query: HELLO, extensions: persisted(hash) })).toMatchObject({ status: 200 });
      expect(await bff.post({ query: "{ hello }" })).toMatchObject({ status: 200, body: { data: { hello: "hello" } } });
    });

    it("refuses an unknown hash and a hash that is not the text's, over HTTP", async () => {
      const codeOf = async (payload: object) => {
        const { status, body } = await bff.post(payload);
        return [status, body.errors?.[0]?.extensions.code];
      };
      expect(await codeOf({ extensions: persisted("0".repeat(64)) })).toEqual([400, "PERSISTED_QUERY_NOT_FOUND"]);
      expect(await codeOf({ query: "{ hello }", extensions: persisted(documentHash(HELLO)) })).toEqual([
        400,
        "PERSISTED_QUERY_HASH_MISMATCH",
      ]);
    });

    it("runs a subscription by its hash over WebSocket, and refuses unknown and mismatched hashes", async () => {
      const { client } = bff.connect();
      const byHash = (query: string, hash: string) =>
        new Promise<{ results: unknown[]; error?: unknown }>((resolve) => {
          const results: unknown[] = [];
          client.subscribe(
            { query, extensions: persisted(hash) },
            {
              next: (r) => results.push(r),
              error: (error) => resolve({ results, error }),
              complete: () => resolve({ results }),
            },
          );
        });
      expect(await byHash("", documentHash(WHOAMI))).toEqual({ results: [{ data: { whoami: "anonymous" } }] });
      expect(await byHash(WHOAMI, documentHash(WHOAMI))).toEqual({ results: [{ data: { whoami: "anonymous" } }] });
      const code = (outcome: { error?: unknown }) =>
        (outcome.error as Array<{ extensions: { code: string } }>)[0]!.extensions.code;
      expect(code(await byHash("", "0".repeat(64)))).toBe("PERSISTED_QUERY_NOT_FOUND");
      expect(code(await byHash("subscription { requestIds }", documentHash(WHOAMI)))).toBe(
        "PERSISTED_QUERY_HASH_MISMATCH",
      );
    });

    it("persistedOnly (the seam for production): runs documents of the manifest only", async () => {
      expect((await strict.post({ extensions: persisted(documentHash(HELLO)) })).status).toBe(200);
      const raw = await strict.post({ query: "{ hello }" });
      expect([raw.status, raw.body.errors?.[0]?.extensions.code]).toEqual([400, "PERSISTED_QUERY_REQUIRED"]);
      const unlisted = await strict.post({ query: "{ hello }", extensions: persisted(documentHash("{ hello }")) });
      expect([unlisted.status, unlisted.body.errors?.[0]?.extensions.code]).toEqual([400, "PERSISTED_QUERY_NOT_FOUND"]);
      const ws = subscribe(strict.connect().client, WHOAMI);
      await ws.ended;
      expect((ws.state.error as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe(
        "PERSISTED_QUERY_REQUIRED",
      );
    });
  });

  it("closes every connection with 1001 when the app closes, ending its subscriptions", async () => {
    const bff = await startBff(kc);
    const { client, closed } = bff.connect();
    subscribe(client, TICKS, { c: "closing" });
    await until(() => bff.hub.listening("closing") === 1, "the subscription");
    await bff.app.close();
    expect(await closed).toEqual({ code: 1001, reason: "server shutting down" });
    expect(bff.hub.listening("closing")).toBe(0);
    await bff.stop();
  });
});
