import net from "node:net";

export interface FaultProxy {
  host: "127.0.0.1";
  port: number;
  /** The given URL (amqp://, postgres://, http://…) with its host and port replaced by the proxy's. */
  urlThrough(url: string): string;
  /** Connections currently open through the proxy. */
  readonly openConnections: number;
  /** Resets every open connection, both ways: the client sees ECONNRESET, the server a dropped peer. */
  cutConnections(): void;
  /** While on, new connections are reset as soon as they arrive (a peer that is down); open ones stay. */
  refuseNewConnections(on: boolean): void;
  /** Resolves at the next connection a client opens: whether it was refused or forwarded. */
  nextConnectionAttempt(): Promise<"refused" | "forwarded">;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a real server, for tests of how clients ride out network faults
 * without stopping the server that other tests share: point the client at `urlThrough(url)`, then
 * cut or refuse connections.
 */
export async function startFaultProxy(options: {
  targetPort: number;
  targetHost?: string;
  port?: number;
}): Promise<FaultProxy> {
  const targetHost = options.targetHost ?? "127.0.0.1";
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let refusing = false;
  let attemptWaiters: Array<(outcome: "refused" | "forwarded") => void> = [];
  const attempted = (outcome: "refused" | "forwarded") => {
    const waiters = attemptWaiters;
    attemptWaiters = [];
    for (const resolve of waiters) resolve(outcome);
  };

  const server = net.createServer((client) => {
    if (refusing) {
      client.on("error", () => undefined).resetAndDestroy();
      attempted("refused");
      return;
    }
    const upstream = net.connect({ host: targetHost, port: options.targetPort });
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // No half-open states: whichever side goes, the other goes too (as a dropped link would).
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
    attempted("forwarded");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: options.port ?? 0 }, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  const cutConnections = () => {
    for (const { client, upstream } of [...pairs]) {
      // A reset, not a polite FIN: what a client sees when a link or a peer dies.
      if (!client.destroyed) client.resetAndDestroy();
      if (!upstream.destroyed) upstream.resetAndDestroy();
    }
    pairs.clear();
  };

  return {
    host: "127.0.0.1",
    port,
    urlThrough(url: string) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    get openConnections() {
      return pairs.size;
    },
    cutConnections,
    refuseNewConnections(on: boolean) {
      refusing = on;
    },
    nextConnectionAttempt() {
      return new Promise((resolve) => attemptWaiters.push(resolve));
    },
    close() {
      cutConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
