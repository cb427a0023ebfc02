import type { FastifyPluginAsync } from "fastify";

/** What /readyz answers: SERVING (200) or NOT_SERVING (503), with the checks behind it. */
export interface Readiness {
  status: "SERVING" | "NOT_SERVING";
  checks: Record<string, unknown>;
}

/**
 * /healthz: the process is alive and its event loop turns (no dependency checks, so a database
 * outage never gets a healthy process restarted). /readyz: it can serve its core requests now.
 */
export const probes: FastifyPluginAsync<{ readiness(): Readiness | Promise<Readiness> }> = async (app, options) => {
  app.get("/healthz", async () => ({ status: "alive" }));
  app.get("/readyz", async (_req, reply) => {
    const readiness = await options.readiness();
    return reply.code(readiness.status === "SERVING" ? 200 : 503).send(readiness);
  });
};
