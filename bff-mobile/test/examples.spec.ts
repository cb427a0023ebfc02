import { buildSchema, parse, validate } from "graphql";
import { mobileSchema } from "../src/graph";
import { mobileExamples } from "../src/graph/examples";

describe("bff-mobile's GraphiQL examples", () => {
  const schema = buildSchema(mobileSchema);

  it("has one per screen, per mutation and for live tracking, each valid against the schema", () => {
    const operations = mobileExamples.map((e) => /(?:query|mutation|subscription) (\w+)/.exec(e.query)?.[1]);
    expect(operations).toEqual([
      "HomeScreen",
      "ProductScreen",
      "AddToCart",
      "CartScreen",
      "CheckoutScreen",
      "PlaceOrder",
      "OrderTrackingScreen",
      "OrderStatus",
    ]);
    for (const e of mobileExamples) {
      expect([e.title, validate(schema, parse(e.query)).map((err) => err.message)]).toEqual([e.title, []]);
      if (e.variables) expect(() => JSON.parse(e.variables!)).not.toThrow();
    }
  });

  it("covers every root field but the live ones only a client follows (notifications, stock)", () => {
    const asked = mobileExamples.map((e) => e.query).join("\n");
    const roots = [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!]
      .flatMap((t) => Object.keys(t.getFields()))
      .filter((field) => !["myNotifications", "productAvailabilityChanged"].includes(field));
    expect(roots.filter((field) => !asked.includes(`${field}(`) && !asked.includes(`${field} {`))).toEqual([]);
  });
});
