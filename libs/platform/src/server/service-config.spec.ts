import { loadServiceConfig } from "./service-config";

describe("service configuration from the environment", () => {
  const defaults = { rpcPort: 50051, httpPort: 4101, databaseUrl: "postgres://catalog@127.0.0.1:5432/catalog" };

  it("applies the local defaults and freezes the result", () => {
    const config = loadServiceConfig("catalog", defaults, {});
    expect(config).toMatchObject({
      service: "catalog",
      host: "127.0.0.1",
      rpcPort: 50051,
      httpPort: 4101,
      databaseUrl: defaults.databaseUrl,
      logLevel: "info",
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads EMPORIUM_<SERVICE>_* variables", () => {
    const config = loadServiceConfig("catalog", defaults, {
      EMPORIUM_CATALOG_RPC_PORT: "6000",
      EMPORIUM_CATALOG_DATABASE_URL: "postgres://x@db:5432/y",
    });
    expect(config).toMatchObject({ rpcPort: 6000, databaseUrl: "postgres://x@db:5432/y" });
  });

  it("fails fast naming every bad variable", () => {
    expect(() =>
      loadServiceConfig("catalog", defaults, {
        EMPORIUM_CATALOG_RPC_PORT: "seventy",
        EMPORIUM_CATALOG_DATABASE_URL: "not a url",
        EMPORIUM_LOG_LEVEL: "loud",
      }),
    ).toThrow(
      /invalid configuration:\n {2}EMPORIUM_CATALOG_RPC_PORT: .*\n {2}EMPORIUM_CATALOG_DATABASE_URL: .*\n {2}EMPORIUM_LOG_LEVEL: /,
    );
  });

  it("takes the broker URL from the service's own variable, else the shared one, and leaves it unset otherwise", () => {
    expect(loadServiceConfig("catalog", defaults, {}).amqpUrl).toBeUndefined();
    expect(
      loadServiceConfig("catalog", defaults, { EMPORIUM_AMQP_URL: "amqp://u:p@127.0.0.1:5672/emporium" }).amqpUrl,
    ).toBe("amqp://u:p@127.0.0.1:5672/emporium");
    expect(
      loadServiceConfig("catalog", defaults, {
        EMPORIUM_AMQP_URL: "amqp://shared",
        EMPORIUM_CATALOG_AMQP_URL: "amqp://own",
      }).amqpUrl,
    ).toBe("amqp://own");
    expect(() => loadServiceConfig("catalog", defaults, { EMPORIUM_AMQP_URL: "http://not-amqp" })).toThrow(
      /EMPORIUM_AMQP_URL: must be an amqp:\/\/ or amqps:\/\/ URL/,
    );
  });

  it("keeps inbox rows 30 days unless EMPORIUM_<SERVICE>_INBOX_RETENTION_DAYS says otherwise, never under a day", () => {
    const retention = (days?: string) =>
      loadServiceConfig("catalog", defaults, days === undefined ? {} : { EMPORIUM_CATALOG_INBOX_RETENTION_DAYS: days })
        .inboxRetentionDays;
    expect(retention()).toBe(30);
    expect(retention("45")).toBe(45);
    expect(() => retention("0")).toThrow(/EMPORIUM_CATALOG_INBOX_RETENTION_DAYS/);
  });
});
