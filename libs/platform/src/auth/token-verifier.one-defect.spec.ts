import path from "node:path";
import { loadBrokenVariant, oneDefectTokens, testKeycloak, userToken, type OneDefectTokens } from "@emporium/testing";
import * as realVerifier from "./token-verifier";

/**
 * Each check of the verifier, shown necessary: a token that differs from a genuine access token in
 * exactly one claim, signed with a key the realm publishes, is refused for that claim, and a copy of
 * the verifier with that one check deleted accepts it. The authorization matrix runs the same tokens
 * through every entry point, so deleting a check fails it too.
 */
type VerifierModule = typeof realVerifier;
const SOURCE = path.join(__dirname, "token-verifier.ts");
const kc = testKeycloak();
let tokens: OneDefectTokens;

beforeAll(async () => {
  tokens = await oneDefectTokens(kc, await userToken(kc, "ada"));
});

/** What a verifier from `module` answers each token: "accepted" or the message it refuses it with. */
async function answers(module: VerifierModule): Promise<Record<string, string>> {
  const verifier = module.createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api"] });
  const answer = (token: string) =>
    verifier.verify(token).then(
      () => "accepted",
      (err: Error) => err.message,
    );
  const named: Record<string, string> = { control: tokens.control };
  for (const [kind, t] of Object.entries(tokens.defective)) named[kind] = t.token;
  const kinds = Object.keys(named);
  return Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, await answer(named[kind]!)])));
}

/** The check the matrix makes: the control is accepted, every other token refused for its one defect. */
async function expectEachRefusedForItsDefect(module: VerifierModule): Promise<void> {
  const refusals = Object.entries(tokens.defective).map(([kind, t]) => [kind, expect.stringContaining(t.refusedFor)]);
  expect(await answers(module)).toEqual({ control: "accepted", ...Object.fromEntries(refusals) });
}

it("accepts the control token, and refuses each one-defect token naming that defect", async () => {
  await expectEachRefusedForItsDefect(realVerifier);
  expect(Object.values(tokens.defective).map((t) => t.refusedFor)).toEqual(
    expect.arrayContaining(["(iss claim)", "(aud claim)", "not an access token", "access token expired"]),
  );
});

const ISSUER_TOKEN = "issued by a twin realm (another issuer), signed with a trusted key";
const TYPE_TOKENS = ["an ID token whose audience is accepted", "a refresh token whose audience and key are accepted"];
const AUDIENCE_TOKEN = "an access token for another audience (account)";

it.each([
  { check: "issuer", defect: { find: "issuer: options.issuer,", replace: "" }, slipsThrough: [ISSUER_TOKEN] },
  {
    check: "audience",
    defect: { find: "audience: [...options.audiences],", replace: "" },
    slipsThrough: [AUDIENCE_TOKEN],
  },
  {
    check: "token type",
    defect: { find: 'if (payload.typ !== "Bearer")', replace: "if (false)" },
    slipsThrough: TYPE_TOKENS,
  },
])("a verifier without its $check check accepts exactly the tokens that check refuses", async (variant) => {
  const { defect, slipsThrough } = variant;
  const broken = loadBrokenVariant<VerifierModule>(SOURCE, defect);
  await expect(expectEachRefusedForItsDefect(broken)).rejects.toThrow();
  const real = await answers(realVerifier);
  const accepted = Object.fromEntries(slipsThrough.map((kind) => [kind, "accepted"]));
  expect(await answers(broken)).toEqual({ ...real, ...accepted });
});
