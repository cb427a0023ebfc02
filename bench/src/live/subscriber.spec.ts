import { EventEmitter, on } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, GraphQLError } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { describeFailure, follow, subscriberFor, wallClock } from "./subscriber";
import type { StatusUpdate } from "./tracker";

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Subscription { orderStatusChanged(orderId: ID!, after: Int): OrderStatusUpdate! }
  type OrderStatusUpdate { orderId: ID! status: String! reason: String sequence: Int! changedAt: String! }
`);

/** A graphql-ws server with bff-web's subscription field: a snapshot, then what the test pushes. */
async function startOrderFeed() {
  const changes = new EventEmitter();
  const sockets = new Set<WebSocket>();
  const inits: unknown[] = [];
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http, path: "/graphql" });
  wss.on("connection", (socket) => sockets.add(socket));
  const roots = {
    subscription: {
      orderStatusChanged: ({ orderId }: { orderId: string }) => {
        if (orderId === "someone-elses")
          throw new GraphQLError("not your order", { extensions: { code: "FORBIDDEN" } });
        const later = on(changes, orderId); // listening before the snapshot, as the BFF does
        return (async function* () {
          yield {
            orderStatusChanged: { orderId, status: "PENDING", sequence: 1, changedAt: new Date().toISOString() },
          };
          for await (const [change] of later) yield { orderStatusChanged: change as StatusUpdate };
        })();
      },
    },
  };
  const server = useServer({ schema, roots, onConnect: (ctx) => void inits.push(ctx.connectionParams) }, wss);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    inits,
    push: (change: StatusUpdate) => changes.emit(change.orderId, change),
    closeAll: (code: number, reason: string) => sockets.forEach((s) => s.close(code, reason)),
    async stop() {
      await server.dispose();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

describe("following an order over graphql-ws", () => {
  let feed: Awaited<ReturnType<typeof startOrderFeed>>;
  beforeAll(async () => {
    feed = await startOrderFeed();
  });
  afterAll(() => feed.stop());

  /** Resolves once the order's snapshot arrived (the subscription listens). */
  const snapshotOf = async (track: { snapshot?: unknown }) => {
    const deadline = Date.now() + 10_000;
    while (!track.snapshot) {
      if (Date.now() > deadline) throw new Error("no snapshot within 10s");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it("authenticates in connection_init, times the pushed change and stops once the order settled", async () => {
    const client = subscriberFor(feed.url, () => "token-1", 0);
    try {
      const following = follow(client, "o-1");
      await snapshotOf(following.track);
      feed.push({ orderId: "o-1", status: "CONFIRMED", sequence: 2, changedAt: new Date(wallClock()).toISOString() });
      await following.done;
      const { track } = following;
      expect(track.snapshot).toMatchObject({ sequence: 1, status: "PENDING" });
      expect(track.last).toMatchObject({ sequence: 2, status: "CONFIRMED" });
      expect(track.settled).toBe(true);
      expect(track.latenciesMs).toHaveLength(1);
      expect(track.latenciesMs[0]).toBeGreaterThanOrEqual(-1); // changedAt has whole milliseconds
      expect(track.error).toBeUndefined();
      expect(feed.inits).toContainEqual({ authorization: "Bearer token-1" });
    } finally {
      await client.dispose();
    }
  });

  it("records a refusal by its error code", async () => {
    const client = subscriberFor(feed.url, () => "token-2", 0);
    try {
      const following = follow(client, "someone-elses");
      await following.done;
      expect(following.track.error).toBe("FORBIDDEN");
      expect(following.track.snapshot).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });

  it("records a closed connection by its close code, without reconnecting", async () => {
    const client = subscriberFor(feed.url, () => "token-3", 0);
    try {
      const following = follow(client, "o-2");
      await snapshotOf(following.track);
      const connections = feed.inits.length;
      feed.closeAll(4401, "token expired");
      await following.done;
      expect(following.track.error).toBe("close 4401 token expired");
      expect(feed.inits).toHaveLength(connections);
    } finally {
      await client.dispose();
    }
  });

  it("describes failures the client reports", () => {
    expect(describeFailure([{ message: "x", extensions: { code: "LIMIT_EXCEEDED" } }])).toBe("LIMIT_EXCEEDED");
    expect(describeFailure({ code: 1008, reason: "" })).toBe("close 1008");
    expect(describeFailure(new Error("socket hang up"))).toBe("socket hang up");
  });
});
