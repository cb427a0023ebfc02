import type { FastifyInstance } from "fastify";
import type { HealthMonitor } from "../health/health-monitor";
import type { Metrics } from "../metrics/metrics";

/**
 * /healthz: the process is alive and its event loop turns (no dependency checks, so a database
 * outage never gets a healthy process restarted). /readyz: it can serve its core requests now.
 * /metrics: Prometheus text format. Also times every HTTP request.
 */
const PROBES = new Set(["/healthz", "/readyz", "/metrics"]);

export function registerProbes(app: FastifyInstance, deps: { health: HealthMonitor; metrics: Metrics }): void {
  const { health, metrics } = deps;
  app.addHook("onRequest", async (req, reply) => {
    void reply.header("x-request-id", req.id);
  });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    metrics.httpDuration.observe({ route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    // One access-log line per request, probes aside (they would drown everything else).
    if (!PROBES.has(route))
      req.log.info(
        {
          requestId: req.id,
          method: req.method,
          url: req.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        "http",
      );
  });
  app.get("/healthz", async () => ({ status: "alive" }));
  app.get("/readyz", async (_req, reply) => {
    const status = health.status();
    return reply.code(status === "SERVING" ? 200 : 503).send({ status, checks: health.details() });
  });
  app.get("/metrics", async (_req, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
