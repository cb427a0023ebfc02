import { buildSchema, parse, validate } from "graphql";
import { bffWebResolvers, bffWebSchema } from "../src/graph";
import { webSubscriptionResolvers } from "../src/graph/live-resolvers";
import { bffWebExamples } from "../src/graph/examples";

describe("bff-web's schema", () => {
  const schema = buildSchema(bffWebSchema);

  it.each(bffWebExamples.map((e) => [e.title, e]))(
    "GraphiQL's example %s is a valid operation of it",
    (_title, example) => {
      expect(validate(schema, parse(example.query)).map((e) => e.message)).toEqual([]);
      if (example.variables) expect(() => JSON.parse(example.variables!)).not.toThrow();
    },
  );

  it("has an example for every screen's root field", () => {
    const used = new Set(bffWebExamples.flatMap((e) => [...e.query.matchAll(/^\s{2}(\w+)[(\s{]/gm)].map((m) => m[1])));
    const roots = [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!].flatMap((t) =>
      Object.keys(t.getFields()),
    );
    const screens = [
      "products",
      "product",
      "cart",
      "addCartLine",
      "quoteCheckout",
      "placeOrder",
      "myOrders",
      "order",
      "me",
      "myNotifications",
      "orderStatusChanged",
      "productAvailabilityChanged",
    ];
    expect(screens.filter((s) => !used.has(s))).toEqual([]);
    expect(screens.every((s) => roots.includes(s))).toBe(true);
  });

  it("resolves every root field it declares", () => {
    const resolvers = bffWebResolvers as Record<string, Record<string, unknown>>;
    for (const type of [schema.getQueryType()!, schema.getMutationType()!])
      expect(Object.keys(type.getFields()).filter((f) => typeof resolvers[type.name]?.[f] !== "function")).toEqual([]);
    const live = webSubscriptionResolvers({ asBff: {} } as never, undefined) as Record<string, { subscribe?: unknown }>;
    const subscriptions = Object.keys(schema.getSubscriptionType()!.getFields());
    expect(subscriptions.filter((f) => typeof live[f]?.subscribe !== "function")).toEqual([]);
  });
});
