import fp from "fastify-plugin";
import { AppError } from "../errors/app-error";
import { sendGraphqlRefusal } from "../errors/graphql-refusal";
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
 * UNAUTHENTICATED error (no data: nothing ran). No token means anonymous; resolvers decide what that may do.
 *
 * It covers the routes of the plugin it is registered in (Fastify encapsulation): register it
 * inside the plugin that serves the protected routes, never on the root, so probes stay open.
 */
export const verifyBearerTokens = fp<{ verifier: TokenVerifier }>(async (app, { verifier }) => {
  app.addHook("onRequest", async (req, reply) => {
    try {
      const token = bearerToken(req.headers.authorization);
      if (token) req.principal = await verifier.verify(token);
    } catch (err) {
      const message = err instanceof AppError ? err.message : "cannot verify the access token";
      const challenge = `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`;
      return sendGraphqlRefusal(reply.header("www-authenticate", challenge), 401, "UNAUTHENTICATED", message);
    }
  });
});
