import { buildSchema, parse, validate } from "graphql";
import { noIntrospection, productionError, withoutSuggestions } from "./production-mode";

describe("what production lets an error say", () => {
  it("drops every kind of suggestion graphql-js makes, and keeps the rest of the message", () => {
    expect(withoutSuggestions('Cannot query field "prodcts" on type "Query". Did you mean "products"?')).toBe(
      'Cannot query field "prodcts" on type "Query".',
    );
    expect(
      withoutSuggestions(
        'Unknown argument "frist" on field "Query.products". Did you mean "first", "after", or "sort"?',
      ),
    ).toBe('Unknown argument "frist" on field "Query.products".');
    expect(
      withoutSuggestions(
        'Variable "$sort" got invalid value "NAM"; Value "NAM" does not exist in "ProductSort" enum. Did you mean the enum value "NAME"?',
      ),
    ).toBe('Variable "$sort" got invalid value "NAM"; Value "NAM" does not exist in "ProductSort" enum.');
    expect(withoutSuggestions("order o-1 does not exist")).toBe("order o-1 does not exist");
  });

  it("masks an unexpected error to 'internal error' with its request id, and leaves coded ones be", () => {
    const internal = {
      message: "Unexpected error value: TypeError: fetch failed",
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "r-1" },
    };
    expect(productionError(internal)).toEqual({ ...internal, message: "internal error (request id r-1)" });
    const refused = { message: "not yours", path: ["order"], extensions: { code: "FORBIDDEN", requestId: "r-1" } };
    expect(productionError(refused)).toEqual(refused);
  });

  it("refuses __schema and __type wherever they are asked (aliases, fragments), once each; __typename passes", () => {
    const schema = buildSchema("type Query { hello: String }");
    const messages = (query: string) => validate(schema, parse(query), [noIntrospection]).map((e) => e.message);
    expect(messages("{ __typename hello }")).toEqual([]);
    expect(messages("{ s: __schema { types { name fields { name } } } }")).toEqual([
      "introspection is disabled in production: __schema cannot be queried",
    ]);
    expect(messages('{ ...F } fragment F on Query { __type(name: "Query") { name } }')).toEqual([
      "introspection is disabled in production: __type cannot be queried",
    ]);
  });
});
