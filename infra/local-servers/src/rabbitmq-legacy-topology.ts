import type { RabbitmqManagement } from "./rabbitmq-provision";
import { SHARED_EXCHANGES } from "./rabbitmq-service-users";

const DEAD_LETTER_EXCHANGE = SHARED_EXCHANGES.deadLetter;

export interface LegacyTopologyMigration {
  /** True when the direct emporium.dead-letter exchange was deleted. */
  deadLetterExchangeDeleted: boolean;
  /** The old retry queues deleted, each once it was empty. */
  retryQueuesDeleted: string[];
}

const RETRY_QUEUE = /\.retry\.(\d+)ms$/;

/**
 * Makes a broker declared before ADR 0017 acceptable to the current consumers, which would fail to
 * redeclare two things with other arguments: the direct `emporium.dead-letter` exchange (now a
 * topic exchange) and the retry queues that dead-letter to the default exchange (now to
 * `emporium.retry`). Deletes both; the consumers declare the new ones when they start. A retry
 * queue is deleted only once it is empty: its messages expire back into their consumer's queue
 * within the queue's TTL, so nothing is lost. Idempotent: on a current broker it does nothing.
 */
export async function migrateLegacyTopology(
  api: RabbitmqManagement,
  vhost: string,
  log: (line: string) => void = () => undefined,
): Promise<LegacyTopologyMigration> {
  const v = encodeURIComponent(vhost);
  const result: LegacyTopologyMigration = { deadLetterExchangeDeleted: false, retryQueuesDeleted: [] };

  const exchange = await call(api, "GET", `/exchanges/${v}/${encodeURIComponent(DEAD_LETTER_EXCHANGE)}`, [200, 404]);
  if (exchange.status === 200 && (exchange.body as { type?: string }).type === "direct") {
    await call(api, "DELETE", `/exchanges/${v}/${encodeURIComponent(DEAD_LETTER_EXCHANGE)}`, [204, 404]);
    log(`broker ${vhost}: deleted the direct ${DEAD_LETTER_EXCHANGE} exchange (the consumers declare it as topic)`);
    result.deadLetterExchangeDeleted = true;
  }

  const queues = (await call(api, "GET", `/queues/${v}?columns=name,arguments,messages`, [200])).body as Array<{
    name: string;
    arguments?: Record<string, unknown>;
    messages?: number;
  }>;
  for (const queue of queues) {
    const ttl = RETRY_QUEUE.exec(queue.name)?.[1];
    if (ttl === undefined || queue.arguments?.["x-dead-letter-exchange"] !== "") continue;
    log(`broker ${vhost}: deleting the old retry queue ${queue.name} once empty (${queue.messages ?? 0} message(s))`);
    // Its messages go back to their consumer's queue within the TTL; wait a little longer than that.
    // (Quorum queues refuse delete-if-empty, and the API's message counts lag: peek instead.)
    const path = `/queues/${v}/${encodeURIComponent(queue.name)}`;
    const deadline = Date.now() + Number(ttl) + 15_000;
    const peek = { count: 1, ackmode: "reject_requeue_true", encoding: "base64" };
    while (((await call(api, "POST", `${path}/get`, [200, 404], peek)).body as unknown[]).length > 0) {
      if (Date.now() > deadline)
        throw new Error(
          `the old retry queue ${queue.name} on ${vhost} does not empty (does its consumer queue exist?); ` +
            `move or purge its messages, then start again`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await call(api, "DELETE", path, [204, 404]);
    result.retryQueuesDeleted.push(queue.name);
  }
  return result;
}

async function call(
  api: RabbitmqManagement,
  method: string,
  path: string,
  ok: number[],
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api.url.replace(/\/$/, "")}/api${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${api.user}:${api.password}`).toString("base64")}`,
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!ok.includes(res.status))
    throw new Error(`RabbitMQ management API: ${method} ${path} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
  return {
    status: res.status,
    body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text,
  };
}
