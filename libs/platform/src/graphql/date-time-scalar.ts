import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { parseRfc3339 } from "../time/rfc3339";

const EXAMPLE = "2026-11-25T10:00:00.000Z";

function fromInput(value: unknown): Date {
  const date = typeof value === "string" ? parseRfc3339(value) : undefined;
  if (!date) throw new GraphQLError(`DateTime must be an RFC 3339 date-time with an offset, e.g. ${EXAMPLE}`);
  return date;
}

/**
 * The `DateTime` of every subgraph (docs/conventions.md, "Time"): resolvers return a `Date`,
 * clients see RFC 3339 in UTC with milliseconds; input must carry an offset. The description stays
 * in each subgraph's SDL, so the supergraph reads the same as before.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  serialize(value) {
    const date = value instanceof Date ? value : typeof value === "string" ? parseRfc3339(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError("DateTime cannot represent this value");
    return date.toISOString();
  },
  parseValue: fromInput,
  parseLiteral: (ast) => fromInput(ast.kind === Kind.STRING ? ast.value : undefined),
});
