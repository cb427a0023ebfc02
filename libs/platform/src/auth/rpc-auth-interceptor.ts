import { createContextKey, type Interceptor } from "@connectrpc/connect";
import { AppError } from "../errors/app-error";
import { requireRole, type Principal } from "./principal";
import { bearerToken, type TokenVerifier } from "./token-verifier";

/**
 * Who may call an RPC: anyone (a token, if sent, must still be valid), holders of a role, or the
 * named services, each with a client-credentials token issued to its own client (`azp`) for this
 * service (audience). Naming the callers keeps "any service" from changing money or stock.
 */
export type RpcAccess =
  { public: true } | { roles: readonly string[] } | { serviceCallers: readonly [string, ...string[]] };

export const principalKey = createContextKey<Principal | undefined>(undefined, { description: "verified caller" });

/** Health and reflection: open to every caller (probes, tools), and never rate-limited. */
export const ALWAYS_PUBLIC: readonly string[] = [
  "grpc.health.v1.Health",
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
];

/**
 * Authenticates every call (a presented token must verify, even for public RPCs) and authorises it
 * against the service's access table, keyed by `package.Service/Method`. An RPC missing from the
 * table is refused: new methods are private until someone decides otherwise.
 */
export function rpcAuthInterceptor(verifier: TokenVerifier, access: Readonly<Record<string, RpcAccess>>): Interceptor {
  return (next) => async (req) => {
    const token = bearerToken(req.header.get("authorization"));
    const principal = token ? await verifier.verify(token) : undefined;
    req.contextValues.set(principalKey, principal);
    if (ALWAYS_PUBLIC.includes(req.service.typeName)) return next(req);
    const rule = access[`${req.service.typeName}/${req.method.name}`];
    if (!rule) throw new AppError("PERMISSION_DENIED", `${req.method.name} is not open to any caller`);
    if ("roles" in rule) requireRole(principal, ...rule.roles);
    if ("serviceCallers" in rule) {
      if (!principal) throw new AppError("UNAUTHENTICATED", "this operation needs a service's access token");
      if (principal.kind !== "service")
        throw new AppError("PERMISSION_DENIED", `${req.method.name} is for services, not people`);
      if (!rule.serviceCallers.includes(principal.clientId))
        throw new AppError(
          "PERMISSION_DENIED",
          `${req.method.name} is open to ${rule.serviceCallers.join(", ")}, not to ${principal.clientId}`,
        );
    }
    return next(req);
  };
}
