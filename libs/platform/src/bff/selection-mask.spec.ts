import { buildSchema, execute, parse, type GraphQLResolveInfo } from "graphql";
import { selectionMask, type SelectionFields, type SelectionMaskOptions } from "./selection-mask";

const schema = buildSchema(`
  type Query { product: Product, products: ProductConnection }
  type ProductConnection { edges: [ProductEdge!]!, nodes: [Product!]!, pageInfo: PageInfo! }
  type ProductEdge { cursor: String!, node: Product! }
  type PageInfo { hasNextPage: Boolean! }
  type Product {
    id: ID!
    name: String!
    description: String
    category: Category
    skus: [Sku!]!
    priceRange: String
    availability: String
    rating: Float
  }
  type Category { id: ID!, name: String! }
  type Sku { id: ID!, code: String!, price: Money!, weight: String, formatted: String }
  type Money { amount: String!, currency: String! }
`);

/** Product's GraphQL fields → the proto fields of emporium.catalog.v1.Product behind them. */
const PRODUCT: SelectionFields = {
  id: "id",
  name: "name",
  description: "description",
  category: "category_id",
  "category.name": "category_name",
  skus: "skus",
  "skus.id": "skus.id",
  "skus.code": "skus.code",
  "skus.price": "skus.price",
  priceRange: ["skus.price"],
  availability: [], // inventory's
};

/** The mask selectionMask makes for `query`, from the resolver of its first root field. */
function maskOf(query: string, options?: SelectionMaskOptions, variables?: Record<string, unknown>): string[] {
  let paths: string[] = [];
  const capture = (_a: unknown, _b: unknown, info: GraphQLResolveInfo) => {
    paths = selectionMask(info, PRODUCT, options).paths;
    return null;
  };
  const result = execute({
    schema,
    document: parse(query),
    rootValue: { product: capture, products: capture },
    fieldResolver: (source, args, ctx, info) => {
      const value = (source as Record<string, unknown> | null)?.[info.fieldName];
      return typeof value === "function" ? value(args, ctx, info) : value;
    },
    variableValues: variables,
  });
  if ("errors" in result && result.errors) throw result.errors[0];
  return paths;
}

describe("selectionMask", () => {
  it("maps selected fields to their proto paths, by field name whatever the alias", () => {
    expect(maskOf("{ product { id title: name description } }")).toEqual(["description", "id", "name"]);
  });

  it("follows fragments and inline fragments, and ignores __typename", () => {
    const query = `
      query { product { __typename ...Basics ... on Product { description } } }
      fragment Basics on Product { id ...Deeper }
      fragment Deeper on Product { name }`;
    expect(maskOf(query)).toEqual(["description", "id", "name"]);
  });

  it("maps nested selections to nested proto paths", () => {
    expect(maskOf("{ product { skus { code price { amount } } } }")).toEqual(["skus.code", "skus.price"]);
    expect(maskOf("{ product { category { name } } }")).toEqual(["category_name"]);
  });

  it("takes the whole parent for a nested field nobody mapped, and nothing for a field from elsewhere", () => {
    expect(maskOf("{ product { skus { code formatted } } }")).toEqual(["skus"]);
    expect(maskOf("{ product { name availability rating } }")).toEqual(["name"]);
    expect(maskOf("{ product { skus { __typename } } }")).toEqual(["skus"]);
  });

  it("maps a computed field to every proto field it needs, and drops a path its parent covers", () => {
    expect(maskOf("{ product { priceRange } }")).toEqual(["skus.price"]);
    expect(maskOf("{ product { priceRange skus { weight } } }")).toEqual(["skus"]);
  });

  it("honours @skip and @include, also with variables", () => {
    const query = "query($more: Boolean!) { product { id name @skip(if: true) description @include(if: $more) } }";
    expect(maskOf(query, {}, { more: false })).toEqual(["id"]);
    expect(maskOf(query, {}, { more: true })).toEqual(["description", "id"]);
  });

  it("reads the resource where a connection puts it", () => {
    const query = "{ products { edges { cursor node { id } } nodes { name } pageInfo { hasNextPage } } }";
    expect(maskOf(query, { under: "edges.node" })).toEqual(["id"]);
    expect(maskOf(query, { under: ["edges.node", "nodes"] })).toEqual(["id", "name"]);
  });
});
