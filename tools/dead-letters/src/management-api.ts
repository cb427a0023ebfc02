/**
 * The one thing AMQP cannot tell: which queues exist. Asked of the management plugin's HTTP API
 * (same credentials and vhost as the AMQP URL, so the user needs the `management` tag; port 15672
 * unless told otherwise). Its counts are
 * sampled every few seconds, so callers ask the queue itself for the depth.
 */
export interface DeadLetterQueueName {
  consumer: string;
  queue: string;
}

export async function listDeadLetterQueues(amqpUrl: string, managementUrl?: string): Promise<DeadLetterQueueName[]> {
  const amqp = new URL(amqpUrl);
  const vhost = decodeURIComponent(amqp.pathname.replace(/^\//, "")) || "/";
  const base = managementUrl ?? `http://${amqp.hostname}:15672`;
  const auth = Buffer.from(
    `${decodeURIComponent(amqp.username || "guest")}:${decodeURIComponent(amqp.password || "guest")}`,
  ).toString("base64");
  const res = await fetch(`${base.replace(/\/$/, "")}/api/queues/${encodeURIComponent(vhost)}?columns=name`, {
    headers: { authorization: `Basic ${auth}` },
    signal: AbortSignal.timeout(5_000),
  });
  if (res.status === 401)
    throw new Error(
      `management API answered 401 for user ${decodeURIComponent(amqp.username || "guest")} at ${base}: listing queues takes a user with the management tag and rights on vhost ${vhost}`,
    );
  if (!res.ok) throw new Error(`management API answered ${res.status} for vhost ${vhost} at ${base}`);
  const queues = (await res.json()) as Array<{ name: string }>;
  return queues
    .filter((q) => q.name.endsWith(".dead-letter"))
    .map((q) => ({ consumer: q.name.slice(0, -".dead-letter".length), queue: q.name }))
    .sort((a, b) => a.consumer.localeCompare(b.consumer));
}
