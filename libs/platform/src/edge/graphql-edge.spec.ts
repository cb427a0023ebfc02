import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSubgraphSchema } from "@apollo/subgraph";
import Fastify, { type FastifyInstance } from "fastify";
import { buildSchema, parse } from "graphql";
import pino from "pino";
import {
  describeGraphqlEdgeChecks,
  EDGE_CHECK_SDL,
  testKeycloak,
  type EdgeEndpoint,
  type EdgeLimits,
  type EdgeRequest,
} from "@emporium/testing";
import { createBffApp } from "../bff/create-bff-app";
import { documentHash } from "../bff/persisted-documents";
import { graphqlSubgraph } from "../graphql/graphql-subgraph";
import { checkGraphqlLimits, DEFAULT_GRAPHQL_LIMITS } from "./graphql-limits";

/** Resolvers of EDGE_CHECK_SDL that count their runs. */
function countedResolvers() {
  let runs = 0;
  const counted =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      runs++;
      return f(...args);
    };
  const item = (id: string) => ({ id });
  return {
    runs: () => runs,
    resolvers: {
      Query: {
        hello: counted(() => "hello"),
        item: counted(() => item("i-1")),
        items: counted((_root: unknown, args: { first: number }) =>
          Array.from({ length: args.first }, (_, i) => item(`i-${i}`)),
        ),
      },
      Item: {
        label: counted((parent: { id: string }) => `item ${parent.id}`),
        next: counted((parent: { id: string }) => item(`${parent.id}+`)),
      },
    },
  };
}

const schema = buildSchema(EDGE_CHECK_SDL);
const check = (document: string, variables: Record<string, unknown> | undefined, limits: EdgeLimits) =>
  checkGraphqlLimits(schema, parse(document), variables, limits);

async function endpointOf(app: FastifyInstance, runs: () => number): Promise<EdgeEndpoint> {
  await app.ready();
  return {
    send: async (request: EdgeRequest) => {
      const res = await app.inject({ ...request, payload: request.body });
      return { status: res.statusCode, body: res.body };
    },
    resolverRuns: runs,
    close: () => app.close(),
  };
}

describeGraphqlEdgeChecks("a BFF (createBffApp)", {
  defaults: DEFAULT_GRAPHQL_LIMITS.bff,
  check,
  start: async (limits) => {
    const { resolvers, runs } = countedResolvers();
    const app = await createBffApp({
      name: "bff-edge",
      config: { authIssuer: testKeycloak().issuer, rpcUrls: {}, graphqlLimits: limits },
      logger: pino({ level: "silent" }),
      graph: { schema: EDGE_CHECK_SDL, resolvers, context: (request) => request, examples: [] },
    });
    return endpointOf(app, runs);
  },
});

describeGraphqlEdgeChecks("a subgraph (graphqlSubgraph)", {
  defaults: DEFAULT_GRAPHQL_LIMITS.subgraph,
  check,
  start: async (limits) => {
    const { resolvers, runs } = countedResolvers();
    const app = Fastify();
    await app.register(graphqlSubgraph, {
      schema: buildSubgraphSchema([{ typeDefs: parse(EDGE_CHECK_SDL), resolvers: resolvers as never }]),
      context: () => ({}),
      limits,
    });
    return endpointOf(app, runs);
  },
});

describe("a body sent in chunks, over a real socket", () => {
  it("is cut at maxBodyBytes: 413 PAYLOAD_TOO_LARGE, the connection closed, nothing run", async () => {
    const { resolvers, runs } = countedResolvers();
    const app = Fastify();
    const limits = { ...DEFAULT_GRAPHQL_LIMITS.subgraph, maxBodyBytes: 1_000 };
    await app.register(graphqlSubgraph, {
      schema: buildSubgraphSchema([{ typeDefs: parse(EDGE_CHECK_SDL), resolvers: resolvers as never }]),
      context: () => ({}),
      limits,
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const answer = await new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port: (app.server.address() as AddressInfo).port,
            method: "POST",
            path: "/graphql",
            headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
          },
          (res) => {
            let body = "";
            res.on("data", (chunk: Buffer) => (body += chunk.toString()));
            res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
          },
        );
        req.on("error", reject);
        req.write(`{"query":"{ hello }","padding":"`);
        // More than the limit, in chunks, without announcing a length.
        for (let i = 0; i < 4; i++) req.write("x".repeat(500));
        req.end(`"}`);
      });
      expect(answer.status).toBe(413);
      expect(answer.connection).toBe("close");
      expect(JSON.parse(answer.body)).toMatchObject({
        errors: [{ extensions: { code: "PAYLOAD_TOO_LARGE", max: 1_000 } }],
      });
      expect(runs()).toBe(0);
    } finally {
      await app.close();
    }
  });
});

describe("a BFF's persisted documents", () => {
  it("are held to the limits when sent by hash alone: the manifest's text is what is measured", async () => {
    const { resolvers, runs } = countedResolvers();
    const shallow = "{ item { id } }";
    const deep = "{ item { next { next { id } } } }";
    const app = await createBffApp({
      name: "bff-edge",
      config: {
        authIssuer: testKeycloak().issuer,
        rpcUrls: {},
        graphqlLimits: { ...DEFAULT_GRAPHQL_LIMITS.bff, maxDepth: 2 },
      },
      logger: pino({ level: "silent" }),
      graph: { schema: EDGE_CHECK_SDL, resolvers, context: (request) => request, examples: [] },
      persistedDocuments: { [documentHash(shallow)]: shallow, [documentHash(deep)]: deep },
    });
    try {
      const byHash = (text: string) =>
        app.inject({
          method: "POST",
          url: "/graphql",
          payload: { extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(text) } } },
        });
      expect((await byHash(shallow)).json()).toEqual({ data: { item: { id: "i-1" } } });
      const before = runs();
      const refused = await byHash(deep);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        errors: [{ extensions: { code: "GRAPHQL_LIMIT_EXCEEDED", limit: "maxDepth", max: 2, actual: 4 } }],
      });
      expect(runs()).toBe(before);
    } finally {
      await app.close();
    }
  });
});
