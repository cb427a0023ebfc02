import { AsyncLocalStorage } from "node:async_hooks";
import { ConnectError } from "@connectrpc/connect";
import { oneDefectTokens, REFUSAL } from "./one-defect-tokens";
import { forgedTokens, masterRealmToken, serviceToken, userIdToken, userRefreshToken, userToken } from "./tokens";
import type { TestKeycloak } from "./tokens";

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

/**
 * The error message of the last call a row classified, so the token matrix can check WHY a token was
 * refused. rpcOutcome and graphqlOutcome note it in the matrix's async context: rows need not pass it on.
 */
const answered = new AsyncLocalStorage<{ message?: string }>();
const noteMessage = (message: string | undefined) => {
  const store = answered.getStore();
  if (store) store.message = message;
};

export interface Answer {
  outcome: Outcome;
  message?: string;
}

/** Calls a row with a token and returns its outcome and the error message it was answered with. */
export async function answerOf(row: EntryPoint, token: string | undefined): Promise<Answer> {
  const store: { message?: string } = {};
  const outcome = await answered.run(store, () => row.call(token));
  return { outcome, ...(store.message === undefined ? {} : { message: store.message }) };
}

/** Classifies an RPC call by its Connect code. */
export async function rpcOutcome(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    noteMessage(undefined);
    return "ok";
  } catch (err) {
    const e = ConnectError.from(err);
    noteMessage(e.rawMessage);
    if (e.code === 16) return "unauthenticated";
    if (e.code === 7) return "forbidden";
    return `other: ${e.code} ${e.rawMessage}`;
  }
}

/** Classifies a GraphQL HTTP response: 401 or UNAUTHENTICATED, FORBIDDEN, or data without errors. */
export async function graphqlOutcome(res: Response): Promise<Outcome> {
  type GraphqlError = { message?: string; extensions?: { code?: string } };
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: GraphqlError[] };
  const codes = (body.errors ?? []).map((e) => e.extensions?.code);
  noteMessage((body.errors?.find((e) => e.extensions?.code === "UNAUTHENTICATED") ?? body.errors?.[0])?.message);
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
  /** Per bad token, the reason it must be refused for: a fragment of the UNAUTHENTICATED message (REFUSAL). */
  refusedFor: Record<string, string>;
  /**
   * The admin's token with its claims unchanged, re-signed with the test key that signs the one-defect
   * tokens: it must be ACCEPTED (as the admin), so each of their refusals is for its defect, not the key.
   */
  control: string;
}

/**
 * The tokens both matrices need, from the real test Keycloak: one per identity, and the bad ones.
 * Real tokens: another realm's (master), the caller's `wrongAudience`, a real ID token and refresh
 * token, and the forgeries of forgedTokens(). Tokens with exactly one defect (oneDefectTokens): the
 * admin's claims with another issuer, another audience, typ ID, typ Refresh, or an expiry long past,
 * signed with a key the realm publishes. `wrongAudience` is a token a caller could hold that is not
 * meant for this entry point (refused for its audience unless `refusedFor` says otherwise).
 */
export async function matrixTokens(
  kc: TestKeycloak,
  options: { wrongAudience: { name: string; token: string; refusedFor?: string }; service?: string },
): Promise<MatrixTokens> {
  const [customer, admin] = await Promise.all([userToken(kc, "alice"), userToken(kc, "ada")]);
  const identities: MatrixTokens["identities"] = { anonymous: undefined, customer, admin };
  if (options.service) identities.service = await serviceToken(kc, options.service);
  const [forged, oneDefect, master, idToken, refreshToken] = await Promise.all([
    forgedTokens(kc, admin),
    oneDefectTokens(kc, admin),
    masterRealmToken(kc),
    userIdToken(kc, "ada"),
    userRefreshToken(kc, "ada"),
  ]);
  const { wrongAudience } = options;
  const bad: Record<string, { token: string; refusedFor: string }> = {
    "issued by another realm (master), signed with its own key": { token: master, refusedFor: REFUSAL.unknownKey },
    [wrongAudience.name]: { token: wrongAudience.token, refusedFor: wrongAudience.refusedFor ?? REFUSAL.audience },
    "a real ID token (its audience is the client it was issued to)": { token: idToken, refusedFor: REFUSAL.audience },
    "a real refresh token (HS512, the realm's unpublished HMAC key)": {
      token: refreshToken,
      refusedFor: REFUSAL.algorithm,
    },
    ...oneDefect.defective,
    "forged: algNone": { token: forged.algNone, refusedFor: REFUSAL.algorithm },
    "forged: hs256WithPublicKey": { token: forged.hs256WithPublicKey, refusedFor: REFUSAL.algorithm },
    "forged: unknownKeyId": { token: forged.unknownKeyId, refusedFor: REFUSAL.unknownKey },
    "forged: tamperedPayload": { token: forged.tamperedPayload, refusedFor: REFUSAL.signature },
  };
  return {
    identities,
    badTokens: Object.fromEntries(Object.entries(bad).map(([kind, t]) => [kind, t.token])),
    refusedFor: Object.fromEntries(Object.entries(bad).map(([kind, t]) => [kind, t.refusedFor])),
    control: oneDefect.control,
  };
}

/** Registers the token matrix and the role matrix for every row (call at the top of a spec). */
export function describeAuthorizationMatrix(entryPoints: EntryPoint[], tokens: () => MatrixTokens): void {
  describe.each(entryPoints)("$name", (row) => {
    it("token matrix: every token but a valid one is refused as UNAUTHENTICATED for its defect, with no data", async () => {
      const { badTokens, refusedFor, control } = tokens();
      const kinds = Object.keys(badTokens);
      const answers = await Promise.all(kinds.map(async (kind) => [kind, await answerOf(row, badTokens[kind])]));
      const refusal = (kind: string) => ({
        outcome: "unauthenticated",
        message: expect.stringContaining(refusedFor[kind]!),
      });
      expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(kinds.map((kind) => [kind, refusal(kind)])));
      // The same claims and key as the one-defect tokens, minus the defect: treated as the admin.
      expect(await row.call(control)).toBe(expectedOutcome(row, "admin"));
    });

    it("role matrix: each caller gets what the table says", async () => {
      const { identities } = tokens();
      const who = Object.keys(identities) as Identity[];
      const outcomes = await Promise.all(who.map(async (id) => [id, await row.call(identities[id])]));
      expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(who.map((id) => [id, expectedOutcome(row, id)])));
    });
  });
}
