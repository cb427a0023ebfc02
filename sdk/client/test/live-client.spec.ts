import { createHash } from "node:crypto";
import { parse } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createEmporiumClient, requireData, subscribeInOrder, SubscriptionError, type EmporiumClient } from "../src";
import { startFaultProxy } from "@emporium/testing";
import { startTrackingServer, type TrackingServer } from "./tracking-server";

type Update = { updates: { sequence: number; status: string } };
type UpdateVariables = { after?: number | null };

/** A document as the generator gives it: its text's sha256 in __meta__.hash, the text in the BFF's manifest. */
function persistedDocument<TData, TVariables>(text: string): TypedDocumentNode<TData, TVariables> {
  const hash = createHash("sha256").update(text).digest("hex");
  return Object.assign(parse(text), { __meta__: { hash } }) as TypedDocumentNode<TData, TVariables>;
}

const UPDATES_TEXT = "subscription Updates($after: Int) { updates(after: $after) { sequence status } }";
const PING_TEXT = "query Ping { ping }";
const Updates = persistedDocument<Update, UpdateVariables>(UPDATES_TEXT);
const Ping = persistedDocument<{ ping: string | null }, Record<string, never>>(PING_TEXT);
const hashOf = (d: object) => (d as { __meta__: { hash: string } }).__meta__.hash;

/** Polls until `done` holds; fails with `what` after the deadline (a bounded wait, not a sleep). */
async function until(what: string, done: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the SDK client against a graphql-ws server", () => {
  let server: TrackingServer;
  let client: EmporiumClient;
  let tokens: string[];
  let refreshes: number;
  beforeEach(async () => {
    server = await startTrackingServer(
      new Map([
        [hashOf(Updates), UPDATES_TEXT],
        [hashOf(Ping), PING_TEXT],
      ]),
    );
    tokens = ["token-1", "token-2", "token-3"];
    refreshes = 0;
    client = createEmporiumClient({
      url: server.url.replace(/^ws/, "http"),
      getToken: ({ refresh }) => {
        if (refresh) {
          refreshes += 1;
          tokens.shift();
        }
        return tokens[0];
      },
      retryDelay: () => 50,
    });
  });
  afterEach(async () => {
    await client.close();
    await server.stop();
  });

  it("sends a query as its persisted hash only, with the bearer token", async () => {
    expect(requireData(await client.query(Ping, {}))).toEqual({ ping: "pong" });
    expect(server.posts).toEqual([
      {
        authorization: "Bearer token-1",
        body: {
          operationName: "Ping",
          variables: {},
          extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(Ping) } },
        },
      },
    ]);
  });

  it("subscribes with the token in connection_init and the hash instead of the text", async () => {
    const seen: Update[] = [];
    const stop = client.subscribe(Updates, () => ({}), { next: (d) => seen.push(d) });
    await until("the current state", () => seen.length === 1);
    server.change("CONFIRMED");
    await until("the change", () => seen.length === 2);
    stop();
    expect(seen.map((d) => d.updates)).toEqual([
      { sequence: 1, status: "PENDING" },
      { sequence: 2, status: "CONFIRMED" },
    ]);
    expect(server.inits).toEqual([{ authorization: "Bearer token-1" }]);
    expect(server.subscribes[0]).toMatchObject({
      query: "",
      extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(Updates) } },
    });
  });

  it("reconnects with a refreshed token when the server closes with 4401, and resumes after the last sequence", async () => {
    const seen: number[] = [];
    const closes: number[] = [];
    client.onSocketClosed((e) => closes.push(e.code));
    const stop = subscribeInOrder(
      client,
      Updates,
      {},
      {
        sequenceOf: (d) => d.updates.sequence,
        next: (d) => seen.push(d.updates.sequence),
      },
    );
    await until("the current state", () => seen.length === 1);
    server.change("CONFIRMED");
    await until("the first change", () => seen.length === 2);
    server.closeAll(4401, "token expired");
    await until("a second connection", () => server.inits.length === 2 && server.subscribes.length === 2);
    server.change("SHIPPED");
    await until("the change after the reconnect", () => seen.length === 3);
    stop();
    expect(closes).toContain(4401);
    expect(refreshes).toBe(1);
    expect(server.inits).toEqual([{ authorization: "Bearer token-1" }, { authorization: "Bearer token-2" }]);
    expect(server.subscribes.map((s) => s.variables)).toEqual([{ after: null }, { after: 2 }]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("after a dropped connection, asks only for what follows, and gets the changes it missed as the current state", async () => {
    const seen: Array<{ sequence: number; status: string }> = [];
    const stop = subscribeInOrder(
      client,
      Updates,
      {},
      { sequenceOf: (d) => d.updates.sequence, next: (d) => seen.push(d.updates) },
    );
    await until("the current state", () => seen.length === 1);
    server.dropAll();
    server.change("CONFIRMED"); // while nobody listens
    await until("the resumed subscription", () => seen.length === 2);
    server.change("SHIPPED");
    await until("the next change", () => seen.length === 3);
    stop();
    expect(seen.map((u) => u.status)).toEqual(["PENDING", "CONFIRMED", "SHIPPED"]);
    expect(server.subscribes.map((s) => s.variables)).toEqual([{ after: null }, { after: 1 }]);
  });

  it("keeps trying while the server cannot be reached, and resumes once it can", async () => {
    const proxy = await startFaultProxy({ targetPort: Number(new URL(server.url).port) });
    const proxied = createEmporiumClient({
      url: proxy.urlThrough(server.url.replace(/^ws/, "http")),
      retryDelay: () => 50,
    });
    try {
      const seen: string[] = [];
      subscribeInOrder(
        proxied,
        Updates,
        {},
        { sequenceOf: (d) => d.updates.sequence, next: (d) => seen.push(d.updates.status) },
      );
      await until("the current state", () => seen.length === 1);
      proxy.refuseNewConnections(true);
      proxy.cutConnections();
      await proxy.nextConnectionAttempt();
      await proxy.nextConnectionAttempt(); // refused twice: the SDK keeps trying
      server.change("CONFIRMED");
      proxy.refuseNewConnections(false);
      await until("the change missed while away", () => seen.length === 2);
      expect(seen).toEqual(["PENDING", "CONFIRMED"]);
    } finally {
      await proxied.close();
      await proxy.close();
    }
  });

  it("ends with a SubscriptionError and no retry when the server refuses the subscription", async () => {
    server.refuse = true;
    const failure = await new Promise<unknown>((resolve) =>
      client.subscribe(Updates, () => ({}), { next: () => resolve("data"), error: resolve }),
    );
    expect(failure).toBeInstanceOf(SubscriptionError);
    expect(failure).toMatchObject({ code: "FORBIDDEN", message: "not your order" });
    expect(server.subscribes).toHaveLength(1);
  });

  it("ends with a SubscriptionError and no retry when the server closes with 4403", async () => {
    const errors: unknown[] = [];
    client.subscribe(Updates, () => ({}), {
      next: () => server.closeAll(4403, "Forbidden"),
      error: (e) => errors.push(e),
    });
    await until("the error", () => errors.length === 1);
    expect(errors[0]).toMatchObject({ closeCode: 4403 });
    expect(server.inits).toHaveLength(1);
  });
});
