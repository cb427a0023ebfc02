import { create, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { createValidator } from "@bufbuild/protovalidate";
import { AppError } from "../errors/app-error";
import { fieldPathToString } from "../errors/field-path";
import { violationsToProto } from "@bufbuild/protovalidate";

const validator = createValidator();

/**
 * Builds a request message and checks it against the rules in its proto, the same rules the RPC
 * validation interceptor enforces, so the GraphQL and RPC paths can never disagree on what is valid.
 */
export function validatedMessage<Desc extends DescMessage>(
  schema: Desc,
  init: MessageInitShape<Desc>,
): MessageShape<Desc> {
  const message = create(schema, init);
  const result = validator.validate(schema, message);
  if (result.kind === "valid") return message;
  if (result.kind === "error") throw result.error;
  const [proto] = violationsToProto(result.violations);
  const violations = proto.violations.map((v) => ({
    field: fieldPathToString(v.field),
    ruleId: v.ruleId,
    message: v.message,
  }));
  throw new AppError("INVALID_ARGUMENT", violations.map((v) => `${v.field}: ${v.message}`).join("; "), violations);
}

/**
 * validatedMessage for a GraphQL input: the same proto rules, with each violation's field named as
 * GraphQL names input fields (`expectedTotal.amount`, not `expected_total.amount`).
 */
export function validatedInput<Desc extends DescMessage>(
  schema: Desc,
  init: MessageInitShape<Desc>,
): MessageShape<Desc> {
  try {
    return validatedMessage(schema, init);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "INVALID_ARGUMENT") throw err;
    const camel = (field: string) => field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    const violations = err.violations.map((v) => ({ ...v, field: camel(v.field) }));
    throw new AppError("INVALID_ARGUMENT", violations.map((v) => `${v.field}: ${v.message}`).join("; "), violations);
  }
}
