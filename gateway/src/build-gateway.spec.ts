import "./telemetry-off";
import pino from "pino";
import { buildGateway } from "./build-gateway";
import { loadGatewayConfig } from "./config";

/**
 * Shutdown must run to its end: `npm stop` and orchestrators wait for the gateway to exit, and the
 * code after `close()` (exit 0) only runs when it returns. Apollo's drain plugin used to call
 * Fastify's close from inside Fastify's own close, so it never returned.
 */
describe("gateway shutdown", () => {
  it("closes after it has listened, so the process can exit on its own terms", async () => {
    const config = { ...loadGatewayConfig({ EMPORIUM_GATEWAY_PORT: "0" }), port: 0 };
    const app = await buildGateway(config, pino({ level: "silent" }));
    await app.listen({ host: "127.0.0.1", port: 0 });
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);

    let closed = false;
    await app.close().then(() => (closed = true));

    expect(closed).toBe(true);
    expect(app.server.listening).toBe(false);
  }, 20_000);
});
