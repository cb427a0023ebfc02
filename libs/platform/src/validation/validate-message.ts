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
