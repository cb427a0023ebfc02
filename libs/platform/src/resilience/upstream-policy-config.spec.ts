import { ConfigError } from "../config/load-config";
import { DEFAULT_UPSTREAM_POLICY, upstreamPolicyFromEnv, upstreamVariablePrefix } from "./upstream-policy-config";

describe("upstream policy configuration", () => {
  it("takes the defaults, each overridable per upstream by EMPORIUM_UPSTREAM_<NAME>_<SETTING>", () => {
    expect(upstreamPolicyFromEnv("catalog", {})).toEqual(DEFAULT_UPSTREAM_POLICY);
    const env = {
      EMPORIUM_UPSTREAM_CATALOG_BREAKER_THRESHOLD: "2",
      EMPORIUM_UPSTREAM_CATALOG_BULKHEAD_QUEUE: "0",
      EMPORIUM_UPSTREAM_REVIEWS_TIMEOUT_MS: "800",
    };
    expect(upstreamPolicyFromEnv("catalog", env)).toEqual({
      ...DEFAULT_UPSTREAM_POLICY,
      breakerThreshold: 2,
      bulkheadQueue: 0,
    });
    expect(upstreamPolicyFromEnv("reviews", env).timeoutMs).toBe(800);
  });

  it("names other characters of an upstream with underscores", () => {
    expect(upstreamVariablePrefix("identity-provider")).toBe("EMPORIUM_UPSTREAM_IDENTITY_PROVIDER_");
  });

  it("refuses a bad value at startup, naming the variable", () => {
    expect(() => upstreamPolicyFromEnv("catalog", { EMPORIUM_UPSTREAM_CATALOG_RETRY_MAX_ATTEMPTS: "0" })).toThrow(
      ConfigError,
    );
    expect(() => upstreamPolicyFromEnv("catalog", { EMPORIUM_UPSTREAM_CATALOG_RETRY_MAX_ATTEMPTS: "0" })).toThrow(
      /EMPORIUM_UPSTREAM_CATALOG_RETRY_MAX_ATTEMPTS/,
    );
  });
});
