import { BFFS, SERVICES, loadTestRateLimitEnv, rpcUrlVariable } from "@emporium/registry";
import { platformProcesses } from "./stack-plan";

/** What `npm start` runs and `npm stop` stops, as a plan (no process is started here). */
describe("the local platform's processes", () => {
  const issuer = "http://127.0.0.1:8080/realms/emporium";

  it("starts the services, then the gateway, then both BFFs (npm stop takes them in reverse)", () => {
    const names = platformProcesses({}, issuer).map((p) => p.name);
    expect(names).toEqual([...SERVICES.map((s) => s.name), "gateway", "bff-web", "bff-mobile"]);
  });

  it("runs each BFF from its main.ts on its registry port, told where every service's RPC port is", () => {
    const plan = platformProcesses({}, issuer);
    for (const bff of BFFS) {
      const spec = plan.find((p) => p.name === bff.name)!;
      const variable = bff.name === "bff-web" ? "EMPORIUM_BFF_WEB_PORT" : "EMPORIUM_BFF_MOBILE_PORT";
      expect(spec).toMatchObject({
        entry: `${bff.name}/src/main.ts`,
        ports: [{ port: bff.httpPort, what: "HTTP", envVar: variable }],
        readyUrl: `http://127.0.0.1:${bff.httpPort}/readyz`,
      });
      expect(spec.env).toMatchObject({ [variable]: String(bff.httpPort), EMPORIUM_AUTH_ISSUER: issuer });
      for (const service of SERVICES)
        expect(spec.env[rpcUrlVariable(service.name)]).toBe(`http://127.0.0.1:${service.rpcPort}`);
      // Its client secret is the realm's development one, its config's default, as for the services.
      expect(Object.keys(spec.env).filter((k) => k.endsWith("CLIENT_SECRET"))).toEqual([]);
    }
  });

  it("gives each service and BFF its own broker URL, and the gateway none", () => {
    const urls = Object.fromEntries(
      [...SERVICES, ...BFFS].map((p) => [p.name, `amqp://${p.name}:secret@127.0.0.1:5672/emporium`]),
    );
    const plan = platformProcesses({}, issuer, urls);
    expect(plan.find((p) => p.name === "bff-web")!.env.EMPORIUM_BFF_WEB_AMQP_URL).toBe(urls["bff-web"]);
    expect(plan.find((p) => p.name === "bff-mobile")!.env.EMPORIUM_BFF_MOBILE_AMQP_URL).toBe(urls["bff-mobile"]);
    expect(plan.find((p) => p.name === "orders")!.env.EMPORIUM_ORDERS_AMQP_URL).toBe(urls.orders);
    expect(Object.keys(plan.find((p) => p.name === "gateway")!.env).filter((k) => k.includes("AMQP"))).toEqual([]);
  });

  it("moves a BFF's port and the services' RPC URLs with the variables the processes read", () => {
    const plan = platformProcesses(
      {},
      issuer,
      {},
      { EMPORIUM_BFF_MOBILE_PORT: "14002", EMPORIUM_CATALOG_RPC_PORT: "15051" },
    );
    const mobile = plan.find((p) => p.name === "bff-mobile")!;
    expect(mobile.ports).toEqual([{ port: 14002, what: "HTTP", envVar: "EMPORIUM_BFF_MOBILE_PORT" }]);
    expect(mobile.readyUrl).toBe("http://127.0.0.1:14002/readyz");
    expect(mobile.env.EMPORIUM_CATALOG_RPC_URL).toBe("http://127.0.0.1:15051");
    expect(plan.find((p) => p.name === "bff-web")!.env.EMPORIUM_CATALOG_RPC_URL).toBe("http://127.0.0.1:15051");
  });

  it("gives every process budgets no benchmark exhausts, unless the environment sets one of its budgets", () => {
    const plan = platformProcesses({}, issuer, {}, { EMPORIUM_GATEWAY_RATE_LIMIT_ANONYMOUS: "30" });
    for (const spec of plan.filter((p) => p.name !== "gateway"))
      expect(spec.env).toMatchObject(loadTestRateLimitEnv(spec.name));
    expect(plan.find((p) => p.name === "catalog")!.env.EMPORIUM_CATALOG_RPC_RATE_LIMIT_USER).toBe("1000000000");
    // The gateway keeps its default window and other budgets; the supervisor passes the caller's value through.
    const gateway = plan.find((p) => p.name === "gateway")!.env;
    expect(Object.keys(gateway).filter((k) => k.includes("RATE_LIMIT"))).toEqual([]);
  });
});
