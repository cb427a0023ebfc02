import { isIP } from "node:net";
import type { Interceptor } from "@connectrpc/connect";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { RuntimeMode } from "../config/load-config";
import { faultFlagsSchema, normalizeFaultFlags } from "./fault-flags";
import type { FaultInjector } from "./fault-injector";

/** Where the flags are read and replaced, on the service's HTTP listener. */
export const FAULTS_PATH = "/admin/faults";

/**
 * GET /admin/faults: `{ flags }`. PUT /admin/faults with the whole flag set (`{}` turns everything
 * off): `{ flags, droppedConnections? }`. Development only and from loopback only; in production the
 * route answers 403 FAULT_INJECTION_DISABLED and nothing can be changed.
 */
export const faultAdmin: FastifyPluginAsync<{ faults: FaultInjector; mode: RuntimeMode }> = async (app, options) => {
  const { faults, mode } = options;
  const refused = (req: FastifyRequest, reply: FastifyReply) => {
    if (mode === "production")
      return reply
        .code(403)
        .send({ code: "FAULT_INJECTION_DISABLED", message: "fault injection is disabled in production mode" });
    if (!isLoopback(req.socket.remoteAddress))
      return reply
        .code(403)
        .send({ code: "FAULT_INJECTION_LOOPBACK_ONLY", message: "fault flags can be changed from loopback only" });
    return undefined;
  };
  app.get(FAULTS_PATH, async (req, reply) => refused(req, reply) ?? { flags: faults.flags() });
  app.put(FAULTS_PATH, async (req, reply) => {
    const refusal = refused(req, reply);
    if (refusal) return refusal;
    const parsed = faultFlagsSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      return reply.code(400).send({
        code: "INVALID_ARGUMENT",
        message: `invalid fault flags: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ")}`,
      });
    const { flags, dropDbConnections } = normalizeFaultFlags(parsed.data);
    faults.setFlags(flags);
    const droppedConnections = dropDbConnections ? await faults.dropDatabaseConnections() : undefined;
    return { flags: faults.flags(), ...(droppedConnections === undefined ? {} : { droppedConnections }) };
  });
};

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return address === "::1" || (isIP(v4) === 4 && v4.startsWith("127."));
}

/** Applies fail/latency/hang to every RPC, innermost (after authentication and validation). */
export const faultInterceptor =
  (faults: FaultInjector): Interceptor =>
  (next) =>
  async (req) => {
    await faults.beforeHandling(`rpc:${req.service.typeName}/${req.method.name}`, req.signal);
    return next(req);
  };
