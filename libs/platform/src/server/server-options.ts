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

/**
 * Fastify's `trustProxy` for a public endpoint behind these proxies (EMPORIUM_TRUSTED_PROXIES): then
 * `req.ip` is the caller X-Forwarded-For names, so per-address rate limits count callers, not the
 * proxy. Without proxies nothing is trusted and the header is ignored (it is the caller's to forge).
 */
export function proxyTrust(trustedProxies: readonly string[] | undefined): { trustProxy?: string[] } {
  return trustedProxies?.length ? { trustProxy: [...trustedProxies] } : {};
}

/** Every response of the server it is registered on carries its request id (x-request-id). */
export const requestIdHeader: FastifyPluginAsync = fp(async (app) => {
  app.addHook("onRequest", async (req, reply) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
  });
});
