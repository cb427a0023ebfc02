import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { AppError } from "../errors/app-error";
import { expiredCommandReason, refusalOf, requireCommandFields } from "./command-answers";

const command = {
  $typeName: "emporium.payments.v1.VoidPaymentCommand",
  orderId: "o-1",
  correlationId: "o-1:void-payment",
  expireTime: timestampFromDate(new Date("2026-12-02T07:00:00.000Z")),
};

describe("answering commands", () => {
  it("a refusal of the domain becomes the failure reply's reason; anything else is thrown to be retried", async () => {
    expect(await refusalOf(async () => 7)).toEqual({ done: 7 });
    const refused = await refusalOf(async () => {
      throw new AppError("FAILED_PRECONDITION", "payment p-1 is captured; refund it instead");
    });
    expect(refused).toEqual({ refused: "payment p-1 is captured; refund it instead" });
    await expect(refusalOf(async () => Promise.reject(new Error("provider unreachable")))).rejects.toThrow(
      "provider unreachable",
    );
    // A service may refuse more codes (shipping refuses an address that is not the quote's).
    const invalid = () => Promise.reject(new AppError("INVALID_ARGUMENT", "not the quote's address"));
    await expect(refusalOf(invalid)).rejects.toThrow("not the quote's address");
    expect(await refusalOf(invalid, ["INVALID_ARGUMENT"])).toEqual({ refused: "not the quote's address" });
  });

  it("a late command's reason names the command, its step and its deadline", () => {
    expect(expiredCommandReason(command)).toBe(
      "VoidPaymentCommand o-1:void-payment expired at 2026-12-02T07:00:00.000Z; nothing was done",
    );
  });

  it("a command without its order, its correlation id or a field its step needs is INVALID_ARGUMENT, naming them", () => {
    expect(() => requireCommandFields(command, { reason: "cancelled" })).not.toThrow();
    const missing = () => requireCommandFields({ ...command, orderId: "", correlationId: "" }, { reason: "" });
    expect(missing).toThrow(AppError);
    expect(missing).toThrow("VoidPaymentCommand (no correlation id) lacks order_id, correlation_id, reason");
  });
});
