import type { FastifyInstance } from "fastify";
import pino from "pino";
import { documentHash } from "@emporium/platform";
import { rpcUrlVariable, SERVICES } from "@emporium/registry";
import { testKeycloak } from "@emporium/testing";
import persistedDocuments from "../persisted-documents.json";
import { buildBffWebApp } from "../src/app";
import { loadBffWebConfig } from "../src/config";

const STRANGER = "query Stranger { categories { id } }";
const NOTE = "operation not among the persisted documents";

/**
 * In production bff-web runs documents sent as text (web pages and partners write their own) and logs
 * each one its persisted documents lack, so the team sees who sends what. Every service points at a
 * closed port: the log line is written before any call.
 */
describe("bff-web's unknown documents in production", () => {
  const kc = testKeycloak();
  const closed = Object.fromEntries(SERVICES.map((s) => [rpcUrlVariable(s.name), "http://127.0.0.1:9"]));
  const logged: Array<Record<string, unknown>> = [];
  let app: FastifyInstance;
  const post = (payload: object) =>
    app.inject({ method: "POST", url: "/graphql", payload, headers: { "x-request-id": "req-web" } });

  beforeAll(async () => {
    app = await buildBffWebApp(
      loadBffWebConfig({ EMPORIUM_ENV: "production", EMPORIUM_AUTH_ISSUER: kc.issuer, ...closed }),
      pino(
        { level: "info" },
        { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
      ),
    );
  });
  afterAll(() => app?.close());

  it("runs a document it does not know and logs its hash and operation name", async () => {
    logged.length = 0;
    const res = await post({ query: STRANGER, operationName: "Stranger" });
    expect(res.statusCode).toBe(200);
    expect(res.json().errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(["UNAVAILABLE"]);
    expect(logged.filter((l) => l.msg === NOTE)).toEqual([
      expect.objectContaining({ documentHash: documentHash(STRANGER), operationName: "Stranger", reqId: "req-web" }),
    ]);
  });

  it("does not log the documents its clients were generated with, by text or by hash", async () => {
    const [hash, text] = Object.entries(persistedDocuments).find(([, t]) => t.startsWith("query Categories"))!;
    logged.length = 0;
    await post({ query: text });
    await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(logged.filter((l) => l.msg === NOTE)).toEqual([]);
  });
});
