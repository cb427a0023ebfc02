import type { GraphQLResolveInfo } from "graphql";
import { AppError } from "@emporium/platform";
import type { MobileContext } from "../src/graph/context";
import { homeScreenResolvers, MAX_HOME_PRODUCTS } from "../src/graph/resolvers/home-screen";
import { MAX_SCREEN_REVIEWS, productScreenResolvers } from "../src/graph/resolvers/product-screen";

/** A context and resolve info that fail the test if a resolver reaches for them: nothing may be called. */
const untouchable = <T>() =>
  new Proxy(
    {},
    {
      get: (_target, property) => {
        throw new Error(`the resolver used ${String(property)} before refusing`);
      },
    },
  ) as T;

async function refusalOf(run: () => unknown) {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, violations: error.violations };
    throw error;
  }
  throw new Error("accepted");
}

/** bff-mobile's screens show a few items; their list arguments are bounded before any call is made. */
describe("bff-mobile's list arguments", () => {
  const outOfRange = {
    code: "INVALID_ARGUMENT",
    violations: [expect.objectContaining({ field: "first", ruleId: "first.range" })],
  };

  it(`homeScreen takes first in 1..${MAX_HOME_PRODUCTS}`, async () => {
    const home = (first: number) => homeScreenResolvers.Query.homeScreen(null, { first });
    expect(home(MAX_HOME_PRODUCTS)).toMatchObject({ first: MAX_HOME_PRODUCTS });
    for (const first of [0, MAX_HOME_PRODUCTS + 1]) expect(await refusalOf(() => home(first))).toEqual(outOfRange);
  });

  it(`the product screen's reviews take first in 1..${MAX_SCREEN_REVIEWS}`, async () => {
    const reviews = (first: number) =>
      productScreenResolvers.ProductScreen.reviews(
        { id: "p-1" } as never,
        { first },
        untouchable<MobileContext>(),
        untouchable<GraphQLResolveInfo>(),
      );
    for (const first of [0, MAX_SCREEN_REVIEWS + 1]) expect(await refusalOf(() => reviews(first))).toEqual(outOfRange);
    await expect(reviews(MAX_SCREEN_REVIEWS)).rejects.toThrow(/used/); // within the bound it goes on to its work
  });
});
