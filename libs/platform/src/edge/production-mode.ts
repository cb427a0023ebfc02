import { GraphQLError, type ValidationRule } from "graphql";

/**
 * What a production endpoint (gateway, BFF) lets an error say. Development keeps every message as it
 * is, suggestions included, because that is what makes GraphiQL friendly.
 */

/** The shape both GraphQL servers format to: a message and the coded extensions. */
interface FormattedError {
  message: string;
  extensions?: Readonly<Record<string, unknown>>;
}

/**
 * The message without graphql-js' field, argument, type and enum value suggestions ("Did you mean
 * …?"): they let a caller who cannot introspect the schema discover it one typo at a time.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .+\?$/s, "");
}

/**
 * An error as production shows it: no suggestions, and an unexpected error (INTERNAL_SERVER_ERROR,
 * whatever its message said: a library's text, an upstream address) only as "internal error" with
 * the request id, which is what the logs are searched by.
 */
export function productionError<E extends FormattedError>(error: E): E {
  const requestId = error.extensions?.requestId;
  if (error.extensions?.code === "INTERNAL_SERVER_ERROR")
    return {
      ...error,
      message: typeof requestId === "string" ? `internal error (request id ${requestId})` : "internal error",
    };
  return { ...error, message: withoutSuggestions(error.message) };
}

/**
 * Refuses introspection (`__schema`, `__type`; `__typename` stays): one error per meta-field asked for,
 * where graphql-js' NoSchemaIntrospectionCustomRule reports every field below it too. Clients get the
 * schema with their SDK, not from the endpoint.
 */
export const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === "__schema" || node.name.value === "__type") {
      context.reportError(
        new GraphQLError(`introspection is disabled in production: ${node.name.value} cannot be queried`, {
          nodes: [node],
        }),
      );
      return false;
    }
    return undefined;
  },
});
