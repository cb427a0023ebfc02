import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { RuntimeMode } from "../config/load-config";
import { AppError } from "../errors/app-error";
import { sendGraphqlRefusal } from "../errors/graphql-refusal";
import type { TokenVerifier } from "../auth/token-verifier";

/**
 * The header the gateway sends its own client-credentials token in, on every subgraph fetch, beside
 * the caller's `authorization` (which the subgraph still verifies and authorizes as before). It is a
 * header of its own so the caller's token travels unchanged and each answers one question: who is
 * asking (the user) and through what (the gateway).
 */
export const GATEWAY_CREDENTIAL_HEADER = "x-emporium-gateway-authorization";

/** The Keycloak client the gateway's tokens are issued to (their `azp`). */
export const GATEWAY_CLIENT_ID = "gateway";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by requireGatewayCredential: the request carries the gateway's valid credential. */
    fromGateway?: boolean;
  }
}

export interface GatewayCredentialOptions {
  /** The subgraph's own verifier: the gateway's tokens name every subgraph service as audience. */
  verifier: TokenVerifier;
  /** production: a request without the gateway's credential is refused; development: it is served. */
  mode: RuntimeMode;
}

/**
 * For a subgraph's `/graphql` context: in production only the gateway may call it, so the limits,
 * rate limits and production rules the gateway applies cannot be bypassed by calling a subgraph
 * directly. A request without a valid gateway credential is refused with 403 FORBIDDEN before
 * anything else runs. In development a request without one is served, as before (GraphiQL on a
 * subgraph, curl, tests); a credential that is present must be valid in both modes, like a bearer
 * token, so a misconfigured gateway shows up in development rather than in production.
 */
export const requireGatewayCredential = fp<GatewayCredentialOptions>(async (app, { verifier, mode }) => {
  app.addHook("onRequest", async (req, reply) => {
    const header = req.headers[GATEWAY_CREDENTIAL_HEADER];
    if (header === undefined) {
      if (mode === "production") return refuse(req, reply, missingCredentialMessage);
      return;
    }
    const problem = await credentialProblem(verifier, header);
    if (problem) return refuse(req, reply, problem);
    req.fromGateway = true;
  });
});

const missingCredentialMessage =
  "this subgraph answers the gateway only: send the request to the gateway " +
  `(the ${GATEWAY_CREDENTIAL_HEADER} header is missing)`;

/** Why the header does not show the gateway's credential; undefined when it does. */
async function credentialProblem(verifier: TokenVerifier, header: string | string[]): Promise<string | undefined> {
  if (Array.isArray(header)) return `send one ${GATEWAY_CREDENTIAL_HEADER} header, not ${header.length}`;
  const token = /^Bearer +(\S+)$/i.exec(header.trim())?.[1];
  if (!token) return `the ${GATEWAY_CREDENTIAL_HEADER} header must be \`Bearer <the gateway's access token>\``;
  try {
    const principal = await verifier.verify(token);
    if (principal.clientId === GATEWAY_CLIENT_ID) return undefined;
    return (
      `the ${GATEWAY_CREDENTIAL_HEADER} token was issued to ${principal.clientId || "an unknown client"}, ` +
      "not the gateway: this subgraph answers the gateway only"
    );
  } catch (err) {
    const reason = err instanceof AppError ? err.message : "it cannot be verified";
    return `the ${GATEWAY_CREDENTIAL_HEADER} credential is not valid: ${reason}`;
  }
}

/** 403 with the GraphQL-shaped body of every refusal at the HTTP edge; nothing else runs. */
function refuse(req: FastifyRequest, reply: FastifyReply, message: string): FastifyReply {
  req.log.info({ requestId: req.id, reason: message }, "subgraph request refused: not from the gateway");
  return sendGraphqlRefusal(reply, 403, "FORBIDDEN", message);
}
