import { requireRole, type Principal } from "@emporium/platform";
import type { CallerCalls, MobileClients } from "../composition/clients";
import type { MobileLoaders } from "../composition/loaders";

/** What every resolver of one request gets: the verified caller, the clients, the request's loaders. */
export interface MobileContext {
  requestId: string;
  principal?: Principal;
  clients: MobileClients;
  loaders: MobileLoaders;
}

/** The signed-in person's own calls (their token forwarded); UNAUTHENTICATED / FORBIDDEN otherwise. */
export function callsAs(ctx: MobileContext, ...roles: string[]): CallerCalls {
  return ctx.clients.caller(requireRole(ctx.principal, ...roles));
}
