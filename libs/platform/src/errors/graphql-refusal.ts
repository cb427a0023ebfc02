import type { FastifyReply } from "fastify";

/**
 * Answers a request refused before any GraphQL runs (a limit, a missing or bad token, overload) with a
 * GraphQL-shaped body, as GraphQL over HTTP has request errors: `errors` with the human message,
 * `extensions.code`, the request id and any details; never data, never a stack trace.
 */
export function sendGraphqlRefusal(
  reply: FastifyReply,
  statusCode: number,
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): FastifyReply {
  return reply
    .code(statusCode)
    .type("application/json; charset=utf-8")
    .send({ errors: [{ message, extensions: { code, requestId: reply.request.id, ...details } }] });
}
