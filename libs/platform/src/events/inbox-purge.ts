import type { Logger } from "pino";
import type { Pool } from "../db/create-pool";

/**
 * How long a consumer remembers a message it applied. Longer than any redelivery or duplicate can
 * take on its own (retry queues hold messages seconds, the relay republishes within minutes), and
 * a window for replaying dead letters: the dead-letter queues keep messages until an operator acts,
 * and a dead letter that is a copy of a message already applied would be applied again once its
 * inbox row is gone (see docs/adr/0006).
 */
export const DEFAULT_INBOX_RETENTION_DAYS = 30;
export const DAY_MS = 24 * 3600_000;

export interface InboxPurgeOptions {
  pool: Pool;
  /** Only this consumer's rows are purged (each consumer owns its rows). */
  consumer: string;
  retentionMs: number;
  /** Rows per DELETE statement, so no statement holds many locks or runs long. */
  batchSize?: number;
}

/** Deletes the consumer's inbox rows older than the retention, batch by batch; returns how many went. */
export async function purgeInbox(options: InboxPurgeOptions): Promise<number> {
  const batchSize = options.batchSize ?? 1_000;
  let purged = 0;
  for (;;) {
    const { rowCount } = await options.pool.query(
      `DELETE FROM inbox WHERE consumer = $1 AND message_id IN (
         SELECT message_id FROM inbox
          WHERE consumer = $1 AND processed_at < now() - make_interval(secs => $2)
          LIMIT $3)`,
      [options.consumer, options.retentionMs / 1000, batchSize],
    );
    purged += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return purged;
  }
}

export interface InboxPurgeSchedule {
  /** Cancels the next pass and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** Purges now, then every `intervalMs`; failures are logged and the next pass tries again. */
export function scheduleInboxPurge(
  options: InboxPurgeOptions & { intervalMs: number; logger: Logger },
): InboxPurgeSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let pass: Promise<void> = Promise.resolve();
  const run = () => {
    pass = purgeInbox(options)
      .then((purged) => {
        if (purged === 0) return;
        options.logger.info({ purged, retentionMs: options.retentionMs }, "inbox rows past their retention deleted");
      })
      .catch((err: Error) => options.logger.warn({ err: err.message }, "inbox purge failed; will try again"))
      .finally(() => {
        if (!stopped) timer = setTimeout(run, options.intervalMs).unref();
      });
  };
  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
  };
}
