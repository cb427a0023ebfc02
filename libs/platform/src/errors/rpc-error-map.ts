import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ViolationsSchema, type Violations } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import type { ErrorCode, FieldViolation } from "./app-error";
import { applicationErrorOf } from "./database-unavailable";
import { fieldPathFromString, fieldPathToString } from "./field-path";

const codes: Record<ErrorCode, Code> = {
  INVALID_ARGUMENT: Code.InvalidArgument,
  NOT_FOUND: Code.NotFound,
  ALREADY_EXISTS: Code.AlreadyExists,
  FAILED_PRECONDITION: Code.FailedPrecondition,
  ABORTED: Code.Aborted,
  PERMISSION_DENIED: Code.PermissionDenied,
  UNAUTHENTICATED: Code.Unauthenticated,
  RESOURCE_EXHAUSTED: Code.ResourceExhausted,
  UNAVAILABLE: Code.Unavailable,
};

/**
 * Maps any thrown value to the ConnectError a client may see. AppErrors keep their message and
 * violations (as a `buf.validate.Violations` detail); a lost database connection is UNAVAILABLE;
 * ConnectErrors raised by the framework or the validation interceptor pass through; everything
 * else (another service's answer, `UpstreamError`, included) becomes INTERNAL with only the request id.
 */
export function toConnectError(err: unknown, requestId: string): ConnectError {
  const appError = applicationErrorOf(err);
  if (appError) {
    const details = appError.violations.length
      ? [{ desc: ViolationsSchema, value: violationsProto(appError.violations) }]
      : [];
    return new ConnectError(appError.message, codes[appError.code], undefined, details);
  }
  if (err instanceof ConnectError && err.code !== Code.Internal && err.code !== Code.Unknown) return err;
  return new ConnectError(`internal error (request id ${requestId})`, Code.Internal);
}

function violationsProto(violations: readonly FieldViolation[]): Violations {
  return create(ViolationsSchema, {
    violations: violations.map((v) => ({
      ruleId: v.ruleId,
      message: v.message,
      field: {
        elements: fieldPathFromString(v.field).map((el) => ({
          fieldName: el.fieldName,
          subscript: el.index === undefined ? { case: undefined } : { case: "index" as const, value: BigInt(el.index) },
        })),
      },
    })),
  });
}

/** Reads the violations back out of a ConnectError (clients, tests, the BFFs). */
export function violationsOf(err: ConnectError): FieldViolation[] {
  return err
    .findDetails(ViolationsSchema)
    .flatMap((d) =>
      d.violations.map((v) => ({ field: fieldPathToString(v.field), ruleId: v.ruleId, message: v.message })),
    );
}
