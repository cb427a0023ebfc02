import { buildSchema, parse, validate } from "graphql";
import { mobileSchema } from "../src/graph";
import { mobileExamples } from "../src/graph/examples";

describe("bff-mobile's GraphiQL examples", () => {
  const schema = buildSchema(mobileSchema);

  it("has one per screen and per mutation, each valid against the schema", () => {
    const operations = mobileExamples.map((e) => /(?:query|mutation) (\w+)/.exec(e.query)?.[1]);
    expect(operations).toEqual([
      "HomeScreen",
      "ProductScreen",
      "AddToCart",
      "CartScreen",
      "CheckoutScreen",
      "PlaceOrder",
      "OrderTrackingScreen",
    ]);
    for (const e of mobileExamples) {
      expect([e.title, validate(schema, parse(e.query)).map((err) => err.message)]).toEqual([e.title, []]);
      if (e.variables) expect(() => JSON.parse(e.variables!)).not.toThrow();
    }
  });

  it("covers every root field", () => {
    const asked = mobileExamples.map((e) => e.query).join("\n");
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) => Object.keys(t.getFields()));
    expect(roots.filter((field) => !asked.includes(`${field}(`) && !asked.includes(`${field} {`))).toEqual([]);
  });
});
