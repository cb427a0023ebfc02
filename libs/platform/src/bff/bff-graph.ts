import type { IResolvers, MercuriusLoaders } from "mercurius";
import type { Principal } from "../auth/principal";
import type { GraphiqlExample } from "../graphiql/graphiql-plugin";

/** What a BFF knows about one GraphQL request before its resolvers run. */
export interface BffRequest {
  /** The caller, from a verified bearer token; absent for anonymous callers. */
  principal?: Principal;
  requestId: string;
  /** The caller's `authorization` header as sent (already verified when present). */
  authorization?: string;
}

/**
 * A BFF's client-shaped graph: its SDL, resolvers, optional mercurius loaders (batched per
 * request), a per-request context built from the verified caller, and GraphiQL's example tabs.
 * createBffApp hosts it; everything that is the same for every BFF is the host's.
 */
export interface BffGraph<Ctx extends object = object> {
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mercurius types resolvers' context loosely
  resolvers: IResolvers<any, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  loaders?: MercuriusLoaders<any>;
  context(request: BffRequest): Ctx;
  examples: GraphiqlExample[];
}
