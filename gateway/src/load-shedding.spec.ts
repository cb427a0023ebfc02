import "./telemetry-off";
import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema } from "@apollo/subgraph";
import Fastify, { type FastifyInstance } from "fastify";
import { parse } from "graphql";
import mercurius from "mercurius";
import pino from "pino";
import { buildGateway } from "./build-gateway";
import { loadGatewayConfig } from "./config";

const SDL = "type Query { held: String! }";

/**
 * The gateway sheds before its token check, edge policy and planning: with one query held in a
 * subgraph at an in-flight limit of 1, the next gets 503 OVERLOADED with Retry-After at once (before
 * the held one is released), the probes are still answered, and the held query then completes.
 */
describe("the gateway at its in-flight limit", () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  let subgraph: FastifyInstance;
  let gateway: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    subgraph = Fastify();
    const held = async () => {
      entered();
      await released;
      return "done";
    };
    await subgraph.register(mercurius, {
      schema: buildSubgraphSchema([{ typeDefs: parse(SDL), resolvers: { Query: { held } } as never }]),
      path: "/graphql",
    });
    const subgraphUrl = `${await subgraph.listen({ host: "127.0.0.1", port: 0 })}/graphql`;
    const composed = composeServices([{ name: "held", url: subgraphUrl, typeDefs: parse(SDL) }]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("\n"));
    const config = loadGatewayConfig({
      EMPORIUM_GATEWAY_LOAD_MAX_IN_FLIGHT: "1",
      EMPORIUM_GATEWAY_LOAD_RETRY_AFTER_SECONDS: "2",
    });
    gateway = await buildGateway(
      { ...config, subgraphUrls: { held: subgraphUrl } },
      pino({ level: "silent" }),
      composed.supergraphSdl,
    );
    url = await gateway.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    release();
    await gateway?.close();
    await subgraph?.close();
  });

  const ask = () =>
    fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ held }" }),
    }).then(async (res) => ({
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body: await res.json(),
    }));

  it("refuses the excess with 503 OVERLOADED before the held query ends; the held one completes", async () => {
    const admitted = ask();
    await inside;
    const refused = await ask();
    const probes = await Promise.all(["/healthz", "/metrics"].map((p) => fetch(`${url}${p}`)));
    release();

    expect(refused).toEqual({
      status: 503,
      retryAfter: "2",
      body: {
        errors: [
          {
            message: "gateway is overloaded (1 request in flight, its limit); retry in 2 s",
            extensions: {
              code: "OVERLOADED",
              requestId: expect.any(String),
              reason: "in_flight",
              retryAfterSeconds: 2,
            },
          },
        ],
      },
    });
    expect(probes.map((res) => res.status)).toEqual([200, 200]);
    expect(await admitted).toMatchObject({ status: 200, body: { data: { held: "done" } } });
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(
      /load_shed_total\{listener="http",reason="in_flight",service="gateway"\} 1\n/,
    );
  });
});
