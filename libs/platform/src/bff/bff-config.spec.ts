import { SERVICES } from "@emporium/registry";
import { ConfigError } from "../config/load-config";
import { loadBffConfig } from "./bff-config";

describe("loadBffConfig", () => {
  it("defaults to the BFF's registry port, its realm client's development secret and every service's local RPC port", () => {
    const config = loadBffConfig("bff-mobile", {});
    expect(config).toMatchObject({
      name: "bff-mobile",
      host: "127.0.0.1",
      port: 4002,
      clientSecret: "dev-only-bff-mobile-secret",
      authIssuer: "http://127.0.0.1:8080/realms/emporium",
      callTimeoutMs: 3_000,
      requiredUpstreams: ["catalog"],
      subscriptions: {
        maxConnectionsPerPrincipal: 10,
        maxSubscriptionsPerConnection: 25,
        maxMessageBytes: 65_536,
        idleTimeoutMs: 60_000,
        connectionInitTimeoutMs: 5_000,
      },
    });
    expect(config.amqpUrl).toBeUndefined();
    expect(Object.keys(config.rpcUrls)).toEqual(SERVICES.map((s) => s.name));
    expect(config.rpcUrls.catalog).toBe("http://127.0.0.1:50051");
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads EMPORIUM_BFF_<NAME>_* and each service's EMPORIUM_<SERVICE>_RPC_URL", () => {
    const config = loadBffConfig("bff-web", {
      EMPORIUM_BFF_WEB_PORT: "14001",
      EMPORIUM_BFF_WEB_CLIENT_SECRET: "s3cret",
      EMPORIUM_BFF_WEB_CALL_TIMEOUT_MS: "750",
      EMPORIUM_BFF_MOBILE_PORT: "1", // another BFF's
      EMPORIUM_ORDERS_RPC_URL: "http://orders.internal:50053",
      EMPORIUM_BFF_WEB_AMQP_URL: "amqp://bff-web:pw@127.0.0.1:5672/emporium",
      EMPORIUM_BFF_WEB_WS_MAX_CONNECTIONS_PER_PRINCIPAL: "3",
      EMPORIUM_BFF_WEB_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "4",
      EMPORIUM_BFF_WEB_WS_MAX_MESSAGE_BYTES: "1024",
      EMPORIUM_BFF_WEB_WS_IDLE_TIMEOUT_MS: "5000",
      EMPORIUM_BFF_WEB_WS_CONNECTION_INIT_TIMEOUT_MS: "800",
      EMPORIUM_BFF_MOBILE_WS_IDLE_TIMEOUT_MS: "1", // another BFF's
    });
    expect(config).toMatchObject({
      port: 14001,
      clientSecret: "s3cret",
      callTimeoutMs: 750,
      amqpUrl: "amqp://bff-web:pw@127.0.0.1:5672/emporium",
      subscriptions: {
        maxConnectionsPerPrincipal: 3,
        maxSubscriptionsPerConnection: 4,
        maxMessageBytes: 1024,
        idleTimeoutMs: 5000,
        connectionInitTimeoutMs: 800,
      },
    });
    expect(config.rpcUrls.orders).toBe("http://orders.internal:50053");
  });

  it("reads the services readiness requires (EMPORIUM_BFF_<NAME>_REQUIRED_UPSTREAMS) and refuses unknown names", () => {
    const env = { EMPORIUM_BFF_WEB_REQUIRED_UPSTREAMS: "catalog, inventory" };
    expect(loadBffConfig("bff-web", env).requiredUpstreams).toEqual(["catalog", "inventory"]);
    expect(() => loadBffConfig("bff-web", { EMPORIUM_BFF_WEB_REQUIRED_UPSTREAMS: "catalog,katalog" })).toThrow(
      /EMPORIUM_BFF_WEB_REQUIRED_UPSTREAMS: must be comma-separated names among catalog/,
    );
  });

  it("fails fast naming every bad variable", () => {
    expect(() => loadBffConfig("bff-web", { EMPORIUM_BFF_WEB_PORT: "http", EMPORIUM_CATALOG_RPC_URL: "nope" })).toThrow(
      ConfigError,
    );
    expect(() => loadBffConfig("bff-web", { EMPORIUM_BFF_WEB_PORT: "http", EMPORIUM_CATALOG_RPC_URL: "nope" })).toThrow(
      /EMPORIUM_BFF_WEB_PORT[\s\S]*EMPORIUM_CATALOG_RPC_URL/,
    );
  });

  it("refuses a broker URL that is not amqp(s) and a subscription limit below 1", () => {
    expect(() =>
      loadBffConfig("bff-web", {
        EMPORIUM_BFF_WEB_AMQP_URL: "http://broker",
        EMPORIUM_BFF_WEB_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "0",
        EMPORIUM_BFF_WEB_WS_IDLE_TIMEOUT_MS: "soon",
      }),
    ).toThrow(
      /EMPORIUM_BFF_WEB_AMQP_URL: must be an amqp[\s\S]*WS_MAX_SUBSCRIPTIONS_PER_CONNECTION[\s\S]*WS_IDLE_TIMEOUT_MS/,
    );
  });
});
