import { Code, ConnectError } from "@connectrpc/connect";
import { GraphQLError } from "graphql";
import { AppError, invalidArgument, notFound } from "./app-error";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseConnectionError } from "./database-unavailable";
import { formatGraphqlError } from "./graphql-error-format";
import { toConnectError, violationsOf } from "./rpc-error-map";

describe("error model", () => {
  it("maps application errors to Connect codes once, keeping violations as buf.validate details", () => {
    const err = toConnectError(
      invalidArgument([{ field: "skus[1].code", ruleId: "sku.code_unique", message: "already in use" }]),
      "req-1",
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(violationsOf(err)).toEqual([
      { field: "skus[1].code", ruleId: "sku.code_unique", message: "already in use" },
    ]);
    expect(toConnectError(notFound("product", "p1"), "req-1")).toMatchObject({
      code: Code.NotFound,
      rawMessage: 'product "p1" does not exist',
    });
    expect(toConnectError(new AppError("PERMISSION_DENIED", "admins only"), "r").code).toBe(Code.PermissionDenied);
  });

  it("hides unexpected errors behind INTERNAL with the request id, never their message or stack", () => {
    const err = toConnectError(new Error('relation "secret_table" does not exist'), "req-42");
    expect(err.code).toBe(Code.Internal);
    expect(err.rawMessage).toBe("internal error (request id req-42)");
    expect(JSON.stringify(err)).not.toContain("secret_table");
    // A ConnectError that claims INTERNAL is treated the same way: its message may come from anywhere.
    expect(toConnectError(new ConnectError("pool exhausted at db.ts:10", Code.Internal), "r").rawMessage).toBe(
      "internal error (request id r)",
    );
  });

  it("formats GraphQL errors with a code and request id, and masks internal ones", () => {
    const appErr = new GraphQLError("x", { path: ["product"], originalError: notFound("product", "p1") });
    expect(formatGraphqlError(appErr, "rid")).toEqual({
      message: 'product "p1" does not exist',
      locations: undefined,
      path: ["product"],
      extensions: { code: "NOT_FOUND", requestId: "rid" },
    });
    const internal = new GraphQLError("boom", { originalError: new TypeError("cannot read x of undefined") });
    expect(formatGraphqlError(internal, "rid")).toMatchObject({
      message: "internal error (request id rid)",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    expect(formatGraphqlError(new GraphQLError('Cannot query field "x"'), "rid").extensions.code).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
    const bad = new GraphQLError("x", {
      originalError: invalidArgument([{ field: "first", ruleId: "first.range", message: "too big" }]),
    });
    expect(formatGraphqlError(bad, "rid").extensions).toEqual({
      code: "BAD_USER_INPUT",
      requestId: "rid",
      violations: [{ field: "first", ruleId: "first.range", message: "too big" }],
    });
  });

  it("reports a lost or refused database connection as UNAVAILABLE, and a bad statement as internal", () => {
    const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
    const lost = [
      withCode("terminating connection due to administrator command", "57P01"),
      withCode("the database system is starting up", "57P03"),
      withCode("connection failure", "08006"),
      withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
      withCode("read ECONNRESET", "ECONNRESET"),
      new AggregateError([withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")], "connect failed"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
    ];
    for (const err of lost) {
      expect(isDatabaseConnectionError(err)).toBe(true);
      expect(toConnectError(err, "r")).toMatchObject({
        code: Code.Unavailable,
        rawMessage: DATABASE_UNAVAILABLE_MESSAGE,
      });
      expect(formatGraphqlError(new GraphQLError("x", { originalError: err }), "r")).toMatchObject({
        message: DATABASE_UNAVAILABLE_MESSAGE,
        extensions: { code: "UNAVAILABLE" },
      });
    }
    for (const err of [
      withCode('duplicate key value violates unique constraint "skus_code_key"', "23505"),
      withCode("canceling statement due to statement timeout", "57014"),
    ]) {
      expect(isDatabaseConnectionError(err)).toBe(false);
      expect(toConnectError(err, "r")).toMatchObject({
        code: Code.Internal,
        rawMessage: "internal error (request id r)",
      });
    }
  });
});
