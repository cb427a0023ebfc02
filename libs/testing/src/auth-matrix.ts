import { ConnectError } from "@connectrpc/connect";

/**
 * The reusable authorization harness. Every entry point of the platform (gateway operation,
 * subgraph operation, RPC method) is one row: how to call it with a token, and who may. The token
 * matrix and the role matrix run over every row, so a new service adds rows and is covered.
 */
export type Outcome = "ok" | "unauthenticated" | "forbidden" | `other: ${string}`;
export type Identity = "anonymous" | "customer" | "admin" | "service";

export interface EntryPoint {
  name: string;
  /** Who may call it; everyone else is refused (anonymous with UNAUTHENTICATED, others FORBIDDEN). */
  allowed: readonly Identity[];
  call(token: string | undefined): Promise<Outcome>;
}

/** Classifies an RPC call by its Connect code. */
export async function rpcOutcome(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return "ok";
  } catch (err) {
    const e = ConnectError.from(err);
    if (e.code === 16) return "unauthenticated";
    if (e.code === 7) return "forbidden";
    return `other: ${e.code} ${e.rawMessage}`;
  }
}

/** Classifies a GraphQL HTTP response: 401 or UNAUTHENTICATED, FORBIDDEN, or data without errors. */
export async function graphqlOutcome(res: Response): Promise<Outcome> {
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: string } }> };
  const codes = (body.errors ?? []).map((e) => e.extensions?.code);
  if (res.status === 401 || codes.includes("UNAUTHENTICATED")) {
    const leaked = body.data && Object.values(body.data).some((v) => v !== null);
    return leaked ? "other: data returned with UNAUTHENTICATED" : "unauthenticated";
  }
  if (codes.includes("FORBIDDEN")) return "forbidden";
  if (codes.length === 0 && body.data) return "ok";
  return `other: HTTP ${res.status} ${JSON.stringify(body.errors)}`;
}

export function expectedOutcome(row: EntryPoint, who: Identity): Outcome {
  if (row.allowed.includes(who)) return "ok";
  return who === "anonymous" ? "unauthenticated" : "forbidden";
}
