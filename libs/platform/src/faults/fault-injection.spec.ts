import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import pg from "pg";
import pino from "pino";
import { Health } from "@emporium/contracts/grpc/health/v1/health_pb";
import { clearFaults, createTestDatabase, ensureTemplateDatabase, setFaults, testKeycloak } from "@emporium/testing";
import { loadServiceConfig } from "../server/service-config";
import {
  createServiceApp,
  serviceMigrations,
  type ServiceApp,
  type ServiceAppConfig,
} from "../server/create-service-app";
import { FAULT_FLAGS } from "./fault-flags";

const CHECK = "rpc:grpc.health.v1.Health/Check";

/** A kit service on the real test PostgreSQL (no broker), its flags changed over HTTP while it runs. */
describe("fault-injection flags", () => {
  let db: { databaseUrl: string; drop(): Promise<void> };
  let app: ServiceApp<object>;
  let httpUrl: string;
  let health: ReturnType<typeof createClient<typeof Health>>;

  const config = (overrides: Partial<ServiceAppConfig> = {}): ServiceAppConfig => ({
    mode: "development",
    host: "127.0.0.1",
    rpcPort: 0,
    httpPort: 0,
    databaseUrl: db.databaseUrl,
    statementTimeoutMs: 5_000,
    healthIntervalMs: 60_000,
    shutdownTimeoutMs: 500,
    authIssuer: testKeycloak().issuer,
    inboxRetentionDays: 7,
    ...overrides,
  });
  const build = (overrides: Partial<ServiceAppConfig> = {}) => {
    const srcDir = mkdtempSync(path.join(os.tmpdir(), "faults-src-"));
    mkdirSync(path.join(srcDir, "db", "migrations"), { recursive: true });
    return createServiceApp({
      name: "faulty",
      config: config(overrides),
      logger: pino({ level: process.env.FAULTS_LOG ?? "silent" }),
      migrations: serviceMigrations(srcDir),
      deps: () => ({}),
      rpc: { services: [], routes: () => () => undefined, access: {} },
    });
  };
  const putFlags = async (flags: unknown) => {
    const res = await fetch(`${httpUrl}/admin/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(flags),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const injected = async (fault: string) => {
    const text = await (await fetch(`${httpUrl}/metrics`)).text();
    return Number(new RegExp(`^fault_injected_total\\{fault="${fault}"[^}]*\\} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  };
  const codeOf = (call: Promise<unknown>) =>
    call.then(
      () => "OK",
      (err: unknown) => `${Code[ConnectError.from(err).code]}: ${ConnectError.from(err).rawMessage}`,
    );

  beforeAll(async () => {
    const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL!;
    await ensureTemplateDatabase(adminUrl, { service: "platform_kit", migrate: async () => undefined });
    db = await createTestDatabase(adminUrl, { service: "platform_kit" });
    app = await build();
    ({ httpUrl } = await app.host.listen());
    health = createClient(Health, createConnectTransport({ baseUrl: httpUrl, httpVersion: "1.1" }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });
  afterEach(async () => void (await clearFaults(httpUrl)));

  it("are off by default and read back as they were set", async () => {
    expect(await (await fetch(`${httpUrl}/admin/faults`)).json()).toEqual({ flags: {} });
    const set = await setFaults(httpUrl, { "fault.latency-ms": { value: 5, scope: "message:" } });
    expect(set).toEqual({ flags: { [FAULT_FLAGS.latencyMs]: { value: 5, scope: "message:" } } });
    expect(await codeOf(health.check({}))).toBe("OK");
  });

  it("fail 100 % of a method's calls with an injected UNAVAILABLE, then none once set to 0", async () => {
    await putFlags({ [FAULT_FLAGS.failPercent]: { value: 100, scope: CHECK } });
    expect(await codeOf(health.check({}))).toBe(`Unavailable: injected fault: fault.fail-percent 100 on ${CHECK}`);
    expect(await codeOf(health.check({}))).toMatch(/^Unavailable: injected fault/);
    await putFlags({ [FAULT_FLAGS.failPercent]: 0 });
    expect(await codeOf(health.check({}))).toBe("OK");
    expect(await injected("fail")).toBe(2);
  });

  it("a scoped flag leaves other targets alone", async () => {
    await putFlags({ [FAULT_FLAGS.failPercent]: { value: 100, scope: "rpc:emporium." } });
    expect(await codeOf(health.check({}))).toBe("OK");
  });

  it("delays a call by the latency: an unaffected request sent after it answers first", async () => {
    await putFlags({ [FAULT_FLAGS.latencyMs]: { value: 400, scope: CHECK } });
    const order: string[] = [];
    const delayed = health.check({}).then(() => order.push("delayed call"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fetch(`${httpUrl}/healthz`).then(() => order.push("probe sent after it"));
    await delayed;
    expect(order).toEqual(["probe sent after it", "delayed call"]);
    expect(await injected("latency")).toBe(1);
  });

  it("hangs a call until the caller's deadline: DEADLINE_EXCEEDED", async () => {
    await putFlags({ [FAULT_FLAGS.hang]: true });
    expect(await codeOf(health.check({}, { timeoutMs: 300 }))).toMatch(/^DeadlineExceeded/);
    expect(await injected("hang")).toBe(1);
  });

  it("releases a hanging call when the flag goes off (never forever)", async () => {
    await putFlags({ [FAULT_FLAGS.hang]: true });
    const hanging = codeOf(health.check({}));
    while ((await injected("hang")) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await putFlags({});
    expect(await hanging).toBe(`Unavailable: injected fault: fault.hang on ${CHECK} ended`);
    expect(await codeOf(health.check({}))).toBe("OK");
  });

  it("drops the pool's database connections for real, and the service recovers", async () => {
    const held = await app.pool.connect();
    try {
      const applicationName = "faulty";
      const { status, body } = await putFlags({ [FAULT_FLAGS.dropDbConnections]: true });
      expect(status).toBe(200);
      expect(body.droppedConnections).toBeGreaterThanOrEqual(1);
      // The connection the service held was reset by the server.
      await expect(held.query("SELECT 1")).rejects.toThrow(/connection error|terminat/i);
      expect(body.flags).toEqual({});
      const observer = new pg.Client({ connectionString: db.databaseUrl });
      await observer.connect();
      const left = await observer.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
        [applicationName],
      );
      await observer.end();
      expect(left.rows[0].n).toBe(0);
    } finally {
      held.release(true);
    }
    // A new request gets a new connection.
    expect((await app.pool.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    expect(await injected("drop-db-connections")).toBeGreaterThanOrEqual(1);
  });

  it("refuses callers that are not on loopback, changing nothing", async () => {
    const res = await app.host.http.inject({
      method: "PUT",
      url: "/admin/faults",
      remoteAddress: "10.1.2.3",
      payload: { [FAULT_FLAGS.hang]: true },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: "FAULT_INJECTION_LOOPBACK_ONLY" });
    expect(app.faults.flags()).toEqual({});
  });

  it("rejects an unknown flag or a bad value with 400 INVALID_ARGUMENT", async () => {
    const unknown = await putFlags({ "fault.explode": true });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("fault.explode") });
    const bad = await putFlags({ [FAULT_FLAGS.failPercent]: 150 });
    expect(bad.status).toBe(400);
  });

  it("starts with the flags of EMPORIUM_<SERVICE>_FAULTS in development, refuses them in production", () => {
    const defaults = { rpcPort: 0, httpPort: 0, databaseUrl: "postgres://x@127.0.0.1:5432/x" };
    const flags = JSON.stringify({ [FAULT_FLAGS.latencyMs]: 500 });
    expect(loadServiceConfig("payments", defaults, { EMPORIUM_PAYMENTS_FAULTS: flags }).faults).toEqual({
      [FAULT_FLAGS.latencyMs]: { value: 500 },
    });
    expect(() =>
      loadServiceConfig("payments", defaults, { EMPORIUM_ENV: "production", EMPORIUM_PAYMENTS_FAULTS: flags }),
    ).toThrow(/EMPORIUM_PAYMENTS_FAULTS: fault-injection flags are refused in production mode/);
  });

  it("in production: the service refuses to start with flags, and the endpoint answers 403", async () => {
    await expect(build({ mode: "production", faults: { [FAULT_FLAGS.hang]: { value: true } } })).rejects.toThrow(
      /refused in production mode/,
    );
    const production = await build({ mode: "production" });
    try {
      const { httpUrl: url } = await production.host.listen();
      for (const method of ["GET", "PUT"]) {
        const res = await fetch(`${url}/admin/faults`, {
          method,
          headers: { "content-type": "application/json" },
          ...(method === "PUT" ? { body: JSON.stringify({ [FAULT_FLAGS.hang]: true }) } : {}),
        });
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ code: "FAULT_INJECTION_DISABLED" });
      }
      expect(production.faults.flags()).toEqual({});
    } finally {
      await production.close();
    }
  });
});
