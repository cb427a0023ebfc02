import { ConnectError } from "@connectrpc/connect";
import { expiredToken, forgedTokens, masterRealmToken, serviceToken, userIdToken, userToken, type TestKeycloak } from "./tokens";

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

export interface MatrixTokens {
  identities: Partial<Record<Identity, string | undefined>>;
  /** Every kind of token that must be refused, by a name that says what is wrong with it. */
  badTokens: Record<string, string>;
}

/**
 * The tokens both matrices need, all from the real test Keycloak: one per identity, and the bad
 * ones (expired, other realm, other audience, ID token, and the forgeries of forgedTokens()).
 * `wrongAudience` is a token a caller could hold that is not meant for this entry point.
 */
export async function matrixTokens(kc: TestKeycloak, options: { wrongAudience: { name: string; token: string }; service?: string }): Promise<MatrixTokens> {
  const [customer, admin] = await Promise.all([userToken(kc, "alice"), userToken(kc, "ada")]);
  const identities: MatrixTokens["identities"] = { anonymous: undefined, customer, admin };
  if (options.service) identities.service = await serviceToken(kc, options.service);
  const forged = await forgedTokens(kc, admin);
  return {
    identities,
    badTokens: {
      "expired beyond the clock tolerance": await expiredToken(kc, 5),
      "issued by another realm (master)": await masterRealmToken(kc),
      [options.wrongAudience.name]: options.wrongAudience.token,
      "an ID token instead of an access token": await userIdToken(kc, "ada"),
      ...Object.fromEntries(Object.entries(forged).map(([k, v]) => [`forged: ${k}`, v])),
    },
  };
}

/** Registers the token matrix and the role matrix for every row (call at the top of a spec). */
export function describeAuthorizationMatrix(entryPoints: EntryPoint[], tokens: () => MatrixTokens): void {
  describe.each(entryPoints)("$name", (row) => {
    it("token matrix: every token but a valid one is refused as UNAUTHENTICATED, with no data", async () => {
      const { badTokens } = tokens();
      const outcomes = await Promise.all(Object.entries(badTokens).map(async ([kind, token]) => [kind, await row.call(token)]));
      expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(Object.keys(badTokens).map((k) => [k, "unauthenticated"])));
    });

    it("role matrix: each caller gets what the table says", async () => {
      const { identities } = tokens();
      const who = Object.keys(identities) as Identity[];
      const outcomes = await Promise.all(who.map(async (id) => [id, await row.call(identities[id])]));
      expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(who.map((id) => [id, expectedOutcome(row, id)])));
    });
  });
}
