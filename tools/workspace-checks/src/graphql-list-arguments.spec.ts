import { getNullableType, isInterfaceType, isListType, isObjectType, type GraphQLSchema } from "graphql";
import { DEFAULT_GRAPHQL_LIMITS } from "@emporium/platform";
import { SERVICES } from "@emporium/registry";
import { endpointSchemas, subgraphSchema } from "./committed-operations";

/**
 * Every argument that sizes a list, with the bound its resolver enforces (BAD_USER_INPUT beyond it,
 * with the kit's `connectionLimit` or, for a list of ids, its own count check). A new one fails this
 * check until it is bounded and listed here, so no list can be asked for without a limit.
 */
const BOUNDS: Record<string, number> = {
  "catalog Query.products(first)": 100,
  "notifications Query.myNotifications(first)": 100,
  "orders Query.ordersByStatus(first)": 100,
  "orders Customer.orders(first)": 100,
  "reviews Product.reviews(first)": 100,
  "bff-web Query.products(first)": 100,
  "bff-web Query.myOrders(first)": 100,
  "bff-web Query.myNotifications(first)": 100,
  "bff-web Product.reviews(first)": 100,
  "bff-web Subscription.productAvailabilityChanged(productIds)": 50, // MAX_WATCHED_PRODUCTS
  "bff-mobile Query.homeScreen(first)": 20, // MAX_HOME_PRODUCTS
  "bff-mobile ProductScreen.reviews(first)": 10, // MAX_SCREEN_REVIEWS
  "bff-mobile Subscription.productAvailabilityChanged(productIds)": 50,
};

/** Federation's entity batch: the gateway's, bounded by the cost and the body size, not a page. */
const NOT_A_PAGE = new Set(["Query._entities(representations)"]);

interface ListArgument {
  key: string;
  /** The SDL's default, if any. */
  defaultValue: unknown;
}

function listArguments(server: string, schema: GraphQLSchema): ListArgument[] {
  const found: ListArgument[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields()))
      for (const arg of field.args) {
        const coordinate = `${type.name}.${field.name}(${arg.name})`;
        if (NOT_A_PAGE.has(coordinate)) continue;
        if (["first", "last"].includes(arg.name) || isListType(getNullableType(arg.type)))
          found.push({ key: `${server} ${coordinate}`, defaultValue: arg.defaultValue });
      }
  }
  return found;
}

describe("every GraphQL argument that sizes a list is bounded", () => {
  const endpoints = endpointSchemas();
  const found = [
    ...SERVICES.filter((s) => s.subgraph).flatMap((s) => listArguments(s.name, subgraphSchema(s.name))),
    ...listArguments("bff-web", endpoints["bff-web"]),
    ...listArguments("bff-mobile", endpoints["bff-mobile"]),
  ];

  it("each one has a bound, and each listed bound still has its argument", () => {
    expect(found.map((a) => a.key).sort()).toEqual(Object.keys(BOUNDS).sort());
  });

  it("its default is within the bound, and the bound within the edge's list size", () => {
    for (const { key, defaultValue } of found) {
      const bound = BOUNDS[key]!;
      if (typeof defaultValue === "number") expect([key, defaultValue <= bound]).toEqual([key, true]);
      const kind = key.startsWith("bff-") ? "bff" : "subgraph";
      expect([key, bound <= DEFAULT_GRAPHQL_LIMITS[kind].maxListSize]).toEqual([key, true]);
      expect([key, bound <= DEFAULT_GRAPHQL_LIMITS.gateway.maxListSize]).toEqual([key, true]);
    }
  });
});
