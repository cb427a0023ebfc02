import { GraphQLError } from "graphql";
import { AppError, UpstreamPolicies, UpstreamRejectedError } from "@emporium/platform";
import { loadGatewayConfig } from "./config";
import { SubgraphNotNow, subgraphFailure, subgraphPolicy } from "./subgraph-policy";

/** What RemoteGraphQLDataSource throws for a subgraph's non-2xx answer. */
const answered = (status: number) =>
  new GraphQLError(`${status}: status`, { extensions: { response: { status, body: "" } } });

const UNAVAILABLE = {
  message: "the reviews service cannot be reached right now; retry shortly",
  extensions: { code: "UNAVAILABLE", upstream: "reviews" },
};

describe("subgraphFailure", () => {
  it.each([
    ["refused connection", new TypeError("fetch failed")],
    ["deadline passed", new DOMException("The operation was aborted due to timeout", "TimeoutError")],
    ["aborted", new DOMException("This operation was aborted", "AbortError")],
    ["a refusal of its policy (breaker open)", new UpstreamRejectedError("reviews", "breaker_open", "circuit open")],
    ["a 503 the policy gave up on", new SubgraphNotNow(503)],
    ["503 (shedding load)", answered(503)],
    ["429", answered(429)],
    ["502 from a proxy", answered(502)],
  ])("codes a subgraph that did not answer (%s) as UNAVAILABLE naming it, nothing internal", (_what, err) => {
    const failure = subgraphFailure("reviews", err);
    expect(failure).toBeInstanceOf(GraphQLError);
    expect((failure as GraphQLError).toJSON()).toEqual(UNAVAILABLE);
  });

  it.each([401, 403, 400])("passes on a subgraph's own answer (%i) unchanged", (status) => {
    const err = answered(status);
    expect(subgraphFailure("reviews", err)).toBe(err);
  });

  it.each([
    ["an answer that is not GraphQL", new Error("Expected JSON response body, but received: hello")],
    [
      "the gateway's own refusal (no token)",
      new AppError("UNAVAILABLE", "the gateway cannot reach its identity provider"),
    ],
    ["another upstream's policy refusal", new UpstreamRejectedError("identity-provider", "breaker_open", "open")],
  ])("passes on what is not the subgraph being unavailable (%s) unchanged", (_what, err) => {
    expect(subgraphFailure("reviews", err)).toBe(err);
  });
});

describe("subgraphPolicy", () => {
  const hang = (signal: AbortSignal) =>
    new Promise<never>((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)));

  it("gives every fetch a signal that aborts at the deadline", async () => {
    const policy = subgraphPolicy("reviews", { timeoutMs: 20, policies: new UpstreamPolicies({}) });
    await expect(policy.execute(hang)).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("once its breaker is open, refuses fetches without sending them, and the client sees UNAVAILABLE", async () => {
    const policies = new UpstreamPolicies({ EMPORIUM_UPSTREAM_REVIEWS_BREAKER_THRESHOLD: "2" });
    const policy = subgraphPolicy("reviews", { timeoutMs: 20, policies });
    for (let i = 0; i < 2; i++) await expect(policy.execute(hang)).rejects.toMatchObject({ name: "TimeoutError" });
    let sent = 0;
    const refused = await policy.execute(async () => ++sent).catch((err: unknown) => err);
    expect(sent).toBe(0);
    expect((subgraphFailure("reviews", refused) as GraphQLError).toJSON()).toEqual(UNAVAILABLE);
    expect(policies.all().map((p) => [p.upstream, p.breakerState()])).toEqual([["reviews", "open"]]);
  });
});

describe("EMPORIUM_GATEWAY_REQUIRED_SUBGRAPHS", () => {
  it("requires catalog by default, reads a list of subgraphs and refuses names that are none", () => {
    expect(loadGatewayConfig({}).requiredSubgraphs).toEqual(["catalog"]);
    expect(loadGatewayConfig({ EMPORIUM_GATEWAY_REQUIRED_SUBGRAPHS: "catalog,orders" }).requiredSubgraphs).toEqual([
      "catalog",
      "orders",
    ]);
    expect(() => loadGatewayConfig({ EMPORIUM_GATEWAY_REQUIRED_SUBGRAPHS: "bff-web" })).toThrow(
      /EMPORIUM_GATEWAY_REQUIRED_SUBGRAPHS/,
    );
  });
});
