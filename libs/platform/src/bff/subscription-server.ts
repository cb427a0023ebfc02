import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import {
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { CloseCode, handleProtocols, makeServer, type Context } from "graphql-ws";
import { decodeJwt } from "jose";
import type { Logger } from "pino";
import { Counter, Gauge, type Registry } from "prom-client";
import { WebSocketServer, type WebSocket } from "ws";
import type { Principal } from "../auth/principal";
import { bearerToken, type TokenVerifier } from "../auth/token-verifier";
import { AppError } from "../errors/app-error";
import { currentRequestId, withRequestId } from "../rpc/outbound-request-id";
import type { SubscriptionLimits } from "./bff-config";
import type { RuntimeMode } from "../config/load-config";
import { productionError } from "../edge/production-mode";
import { formatOperationErrors } from "./bff-error-format";
import type { BffRequest } from "./bff-graph";
import {
  documentText,
  PersistedDocumentError,
  unknownDocumentHash,
  type PersistedDocuments,
} from "./persisted-documents";

/** The close codes a client can get (docs/conventions.md "Subscriptions"), beside graphql-ws' own. */
export const SubscriptionCloseCode = {
  /** No subscription for the idle timeout. */
  Idle: 1000,
  /** The server is shutting down. */
  GoingAway: 1001,
  /** Too many connections for the principal. */
  PolicyViolation: 1008,
  /** A message larger than the limit (ws closes the connection itself). */
  MessageTooBig: 1009,
  /** The connection's token expired (or had expired when it was sent): refresh it and reconnect. */
  TokenExpired: CloseCode.Unauthorized,
  /** connection_init carried a token that does not verify: do not retry with it. */
  Forbidden: CloseCode.Forbidden,
  /** No connection_init within the limit. */
  InitTimeout: CloseCode.ConnectionInitialisationTimeout,
} as const;

export interface SubscriptionServerOptions<Ctx extends object> {
  /** The HTTP server whose `upgrade` requests for `path` become graphql-transport-ws connections. */
  server: Server;
  path: string;
  /** The executable schema (mercurius'), with the Subscription fields' subscribe functions attached. */
  schema: () => GraphQLSchema;
  context: (request: BffRequest) => Ctx;
  verifier: TokenVerifier;
  limits: SubscriptionLimits;
  documents: PersistedDocuments;
  logger: Logger;
  registry: Registry;
  /** Production: errors without field suggestions, unexpected ones masked (as over HTTP). */
  mode?: RuntimeMode;
  /** Log each subscription whose document is sent as text the persisted documents do not have. */
  logUnknownDocuments?: boolean;
}

export interface SubscriptionServer {
  /** Closes every connection with 1001 and stops accepting new ones. */
  close(): Promise<void>;
}

/** How often a connection is pinged; one that has not answered the previous ping is dropped. */
const HEARTBEAT_MS = 15_000;
/** How long closing connections get to answer the close before they are cut. */
const CLOSE_GRACE_MS = 2_000;

interface Extra {
  connection: Connection;
}

/**
 * GraphQL over WebSocket (graphql-transport-ws, graphql-ws' server) on the BFF's own HTTP server, at
 * the same path as HTTP GraphQL. The token in connection_init is verified like an HTTP request's; the
 * connection closes when it expires. Each subscription runs under a fresh request id with the graph's
 * context for the connection's principal. Limits: connections per principal, subscriptions per
 * connection, message size, idle time, time to connection_init (ADR 0020).
 */
export function serveSubscriptions<Ctx extends object>(options: SubscriptionServerOptions<Ctx>): SubscriptionServer {
  const { limits, logger: log } = options;
  const connections = new Set<Connection>();
  const byPrincipal = new Map<string, Set<Connection>>();
  const messagesSent = connectionMetrics(options.registry, connections);
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, handleProtocols });
  const server = makeServer<Record<string, unknown>, Extra>({
    connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
    onConnect: (ctx) => admit(ctx),
    onSubscribe: (ctx, id, payload) => prepare(ctx.extra.connection, id, payload),
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors ? { ...result, errors: formatted(result.errors) } : undefined,
    onError: (_ctx, _id, _payload, errors) => formatted(errors),
  });
  let closing = false;

  const formatted = (errors: readonly GraphQLError[]) => {
    const bodies = formatOperationErrors(errors, currentRequestId() ?? "unknown", log);
    return options.mode === "production" ? bodies.map(productionError) : bodies;
  };

  /** connection_init: anonymous without a token; a token must verify and must not have expired. */
  async function admit(ctx: Context<Record<string, unknown>, Extra>): Promise<boolean> {
    const connection = ctx.extra.connection;
    connection.attach(ctx);
    const authorization = ctx.connectionParams?.authorization;
    if (authorization === undefined || authorization === null || authorization === "") return true;
    let token: string | undefined;
    try {
      token = typeof authorization === "string" ? bearerToken(authorization) : undefined;
      if (!token) throw new AppError("UNAUTHENTICATED", "authorization must be `Bearer <access token>`");
      connection.principal = await options.verifier.verify(token);
    } catch (err) {
      const reason = err instanceof AppError ? err.message : "cannot verify the access token";
      if (token && expiresAt(token) <= Date.now())
        connection.close(SubscriptionCloseCode.TokenExpired, "token expired");
      else connection.close(SubscriptionCloseCode.Forbidden, closeReason(`Forbidden: ${reason}`));
      return false;
    }
    // The client may have gone while the token was verified: nothing to count or time then.
    if (connection.isClosing) return false;
    connection.authorization = authorization as string;
    const subject = connection.principal.subject;
    const others = byPrincipal.get(subject) ?? new Set<Connection>();
    if (others.size >= limits.maxConnectionsPerPrincipal) {
      connection.close(SubscriptionCloseCode.PolicyViolation, "too many connections for this user");
      return false;
    }
    byPrincipal.set(subject, others.add(connection));
    connection.onEnd(() => {
      others.delete(connection);
      if (others.size === 0 && byPrincipal.get(subject) === others) byPrincipal.delete(subject);
    });
    connection.expireAt(expiresAt(token));
    return true;
  }

  /** subscribe: within the limit, the document (persisted or sent) parsed and valid, the graph's context. */
  function prepare(
    connection: Connection,
    id: string,
    payload: {
      query: string;
      operationName?: string | null;
      variables?: Record<string, unknown> | null;
      extensions?: unknown;
    },
  ): ExecutionArgs | readonly GraphQLError[] {
    connection.busy();
    if (connection.operations() > limits.maxSubscriptionsPerConnection)
      return [
        new GraphQLError(`at most ${limits.maxSubscriptionsPerConnection} subscriptions per connection`, {
          extensions: { code: "LIMIT_EXCEEDED" },
        }),
      ];
    let document: DocumentNode;
    try {
      document = parse(documentText(options.documents, payload));
      if (options.logUnknownDocuments) logIfUnknown(payload);
    } catch (err) {
      if (err instanceof PersistedDocumentError) return [new GraphQLError(err.message, { originalError: err })];
      return [err as GraphQLError];
    }
    const schema = options.schema();
    const invalid = validate(schema, document, [...specifiedRules, subscriptionsOnly]);
    if (invalid.length > 0) return invalid;
    connection.named(id, subscriptionField(document, payload.operationName));
    const requestId = currentRequestId() ?? randomUUID();
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: options.context({
        ...(connection.principal ? { principal: connection.principal } : {}),
        requestId,
        ...(connection.authorization ? { authorization: connection.authorization } : {}),
      }),
    };
  }

  function logIfUnknown(payload: { query: string; operationName?: string | null; extensions?: unknown }): void {
    const hash = unknownDocumentHash(options.documents, payload);
    if (hash !== undefined)
      log.info(
        { documentHash: hash, operationName: payload.operationName ?? null, requestId: currentRequestId() },
        "operation not among the persisted documents",
      );
  }

  function accept(socket: WebSocket, request: IncomingMessage): void {
    const connection = new Connection(socket, limits.idleTimeoutMs, log);
    connections.add(connection);
    connection.onEnd(() => connections.delete(connection));
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            messagesSent.inc();
            socket.send(data, (err) => (err ? reject(err) : resolve()));
          }),
        close: (code, reason) => connection.close(code ?? CloseCode.InternalServerError, reason ?? ""),
        // Every message runs under a request id of its own: a subscription's calls to the services
        // (its snapshot reads included) carry it, and its errors name it.
        onMessage: (handle) =>
          socket.on("message", (data: Buffer) => {
            withRequestId(randomUUID(), () => handle(data.toString("utf8"))).then(
              () => connection.settle(),
              (err: unknown) => {
                log.error({ err }, "a GraphQL WebSocket message failed");
                connection.close(CloseCode.InternalServerError, "internal server error");
              },
            );
          }),
      },
      { connection },
    );
    socket.once("close", (code, reason) => {
      connection.end();
      void closed(code, reason.toString("utf8"));
    });
    log.debug({ remote: request.socket.remoteAddress }, "GraphQL WebSocket connected");
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path !== options.path) return refuseUpgrade(socket, 404, "Not Found");
    if (closing) return refuseUpgrade(socket, 503, "Service Unavailable");
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  }
  options.server.on("upgrade", onUpgrade);

  return {
    async close() {
      closing = true;
      options.server.off("upgrade", onUpgrade);
      const ended = [...connections].map((c) => {
        c.close(SubscriptionCloseCode.GoingAway, "server shutting down");
        return c.ended;
      });
      await Promise.race([Promise.all(ended), new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
      for (const c of connections) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * One client's WebSocket: its principal once connection_init verified it, and the timers that close
 * it (token expiry, idleness, a dead peer).
 */
class Connection {
  principal?: Principal;
  authorization?: string;
  readonly ended: Promise<void>;
  private context: Context<Record<string, unknown>, Extra> | undefined;
  private readonly fields = new Map<string, string>();
  private idleTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private alive = true;
  private closing = false;
  private readonly endListeners: Array<() => void> = [];
  private markEnded!: () => void;

  constructor(
    private readonly socket: WebSocket,
    private readonly idleTimeoutMs: number,
    log: Logger,
  ) {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
    // ws reports a protocol violation (a message over maxPayload: it closes with 1009 itself) as an error.
    socket.on("error", (err) => log.debug({ err }, "GraphQL WebSocket error"));
    socket.on("pong", () => (this.alive = true));
    this.heartbeat = setInterval(() => {
      if (!this.alive) return this.terminate();
      this.alive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    this.settle();
  }

  attach(context: Context<Record<string, unknown>, Extra>): void {
    this.context = context;
  }

  /** Remembers which field a subscription follows, for the metrics. */
  named(id: string, field: string | undefined): void {
    if (field) this.fields.set(id, field);
  }

  /** Per field, the subscriptions whose stream is running (their `subscribe` returned it). */
  streams(into: Map<string, number>): void {
    for (const [id, stream] of Object.entries(this.context?.subscriptions ?? {})) {
      const field = this.fields.get(id);
      if (stream && field) into.set(field, (into.get(field) ?? 0) + 1);
    }
  }

  /** Operations (subscriptions, or a query sent over the socket) running or about to. */
  operations(): number {
    return this.context ? Object.keys(this.context.subscriptions).length : 0;
  }

  /** A subscription is starting: the connection is not idle. */
  busy(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** After each message: with nothing running, the idle clock runs (it is not restarted by pings). */
  settle(): void {
    for (const id of this.fields.keys()) if (!(id in (this.context?.subscriptions ?? {}))) this.fields.delete(id);
    if (this.operations() > 0) return this.busy();
    this.idleTimer ??= setTimeout(() => this.close(SubscriptionCloseCode.Idle, "idle"), this.idleTimeoutMs);
  }

  /** Closes the connection when its token expires. */
  expireAt(epochMs: number): void {
    const delay = Math.min(Math.max(epochMs - Date.now(), 0), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => this.close(SubscriptionCloseCode.TokenExpired, "token expired"), delay);
  }

  get isClosing(): boolean {
    return this.closing;
  }

  onEnd(listener: () => void): void {
    this.endListeners.push(listener);
  }

  /** The first close wins (graphql-ws may ask again after we refused a connection_init). */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.stopTimers();
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }

  end(): void {
    this.closing = true;
    this.stopTimers();
    for (const listener of this.endListeners.splice(0)) listener();
    this.markEnded();
  }

  private stopTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.expiryTimer);
    clearInterval(this.heartbeat);
  }
}

/**
 * WebSocket carries subscriptions; queries and mutations go over HTTP, where mercurius runs them with
 * their per-request loaders (which a WebSocket operation does not have).
 */
const subscriptionsOnly: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== "subscription")
      context.reportError(
        new GraphQLError(
          `a ${node.operation} is served over HTTP (POST) at this path; WebSocket carries subscriptions`,
          {
            nodes: [node],
          },
        ),
      );
  },
});

/** The root field a subscription operation selects (exactly one, by the spec); undefined for other operations. */
function subscriptionField(document: DocumentNode, operationName?: string | null): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== "subscription") return undefined;
  const first = operation.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : undefined;
}

/** When a token expires (its `exp`), read without verifying: only used for a token already verified, or refused. */
function expiresAt(token: string): number {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** A close reason fits in 123 bytes. */
const closeReason = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${text.slice(0, 119)}...`);

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Active connections and subscriptions per field (read when scraped), and messages sent. */
function connectionMetrics(registry: Registry, connections: ReadonlySet<Connection>): Counter {
  new Gauge({
    name: "graphql_ws_connections",
    help: "Open GraphQL WebSocket connections",
    registers: [registry],
    collect() {
      this.set(connections.size);
    },
  });
  new Gauge({
    name: "graphql_ws_subscriptions",
    help: "Active subscriptions (their stream running) over GraphQL WebSocket connections, per field",
    labelNames: ["field"],
    registers: [registry],
    collect() {
      const active = new Map<string, number>();
      for (const c of connections) c.streams(active);
      this.reset();
      for (const [field, count] of active) this.set({ field }, count);
    },
  });
  return new Counter({
    name: "graphql_ws_messages_sent_total",
    help: "Messages sent to GraphQL WebSocket clients",
    registers: [registry],
  });
}
