import type { FastifyInstance } from "fastify";
import pino from "pino";
import { rpcUrlVariable, SERVICES } from "@emporium/registry";
import { testKeycloak } from "@emporium/testing";
import persistedDocuments from "../persisted-documents.json";
import { buildBffMobileApp } from "../src/app";
import { loadBffMobileConfig } from "../src/config";

const HOME_SCREEN = Object.keys(persistedDocuments).find((hash) =>
  (persistedDocuments as Record<string, string>)[hash]!.includes("query HomeScreen"),
)!;
const STRANGER = "query Stranger { homeScreen { categories { id } } }";

/**
 * Trusted documents: in production bff-mobile runs the operations its app ships with (its persisted
 * documents, by hash) and nothing else; development runs any text, for GraphiQL and tools. Every
 * service points at a closed port: whether a document may run is decided before any call.
 */
describe("bff-mobile's trusted documents", () => {
  const kc = testKeycloak();
  const closed = Object.fromEntries(SERVICES.map((s) => [rpcUrlVariable(s.name), "http://127.0.0.1:9"]));
  const app = (mode: string) =>
    buildBffMobileApp(
      loadBffMobileConfig({ EMPORIUM_ENV: mode, EMPORIUM_AUTH_ISSUER: kc.issuer, ...closed }),
      pino({ level: "silent" }),
    );
  let production: FastifyInstance;
  let development: FastifyInstance;
  const post = (bff: FastifyInstance, payload: object) => bff.inject({ method: "POST", url: "/graphql", payload });
  const codes = (body: { errors?: Array<{ extensions: { code: string } }> }) =>
    (body.errors ?? []).map((e) => e.extensions.code);

  beforeAll(async () => {
    [production, development] = await Promise.all([app("production"), app("development")]);
  });
  afterAll(() => Promise.all([production?.close(), development?.close()]));

  it("runs a persisted document by its hash in production", async () => {
    const res = await post(production, {
      variables: { first: 2 },
      extensions: { persistedQuery: { version: 1, sha256Hash: HOME_SCREEN } },
    });
    expect(res.statusCode).toBe(200);
    // It ran: its resolvers called the (absent) catalog service.
    expect(res.json()).toMatchObject({ data: { homeScreen: { categories: null, products: null } } });
    expect(new Set(codes(res.json()))).toEqual(new Set(["UNAVAILABLE"]));
  });

  it("refuses any other operation in production: text, or a hash it does not know", async () => {
    const asText = await post(production, { query: STRANGER });
    expect(asText.statusCode).toBe(400);
    expect(asText.json()).toEqual({
      data: null,
      errors: [
        {
          message: "this server runs persisted documents only: send extensions.persistedQuery.sha256Hash",
          extensions: { code: "PERSISTED_QUERY_REQUIRED", requestId: expect.any(String) },
        },
      ],
    });
    const unknownHash = await post(production, {
      extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
    });
    expect([unknownHash.statusCode, codes(unknownHash.json())]).toEqual([400, ["PERSISTED_QUERY_NOT_FOUND"]]);
  });

  it("runs any text in development", async () => {
    const res = await post(development, { query: STRANGER });
    expect(res.statusCode).toBe(200);
    expect(new Set(codes(res.json()))).toEqual(new Set(["UNAVAILABLE"]));
  });
});
