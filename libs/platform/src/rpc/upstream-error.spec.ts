import { Code, ConnectError } from "@connectrpc/connect";
import { AppError } from "../errors/app-error";
import { UpstreamRejectedError } from "../resilience/upstream-policy";
import { upstreamFailure } from "./upstream-error";

const DOWN = "the reviews service cannot be reached right now; retry shortly";

describe("upstreamFailure", () => {
  it("words a refusal of the upstream's own breaker as the upstream being down, so a page reports it once", () => {
    const refused = new UpstreamRejectedError(
      "reviews",
      "breaker_open",
      "the reviews service is failing (circuit open)",
    );
    const failure = upstreamFailure(
      "the reviews service",
      new ConnectError(refused.message, Code.Unavailable, undefined, undefined, refused),
    );
    expect(failure).toEqual(new AppError("UNAVAILABLE", DOWN));
    expect(upstreamFailure("the reviews service", new ConnectError("down", Code.Unavailable))).toEqual(failure);
  });

  it("keeps a refusal of another upstream's policy (the identity provider's) as it was", () => {
    const refused = new UpstreamRejectedError("identity-provider", "breaker_open", "the identity provider is failing");
    const failure = upstreamFailure(
      "the reviews service",
      new ConnectError(refused.message, Code.Unavailable, undefined, undefined, refused),
    );
    expect(failure).toBe(refused);
  });
});
