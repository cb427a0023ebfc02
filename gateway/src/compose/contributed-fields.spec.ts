import { parse } from "graphql";
import { contributedFieldProblems } from "./contributed-fields";

const catalog = {
  name: "catalog",
  typeDefs: parse(`type Product @key(fields: "id") { id: ID! name: String! }
    type Query { product(id: ID!): Product }`),
};
const sdl = (name: string, text: string) => ({ name, typeDefs: parse(text) });

describe("fields a subgraph contributes to another's entity", () => {
  it("may be nullable; the owner's own fields, keys and @external fields may be non-null", () => {
    const reviews = sdl(
      "reviews",
      `type Product @key(fields: "id") { id: ID! name: String! @external rating: Float summary: String @requires(fields: "name") }`,
    );
    expect(contributedFieldProblems([catalog, reviews], { Product: "catalog" })).toEqual([]);
  });

  it("are refused when non-null, naming the field, the subgraph and the owner", () => {
    const reviews = sdl("reviews", `type Product @key(fields: "id") { id: ID! reviewCount: Int! }`);
    expect(contributedFieldProblems([catalog, reviews], { Product: "catalog" })).toEqual([
      "reviews contributes Product.reviewCount to catalog's entity as non-null: " +
        "make it nullable so that reviews failing nulls the field, not the Product",
    ]);
  });

  it("need the entity's owner named when more than one subgraph declares it", () => {
    const inventory = sdl("inventory", `extend type Product @key(fields: "id") { id: ID! stock: Int }`);
    expect(contributedFieldProblems([catalog, inventory], {})).toEqual([
      "entity Product is declared by catalog, inventory: name the subgraph that owns it in ENTITY_OWNERS",
    ]);
  });

  it("leave entities only one subgraph declares alone", () => {
    expect(contributedFieldProblems([catalog], {})).toEqual([]);
  });
});
