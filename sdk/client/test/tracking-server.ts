import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, execute, GraphQLError, parse } from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * A graphql-ws server shaped like a BFF's order tracking, for the client's own tests: `updates(after)`
 * first sends the current state when it is newer than `after`, then each later change; persisted
 * documents are looked up by `extensions.persistedQuery.sha256Hash`; `refuse` answers a subscription
 * with a FORBIDDEN error, as a BFF refuses another customer's order.
 */
export interface TrackingServer {
  url: string;
  /** Every connection_init payload, in order. */
  inits: Array<Record<string, unknown> | undefined>;
  /** Every HTTP request's body and authorization header, in order. */
  posts: Array<{ body: Record<string, unknown>; authorization: string | undefined }>;
  /** Every subscribe message's payload, in order. */
  subscribes: SubscribePayload[];
  /** Moves the state on: the next sequence with this status, sent to every subscriber. */
  change(status: string): void;
  /** Closes every open connection with this code, as the BFF does when a token expires (4401). */
  closeAll(code: number, reason: string): void;
  /** Drops every connection without a close frame, as a lost network does. */
  dropAll(): void;
  /** Subscriptions are refused (FORBIDDEN) while true. */
  refuse: boolean;
  stop(): Promise<void>;
}

const schema = buildSchema(`
  type Query { ping: String }
  type Update { sequence: Int! status: String! }
  type Subscription { updates(after: Int): Update! }
`);

export async function startTrackingServer(persisted: ReadonlyMap<string, string>): Promise<TrackingServer> {
  const lookUp = (payload: { query?: string; extensions?: Record<string, unknown> | null }) => {
    const hash = (payload.extensions?.["persistedQuery"] as { sha256Hash?: string } | undefined)?.sha256Hash;
    return hash ? persisted.get(hash) : payload.query;
  };
  const http: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const request = JSON.parse(body) as { query?: string; extensions?: Record<string, unknown> };
      state.posts.push({ body: request, authorization: req.headers.authorization });
      const text = lookUp(request);
      const answer = text
        ? execute({ schema, document: parse(text), rootValue: { ping: () => "pong" } })
        : { errors: [{ message: "unknown document", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  const wss = new WebSocketServer({ server: http, path: "/graphql" });
  const sockets = new Set<WebSocket>();
  wss.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const listeners = new Set<(update: { sequence: number; status: string }) => void>();
  let current = { sequence: 1, status: "PENDING" };

  const state: TrackingServer = {
    url: "",
    inits: [],
    posts: [],
    subscribes: [],
    refuse: false,
    change(status) {
      current = { sequence: current.sequence + 1, status };
      for (const listener of listeners) listener(current);
    },
    closeAll(code, reason) {
      for (const socket of sockets) socket.close(code, reason);
    },
    dropAll() {
      for (const socket of sockets) socket.terminate();
    },
    stop: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };

  function updates(args: { after?: number | null }) {
    if (state.refuse) throw new GraphQLError("not your order", { extensions: { code: "FORBIDDEN" } });
    return liveUpdates(args);
  }

  async function* liveUpdates(args: { after?: number | null }) {
    const queue: Array<{ sequence: number; status: string }> = [];
    let wake: (() => void) | undefined;
    const listener = (update: { sequence: number; status: string }) => {
      queue.push(update);
      wake?.();
    };
    listeners.add(listener);
    try {
      if (current.sequence > (args.after ?? 0)) queue.push(current);
      for (;;) {
        while (queue.length) yield { updates: queue.shift()! };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      listeners.delete(listener);
    }
  }

  useServer(
    {
      schema,
      onConnect: (ctx) => {
        state.inits.push(ctx.connectionParams);
      },
      onSubscribe: (_ctx, _id, payload) => {
        state.subscribes.push(payload);
        const text = lookUp(payload);
        if (!text) return [new GraphQLError("unknown document", { extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } })];
        return {
          schema,
          document: parse(text),
          variableValues: payload.variables ?? undefined,
          rootValue: { updates },
        };
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  state.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  return state;
}
