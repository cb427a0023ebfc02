import { buildSchema, parse, subscribe } from "graphql";
import { attachSubscriptionResolvers, splitSubscriptionResolvers } from "./subscription-fields";

const sdl = "type Query { a: String } type Subscription { ticks: Int! }";

describe("Subscription resolvers on mercurius' schema", () => {
  it("keeps Subscription away from mercurius and runs its subscribe/resolve with graphql-js", async () => {
    const { http, subscription } = splitSubscriptionResolvers({
      Query: { a: () => "a" },
      Subscription: {
        ticks: {
          subscribe: async function* () {
            yield 1;
            yield 2;
          },
        },
      },
    });
    expect(Object.keys(http)).toEqual(["Query"]);
    const schema = buildSchema(sdl);
    attachSubscriptionResolvers(schema, subscription);
    const stream = (await subscribe({ schema, document: parse("subscription { ticks }") })) as AsyncIterable<unknown>;
    const seen: unknown[] = [];
    for await (const result of stream) seen.push(result);
    // Without `resolve`, each item is the field's value.
    expect(seen).toEqual([{ data: { ticks: 1 } }, { data: { ticks: 2 } }]);
  });

  it("fails at start-up naming what does not fit the schema", () => {
    const subscribe = async function* () {};
    expect(() => attachSubscriptionResolvers(buildSchema(sdl), { nope: { subscribe } })).toThrow(
      "Cannot find field nope of type Subscription",
    );
    expect(() =>
      attachSubscriptionResolvers(buildSchema("type Query { a: String }"), { ticks: { subscribe } }),
    ).toThrow(/no `type Subscription`/);
    expect(() =>
      attachSubscriptionResolvers(buildSchema(sdl), { ticks: {} as unknown as { subscribe: typeof subscribe } }),
    ).toThrow("Subscription.ticks needs { subscribe, resolve? }");
  });
});
