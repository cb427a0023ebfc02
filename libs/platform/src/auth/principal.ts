import { AppError } from "../errors/app-error";

/** Who is calling, as established from a verified access token. */
export interface Principal {
  subject: string;
  /** Realm roles (`customer`, `admin`). */
  roles: readonly string[];
  audience: readonly string[];
  /** The OAuth client the token was issued to (`azp`). */
  clientId: string;
  /** A person (through web, mobile or a tool) or a service (client credentials). */
  kind: "user" | "service";
  /** From the token's profile claims, when it has them (user tokens). */
  email?: string;
  name?: string;
  /**
   * The access token itself, for calls made on the caller's behalf (`callerClient`). Not
   * enumerable, so logging or serialising a principal never shows it.
   */
  readonly accessToken?: string;
}

/** The principal with its token attached (not enumerable: absent from logs, JSON and equality). */
export function withAccessToken(principal: Principal, token: string): Principal {
  return Object.defineProperty(principal, "accessToken", { value: token, enumerable: false });
}

/** Throws UNAUTHENTICATED without a principal, PERMISSION_DENIED without one of the roles. */
export function requireRole(principal: Principal | undefined, ...roles: string[]): Principal {
  if (!principal) throw new AppError("UNAUTHENTICATED", "sign in: this operation needs an access token");
  if (!roles.some((r) => principal.roles.includes(r)))
    throw new AppError("PERMISSION_DENIED", `this operation needs the ${roles.join(" or ")} role`);
  return principal;
}
