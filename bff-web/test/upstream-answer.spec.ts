import { create } from "@bufbuild/protobuf";
import { ViolationsSchema } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { AppError, UpstreamError } from "@emporium/platform";
import { answerOf } from "../src/composition/upstream-answer";

const refusal = (code: Code, message: string, field?: string) =>
  new UpstreamError(
    "the orders service",
    new ConnectError(
      message,
      code,
      undefined,
      field
        ? [
            {
              desc: ViolationsSchema,
              value: create(ViolationsSchema, {
                violations: [
                  { ruleId: "quote.exists", message: "no such quote", field: { elements: [{ fieldName: field }] } },
                ],
              }),
            },
          ]
        : [],
    ),
  );

describe("a service's answer, as bff-web passes it on", () => {
  it("keeps the code, message and violations of a refusal, the field named as the GraphQL input names it", async () => {
    const err = await answerOf(
      Promise.reject(refusal(Code.FailedPrecondition, "quote unknown", "shipping_quote_id")),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: "FAILED_PRECONDITION",
      message: "quote unknown",
      violations: [{ field: "shippingQuoteId", ruleId: "quote.exists", message: "no such quote" }],
    });
  });

  it("renames a field the GraphQL input calls otherwise (a page token is `after`)", async () => {
    const err = await answerOf(Promise.reject(refusal(Code.InvalidArgument, "bad token", "page_token")), {
      page_token: "after",
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INVALID_ARGUMENT", violations: [{ field: "after" }] });
  });

  it("passes NOT_FOUND on (another person's order is one that does not exist), and a guest call's refusals too", async () => {
    await expect(answerOf(Promise.reject(refusal(Code.NotFound, "order not found")))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(answerOf(Promise.reject(new ConnectError("no cart", Code.NotFound)))).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "no cart",
    });
  });

  it("keeps a service's internal error internal: not an AppError, so the client sees only the request id", async () => {
    const internal = refusal(Code.Internal, 'relation "orders" does not exist');
    await expect(answerOf(Promise.reject(internal))).rejects.toBe(internal);
  });

  it("says a service that is down or slow is UNAVAILABLE", async () => {
    await expect(answerOf(Promise.reject(new ConnectError("timeout", Code.DeadlineExceeded)))).rejects.toMatchObject({
      code: "UNAVAILABLE",
    });
  });
});
