import type { Server, ServerResponse } from "node:http";

/**
 * Lets an HTTP/1.1 server finish draining. `close()` closes the connections that are idle when it
 * is called, but a keep-alive connection busy with a request in flight stays open after its answer
 * until the keep-alive timeout (Fastify's is 72 s, longer than any shutdown budget), so the drain
 * would end in the watchdog's exit 1. Once draining starts, answers not yet begun say
 * "Connection: close" (so clients stop reusing the connection), and a connection whose answer was
 * already under way is closed as soon as it is idle.
 */
export function keepAliveDrain(server: Server): { start(): void } {
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  server.on("request", (_req, res: ServerResponse) => {
    unanswered.add(res);
    res.once("close", () => unanswered.delete(res));
    // After "finish" Node detaches the socket; one turn later the connection counts as idle.
    res.once("finish", () => draining && setImmediate(() => server.closeIdleConnections()));
  });
  return {
    start() {
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.shouldKeepAlive = false;
    },
  };
}
