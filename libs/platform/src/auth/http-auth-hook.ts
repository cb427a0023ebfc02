import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../errors/app-error";
import type { Principal } from "./principal";
import { bearerToken, type TokenVerifier } from "./token-verifier";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * For HTTP entry points (gateway, subgraphs, BFFs): a request that presents a token gets it
 * verified before anything runs; an invalid one is answered 401 with a GraphQL-shaped
 * UNAUTHENTICATED error and no data. No token means anonymous; resolvers decide what that may do.
 */
export function verifyBearerTokens(
  app: FastifyInstance,
  verifier: TokenVerifier,
  options: { paths: readonly string[] },
): void {
  app.addHook("onRequest", async (req: FastifyRequest, reply) => {
    if (!options.paths.includes(req.routeOptions.url ?? "")) return;
    try {
      const token = bearerToken(req.headers.authorization);
      if (token) req.principal = await verifier.verify(token);
    } catch (err) {
      const message = err instanceof AppError ? err.message : "cannot verify the access token";
      return reply
        .code(401)
        .header("www-authenticate", `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`)
        .send({ data: null, errors: [{ message, extensions: { code: "UNAUTHENTICATED", requestId: req.id } }] });
    }
  });
}
