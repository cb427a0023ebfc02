/** Headers the consumer adds when it moves a message to its dead-letter queue. */
export const DEAD_LETTER_HEADER = {
  reason: "x-emporium-dead-letter-reason",
  error: "x-emporium-dead-letter-error",
  queue: "x-emporium-original-queue",
  attempts: "x-emporium-attempts",
  at: "x-emporium-dead-lettered-at",
} as const;

/**
 * undecodable: body or attributes unreadable; unknown-type: no handler subscribed; rejected: the
 * handler said it can never succeed; exhausted: transient failures outlasted the attempts;
 * delivery-limit: the broker gave up (set by RabbitMQ itself, seen through x-death).
 */
export type DeadLetterReason = "undecodable" | "unknown-type" | "rejected" | "exhausted" | "delivery-limit";
