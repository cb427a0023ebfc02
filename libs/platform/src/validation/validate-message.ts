import { create, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { createValidator } from "@bufbuild/protovalidate";
import { AppError, invalidArgument } from "../errors/app-error";
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
 * GraphQL names input fields (`expectedTotal.amount`, not `expected_total.amount`), or as `renamed`
 * says where the input differs from the proto (`{ notification_id: "id" }`).
 */
export function validatedInput<Desc extends DescMessage>(
  schema: Desc,
  init: MessageInitShape<Desc>,
  renamed: Readonly<Record<string, string>> = {},
): MessageShape<Desc> {
  try {
    return validatedMessage(schema, init);
  } catch (err) {
    return inGraphqlPaths(err, renamed);
  }
}

/** A proto field path as GraphQL names the input field: `lines[0].sku_id` → `lines[0].skuId`. */
export const graphqlFieldPath = (protoPath: string) =>
  protoPath.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * Rethrows an INVALID_ARGUMENT with its violations named as the GraphQL input names them
 * (camelCase, or `renamed[protoPath]`); any other error passes unchanged. For a resolver's
 * `.catch()` after a use case that checks its request with the proto's rules.
 */
export function inGraphqlPaths(err: unknown, renamed: Readonly<Record<string, string>> = {}): never {
  if (!(err instanceof AppError) || err.code !== "INVALID_ARGUMENT") throw err;
  throw invalidArgument(err.violations.map((v) => ({ ...v, field: renamed[v.field] ?? graphqlFieldPath(v.field) })));
}
