import "../telemetry-off";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloGateway, LocalGraphQLDataSource, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { subgraphSdlPath } from "@emporium/registry";
import { REPO_ROOT, SUPERGRAPH_PATH } from "./compose-supergraph";

const KETTLE = { id: "p-kettle", name: "Kettle", description: "Boils water." };

/** The catalog subgraph's real SDL with one stub product, run in-process. */
const catalog = new LocalGraphQLDataSource(
  buildSubgraphSchema([
    {
      typeDefs: parse(readFileSync(path.join(REPO_ROOT, subgraphSdlPath("catalog")), "utf8")),
      resolvers: {
        Query: { product: (_: unknown, args: { id: string }) => (args.id === KETTLE.id ? KETTLE : null) },
        Product: { __resolveReference: (ref: { id: string }) => (ref.id === KETTLE.id ? KETTLE : null) },
      } as never,
    },
  ]),
);

/** Every other subgraph is down: each fetch fails as a refused connection does. */
const down: GraphQLDataSource = { process: () => Promise.reject(new Error("connect ECONNREFUSED")) };

/**
 * The committed supergraph under a subgraph outage: fields reviews and notifications contribute to
 * catalog's Product are nullable, so their failure costs those fields only, never the product.
 */
describe("a subgraph that contributes fields to another's entity is down", () => {
  let server: ApolloServer;
  beforeAll(async () => {
    const gateway = new ApolloGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
      buildService: ({ name }) => (name === "catalog" ? catalog : down),
    });
    server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
    await server.start();
  });
  afterAll(() => server.stop());

  it("the product still answers, with its contributed fields null and an error for each", async () => {
    const response = await server.executeOperation({
      query: `query($id: ID!) { product(id: $id) { id name watchedByMe reviews(first: 2) { edges { cursor } } } }`,
      variables: { id: KETTLE.id },
    });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    const { data, errors } = response.body.singleResult;
    expect(data).toEqual({ product: { id: KETTLE.id, name: KETTLE.name, watchedByMe: null, reviews: null } });
    expect(errors?.length).toBeGreaterThanOrEqual(2);
  });
});
