import { createClient, type Client } from "graphql-ws";

/** An error as a subscription's client receives it. */
export interface LiveError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** What happened to a subscription, in order: an item, a refusal (its errors), or the server's end. */
export type LiveMessage<T> = { data: T } | { errors: LiveError[] } | { complete: true };

/**
 * One subscription as a client sees it: every message kept in arrival order, taken one at a time
 * with a bounded wait (a message that never comes fails the test instead of hanging it).
 */
export interface LiveSubscription<T> {
  /** The next message; fails after `timeoutMs` without one. */
  take(timeoutMs?: number): Promise<LiveMessage<T>>;
  /** The next message, which must be an item. */
  next(timeoutMs?: number): Promise<T>;
  /** Every item taken so far. */
  readonly items: readonly T[];
  /** Unsubscribes (graphql-ws `complete`). */
  stop(): void;
}

/**
 * A graphql-ws client of a BFF's /graphql, as the web or mobile app opens one: the access token in
 * connection_init; no retries (a closed connection is the test's to see).
 */
export function liveClient(bffUrl: string, token?: string): Client {
  return createClient({
    url: `${bffUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Subscribes with `query` and records what arrives. */
export function subscribeLive<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription<T> {
  const arrived: Array<LiveMessage<T>> = [];
  const items: T[] = [];
  let wake: (() => void) | undefined;
  const record = (message: LiveMessage<T>) => {
    arrived.push(message);
    wake?.();
  };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => record(result.errors ? { errors: result.errors as LiveError[] } : { data: result.data as T }),
      error: (err) => record({ errors: errorsOf(err) }),
      complete: () => record({ complete: true }),
    },
  );
  const take = async (timeoutMs = 60_000): Promise<LiveMessage<T>> => {
    const deadline = Date.now() + timeoutMs;
    while (arrived.length === 0) {
      if (Date.now() > deadline) throw new Error(`no message within ${timeoutMs} ms for ${query}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    return arrived.shift()!;
  };
  return {
    take,
    async next(timeoutMs) {
      const message = await take(timeoutMs);
      if (!("data" in message)) throw new Error(`expected an item, got ${JSON.stringify(message)}`);
      items.push(message.data);
      return message.data;
    },
    items,
    stop,
  };
}

/** graphql-ws reports a refusal as the server's errors, a closed socket as a CloseEvent. */
function errorsOf(err: unknown): LiveError[] {
  if (Array.isArray(err)) return err as LiveError[];
  if (err && typeof err === "object" && "code" in err)
    return [{ message: `connection closed: ${String((err as { code: number; reason?: string }).code)}` }];
  return [{ message: String(err) }];
}
