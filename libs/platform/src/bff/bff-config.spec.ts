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
    });
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
    });
    expect(config).toMatchObject({ port: 14001, clientSecret: "s3cret", callTimeoutMs: 750 });
    expect(config.rpcUrls.orders).toBe("http://orders.internal:50053");
  });

  it("fails fast naming every bad variable", () => {
    expect(() => loadBffConfig("bff-web", { EMPORIUM_BFF_WEB_PORT: "http", EMPORIUM_CATALOG_RPC_URL: "nope" })).toThrow(
      ConfigError,
    );
    expect(() => loadBffConfig("bff-web", { EMPORIUM_BFF_WEB_PORT: "http", EMPORIUM_CATALOG_RPC_URL: "nope" })).toThrow(
      /EMPORIUM_BFF_WEB_PORT[\s\S]*EMPORIUM_CATALOG_RPC_URL/,
    );
  });
});
