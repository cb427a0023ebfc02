import type { Logger } from "pino";
import { newDatabaseClient, type Pool } from "../db/create-pool";

export interface CommitListener {
  stop(): Promise<void>;
}

/**
 * Keeps one dedicated connection (outside the pool) LISTENing on `channel` and calls `onNotify`
 * for each notification, and once after every (re)connect, since commits may have happened while
 * it was not listening. A lost connection (a database restart) is logged once and retried with
 * backoff; meanwhile the caller's poll is the fallback, so nothing here ever throws.
 */
export function listenForCommits(options: {
  pool: Pool;
  channel: string;
  logger: Logger;
  onNotify: () => void;
  backoff: { minMs: number; maxMs: number };
}): CommitListener {
  const { pool, channel, logger, onNotify, backoff } = options;
  let stopping = false;
  let client: ReturnType<typeof newDatabaseClient> | undefined;
  let interrupt: (() => void) | undefined;
  let failures = 0;

  async function session(): Promise<void> {
    // Lost: an 'error' (connection reset) or 'end' (server shut down) ends the session.
    const lost = new Promise<Error>((resolve) => {
      client = newDatabaseClient(
        {
          ...pool.options,
          application_name: `${pool.options.application_name ?? "emporium"}-outbox-listener`,
          // LISTEN is one short statement; the session then idles for as long as it lives.
          query_timeout: undefined,
          statement_timeout: undefined,
        },
        resolve,
      );
      client.on("end", () => resolve(new Error("connection ended")));
      interrupt = () => resolve(new Error("stopping"));
    });
    const current = client!;
    try {
      await current.connect();
      current.on("notification", () => onNotify());
      await current.query(`LISTEN ${channel}`);
    } catch (err) {
      await current.end().catch(() => undefined);
      throw err;
    }
    if (failures > 0) logger.info("outbox relay: listening for commits again");
    failures = 0;
    onNotify();
    const reason = await lost;
    await current.end().catch(() => undefined);
    if (!stopping) throw reason;
  }

  const loop = (async () => {
    while (!stopping) {
      try {
        await session();
      } catch (err) {
        if (stopping) break;
        if (failures === 0)
          logger.warn(
            { err: (err as Error).message },
            "outbox relay: not listening for commits (database unavailable); polling until it is back",
          );
        failures++;
        const delay = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(failures - 1, 20));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          interrupt = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      interrupt?.();
      await loop;
    },
  };
}
