import { GraphQLError } from "graphql";
import { GATEWAY_CLIENT_ID, serviceTokens, type Logger, type TokenSource } from "@emporium/platform";
import type { GatewayConfig } from "./config";

/** The value of the gateway-credential header for the next subgraph fetch; undefined: send none. */
export type GatewayCredential = () => Promise<string | undefined>;

/**
 * The gateway's own client-credentials token (Keycloak client `gateway`), which it sends every
 * subgraph beside the caller's token: in production a subgraph answers nobody else. The token is
 * fetched once and reused until shortly before it expires (`serviceTokens`).
 *
 * When Keycloak cannot give one, a production gateway fails the fetch with UNAVAILABLE (its
 * subgraphs would refuse it anyway); a development gateway logs it and sends none, which
 * development subgraphs accept, so a local stack works as before while Keycloak starts.
 */
export function gatewayCredential(
  config: Pick<GatewayConfig, "mode" | "authIssuer" | "clientSecret">,
  logger: Logger,
  tokens: TokenSource = serviceTokens({
    service: GATEWAY_CLIENT_ID,
    authIssuer: config.authIssuer,
    clientSecret: config.clientSecret,
  }),
): GatewayCredential {
  let warned = false;
  return async () => {
    try {
      const token = await tokens.token();
      warned = false;
      return `Bearer ${token}`;
    } catch (err) {
      if (config.mode === "production") {
        logger.error({ err }, "no gateway token for the subgraphs");
        throw new GraphQLError("the gateway cannot reach its identity provider right now; retry shortly", {
          extensions: { code: "UNAVAILABLE" },
        });
      }
      // Once per outage, not once per fetch.
      if (!warned) logger.warn({ err }, "no gateway token: calling the subgraphs without it (development only)");
      warned = true;
      return undefined;
    }
  };
}
