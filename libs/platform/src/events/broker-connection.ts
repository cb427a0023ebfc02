import { Connection } from "rabbitmq-client";
import type { Logger } from "pino";

export type BrokerConnection = Connection;

/**
 * One AMQP connection per process, reconnecting by itself (exponential backoff inside
 * rabbitmq-client). Short acquire/connect timeouts so a publish against an absent broker fails
 * in seconds and the outbox relay can back off, instead of hanging on the library's defaults.
 */
export function connectToBroker(url: string, options: { name: string; logger: Logger }): BrokerConnection {
  const connection = new Connection({
    url,
    connectionName: options.name,
    connectionTimeout: 5_000,
    acquireTimeout: 5_000,
    heartbeat: 10,
    retryLow: 200,
    retryHigh: 5_000,
  });
  let connected = false;
  connection.on("connection", () => {
    connected = true;
    options.logger.info({ broker: redact(url) }, "connected to the message broker");
  });
  connection.on("error", (err: Error) => {
    // Logged once per outage, not once per reconnect attempt.
    if (connected || !warned.has(connection))
      options.logger.warn({ err: err.message }, "message broker connection failed; retrying");
    warned.add(connection);
    connected = false;
  });
  return connection;
}

const warned = new WeakSet<Connection>();

/** The URL without its password, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable broker URL)";
  }
}
