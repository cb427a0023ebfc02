import { createClient, type FormattedExecutionResult } from "graphql-ws/client";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { SubscriptionError } from "./errors";
import { subscribePayload } from "./persisted-documents";

/**
 * The close codes of the BFFs' subscriptions (docs/conventions.md, "Subscriptions") that the SDK
 * acts on. 4401: the connection's token expired, so the SDK reconnects with a refreshed one.
 * Closes that say "this will fail again" (4403 a token that does not verify, 1008 too many
 * connections, 1009 a message too big, 4400/4406/4409/4429/4500 protocol faults) end the
 * subscription with a SubscriptionError; any other close or a network failure is retried.
 */
export const CloseCodes = {
  tokenExpired: 4401,
  forbidden: 4403,
} as const;

const FATAL_CLOSE_CODES = new Set([1008, 1009, 4400, 4403, 4406, 4409, 4429, 4500]);

/** What the app's auth gives the SDK: the access token to send now, or none for a guest. */
export type GetToken = (request: {
  /** true when the BFF closed the connection because the token expired: return a refreshed one. */
  refresh: boolean;
}) => string | null | undefined | Promise<string | null | undefined>;

export interface SubscriptionHandlers<TData> {
  next(data: TData): void;
  /** The subscription ended for good (SubscriptionError for a refusal or a fatal close). */
  error?(error: unknown): void;
  /** The BFF ended the subscription. */
  complete?(): void;
}

export interface SocketClosed {
  code: number;
  reason: string;
}

export interface LiveClientOptions {
  /** The BFF's WebSocket URL, e.g. wss://shop.example/graphql. */
  url: string;
  getToken?: GetToken;
  /** Another WebSocket implementation; by default the global one (browsers, React Native, Node 22+). */
  webSocketImpl?: unknown;
  /** How long to wait before the nth retry in a row (0-based); by default 0.5 s doubling up to 30 s, with jitter. */
  retryDelay?: (attempt: number) => number;
}

export interface LiveClient {
  /**
   * Subscribes with `variables()` — asked again on every re-subscription, so a caller can resume
   * (`after`) — and keeps the subscription through lost connections and expired tokens until it
   * is unsubscribed (the returned function), refused or completed.
   */
  subscribe<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: () => TVariables,
    handlers: SubscriptionHandlers<TData>,
  ): () => void;
  /** Calls `listener` whenever the connection closes (with the close code), e.g. to show "reconnecting". */
  onSocketClosed(listener: (event: SocketClosed) => void): () => void;
  dispose(): Promise<void>;
}

export function defaultRetryDelay(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

/** The graphql-ws client underneath, with the token in every connection_init and retries left to the SDK. */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const retryDelay = options.retryDelay ?? defaultRetryDelay;
  const closedListeners = new Set<(event: SocketClosed) => void>();
  let refreshToken = false;
  let connections = 0; // connections acknowledged so far: a retry after one that worked starts over
  const ws = createClient({
    url: options.url,
    webSocketImpl: options.webSocketImpl,
    // graphql-ws would re-send a subscription's first payload; the SDK re-subscribes itself with
    // fresh variables instead, so a resumed subscription asks only for what it has not seen.
    retryAttempts: 0,
    connectionParams: async () => {
      const refresh = refreshToken;
      refreshToken = false;
      const token = await options.getToken?.({ refresh });
      return token ? { authorization: `Bearer ${token}` } : undefined;
    },
    on: {
      connected: () => {
        connections += 1;
      },
      closed: (event) => {
        const { code, reason } = event as SocketClosed;
        if (code === CloseCodes.tokenExpired) refreshToken = true;
        for (const listener of closedListeners) listener({ code, reason });
      },
    },
  });

  function subscribe<TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: () => TVariables,
    handlers: SubscriptionHandlers<TData>,
  ): () => void {
    let ended = false;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let dispose: (() => void) | undefined;

    const end = (outcome: () => void) => {
      if (ended) return;
      ended = true;
      clearTimeout(retryTimer);
      dispose?.();
      outcome();
    };
    let connectionsAtStart = connections;
    const start = () => {
      if (ended) return;
      connectionsAtStart = connections;
      dispose = ws.subscribe<TData>(subscribePayload(document, variables()), {
        next: (result: FormattedExecutionResult<TData>) => {
          attempt = 0;
          if (result.data != null) handlers.next(result.data);
          else if (result.errors?.length) end(() => handlers.error?.(SubscriptionError.fromErrors(result.errors!)));
        },
        error: (error: unknown) => {
          if (ended) return;
          const retry = retryAfter(error);
          if (retry === undefined) return end(() => handlers.error?.(asSubscriptionError(error)));
          if (connections > connectionsAtStart) attempt = 0;
          const delay = retry.immediately && attempt === 0 ? 0 : retryDelay(attempt);
          attempt += 1;
          retryTimer = setTimeout(start, delay);
        },
        complete: () => end(() => handlers.complete?.()),
      });
    };
    start();
    return () => end(() => undefined);
  }

  return {
    subscribe,
    onSocketClosed(listener) {
      closedListeners.add(listener);
      return () => closedListeners.delete(listener);
    },
    dispose: async () => ws.dispose(),
  };
}

/**
 * Whether a failed subscription is tried again: right away after an expired token (a new
 * connection with a refreshed one; after a delay should that fail again), after a delay for a lost
 * connection; never for a refusal.
 */
function retryAfter(error: unknown): { immediately: boolean } | undefined {
  if (Array.isArray(error)) return undefined; // GraphQL errors: the BFF refused the subscription
  const code = closeCodeOf(error);
  if (code !== undefined && FATAL_CLOSE_CODES.has(code)) return undefined;
  return { immediately: code === CloseCodes.tokenExpired };
}

function closeCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("code" in error) || !("reason" in error)) return undefined;
  return typeof error.code === "number" ? error.code : undefined;
}

function asSubscriptionError(error: unknown): SubscriptionError {
  if (Array.isArray(error)) return SubscriptionError.fromErrors(error);
  const closeCode = closeCodeOf(error);
  if (closeCode !== undefined) {
    const reason = (error as SocketClosed).reason;
    return new SubscriptionError(`the connection closed with ${closeCode}${reason ? ` (${reason})` : ""}`, {
      closeCode,
    });
  }
  return new SubscriptionError(error instanceof Error ? error.message : String(error));
}
