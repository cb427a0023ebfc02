import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { TRACK_ORDER } from "../bench-operations";
import { OrderTrack, type StatusUpdate } from "./tracker";

/** Wall-clock ms with sub-millisecond precision (Date.now() has whole milliseconds). */
export const wallClock = () => performance.timeOrigin + performance.now();

/**
 * One graphql-ws connection per customer, authenticated in connection_init, kept open for
 * `keepOpenMs` after its last subscription ended (the customer's next order reuses it). graphql-ws's
 * dispose() leaves that timer running: a process that is done exits explicitly.
 */
export function subscriberFor(bffUrl: string, token: () => string, keepOpenMs = 30_000): Client {
  return createClient({
    url: `${bffUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: () => ({ authorization: `Bearer ${token()}` }),
    lazyCloseTimeout: keepOpenMs,
    // A dropped connection is a finding, not something to paper over with a reconnect.
    retryAttempts: 0,
  });
}

/** How a subscription failed: a close code, a GraphQL error code, or the error's message. */
export function describeFailure(err: unknown): string {
  if (Array.isArray(err)) {
    const first = err[0] as { message?: string; extensions?: { code?: string } } | undefined;
    return first?.extensions?.code ?? first?.message ?? "GRAPHQL_ERROR";
  }
  if (err && typeof err === "object" && "code" in err && typeof err.code === "number")
    return `close ${err.code}${"reason" in err && err.reason ? ` ${String(err.reason)}` : ""}`;
  return err instanceof Error ? err.message : String(err);
}

export interface Following {
  track: OrderTrack;
  /** Settles when the order settled, the subscription failed or was stopped. */
  done: Promise<void>;
  stop(): void;
}

/** Subscribes to an order's status changes and records each one until the checkout settles the order. */
export function follow(client: Client, orderId: string): Following {
  const track = new OrderTrack(orderId, wallClock());
  let stop = () => {};
  const done = new Promise<void>((resolve) => {
    const unsubscribe = client.subscribe<{ orderStatusChanged: StatusUpdate }>(
      { query: TRACK_ORDER, variables: { orderId } },
      {
        next: (result) => {
          const receivedAt = wallClock();
          const update = result.data?.orderStatusChanged;
          if (result.errors?.length) track.error = describeFailure(result.errors);
          if (!update) return;
          track.receive(update, receivedAt);
          if (track.settled) stop();
        },
        error: (err) => {
          track.error = describeFailure(err);
          resolve();
        },
        complete: () => resolve(),
      },
    );
    stop = () => {
      unsubscribe();
      resolve();
    };
  });
  return { track, done, stop: () => stop() };
}
