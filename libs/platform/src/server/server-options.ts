import type { IncomingHttpHeaders } from "node:http";
import { LogController, type FastifyBaseLogger, type FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import { REQUEST_ID_HEADER, requestIdFrom } from "../logging/request-id";

/**
 * What every Fastify server of the platform is built with: the process's logger, no per-request
 * log lines of Fastify's own (the access log is ours), and request ids kept from the caller when
 * sane (requestIdFrom), otherwise made here.
 */
export function serverOptions(logger: Logger) {
  return {
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req: { headers: IncomingHttpHeaders }) => requestIdFrom(req.headers[REQUEST_ID_HEADER]),
    requestIdHeader: false as const,
  };
}

/** Every response of the server it is registered on carries its request id (x-request-id). */
export const requestIdHeader: FastifyPluginAsync = fp(async (app) => {
  app.addHook("onRequest", async (req, reply) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
  });
});
