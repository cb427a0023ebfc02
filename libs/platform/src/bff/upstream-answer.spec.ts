import { Code, ConnectError } from "@connectrpc/connect";
import { AppError, invalidArgument } from "../errors/app-error";
import { toConnectError } from "../errors/rpc-error-map";
import { UpstreamError } from "../rpc/upstream-error";
import { answerOf, passedOn } from "./upstream-answer";

/** What a service's handler threw, as the BFF's client of it receives it. */
const answered = (thrown: unknown) => new UpstreamError("the orders service", toConnectError(thrown, "req-1"));

describe("passing a service's answer on to a BFF's client", () => {
  it("keeps a refusal's code and message, and names its violations as GraphQL does", () => {
    const refusal = answered(
      invalidArgument([
        { field: "shipping_address_id", ruleId: "string.min_len", message: "value is required" },
        { field: "page_token", ruleId: "page_token.valid", message: "start again without it" },
      ]),
    );
    const passed = passedOn(refusal, { page_token: "after" });
    expect(passed).toBeInstanceOf(AppError);
    expect(passed).toMatchObject({
      code: "INVALID_ARGUMENT",
      violations: [
        { field: "shippingAddressId", ruleId: "string.min_len", message: "value is required" },
        { field: "after", ruleId: "page_token.valid", message: "start again without it" },
      ],
    });
  });

  it("passes NOT_FOUND on with the service's own message", () => {
    const passed = passedOn(answered(new AppError("NOT_FOUND", "order o-1 does not exist")));
    expect(passed).toMatchObject({ code: "NOT_FOUND", message: "order o-1 does not exist" });
  });

  it("keeps a service's internal failure internal, and the BFF's own errors as they are", () => {
    const internal = answered(new Error("null pointer in handler"));
    expect(passedOn(internal)).toBe(internal);
    const unavailable = new AppError("UNAVAILABLE", "the orders service cannot be reached right now; retry shortly");
    expect(passedOn(unavailable)).toBe(unavailable);
    const bug = new TypeError("x is undefined");
    expect(passedOn(bug)).toBe(bug);
  });

  it("answerOf resolves to the answer, or rejects with the failure passed on", async () => {
    await expect(answerOf(Promise.resolve(42))).resolves.toBe(42);
    const refusal = new UpstreamError("the orders service", new ConnectError("cart changed", Code.FailedPrecondition));
    await expect(answerOf(Promise.reject(refusal))).rejects.toMatchObject({
      code: "FAILED_PRECONDITION",
      message: "cart changed",
    });
  });
});
