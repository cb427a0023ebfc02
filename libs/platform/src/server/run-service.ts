import type { Logger } from "pino";

/** Anything runService can serve: a service host, a gateway. */
export interface Servable {
  listen(): Promise<unknown>;
  /** Stops accepting, lets requests in flight finish, then releases what it holds. */
  close(): Promise<void>;
}

/**
 * Listens, then on SIGTERM/SIGINT: reports NOT_SERVING, stops accepting, lets in-flight requests
 * finish (bounded by the host's shutdown timeout), runs the cleanups (pools...), exits 0.
 * A second signal, or a cleanup that hangs, exits 1 rather than leaving a zombie.
 */
export async function runService(
  host: Servable,
  logger: Logger,
  cleanups: Array<() => Promise<unknown>>,
  shutdownTimeoutMs: number,
): Promise<void> {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "draining");
    const watchdog = setTimeout(() => {
      logger.error("shutdown took too long: exiting");
      process.exit(1);
    }, shutdownTimeoutMs + 5_000);
    watchdog.unref();
    try {
      await host.close();
      for (const cleanup of cleanups) await cleanup();
      logger.info("stopped");
      logger.flush?.();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  try {
    await host.listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    logger.fatal(
      { err: code === "EADDRINUSE" ? (err as Error).message : err },
      code === "EADDRINUSE" ? "port is taken by another process" : "could not start",
    );
    process.exit(1);
  }
}
