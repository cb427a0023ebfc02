import fp from "fastify-plugin";
import type { Metrics } from "../metrics/metrics";

const PROBES = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Times every HTTP request of the server it is registered on, logs one access line per request
 * (probes aside: they would drown everything else), and serves /metrics in Prometheus text format.
 */
export const requestMetrics = fp<{ metrics: Metrics }>(async (app, { metrics }) => {
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    metrics.httpDuration.observe({ route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (PROBES.has(route)) return;
    const ms = Math.round(reply.elapsedTime);
    req.log.info({ requestId: req.id, method: req.method, url: req.url, status: reply.statusCode, ms }, "http");
  });
  app.get("/metrics", async (_req, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
});
