import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { clearFaults, createTestVhost, setFaults, testKeycloak, type TestVhost } from "@emporium/testing";
import { subscribe } from "../events/event-consumer";
import { createServiceApp, type ServiceApp } from "../server/create-service-app";
import {
  eventually,
  messagingDatabase,
  quietLogger,
  recordInTransaction,
  TestEvent,
  type MessagingDatabase,
} from "../../test/messaging-fixtures";

/**
 * Fail and latency flags on consumed messages (how the saga's commands reach payments): a kit
 * service on the shared test broker (its own vhost) and PostgreSQL, its flags changed over HTTP.
 */
describe("fault-injection flags on consumed messages", () => {
  let db: MessagingDatabase;
  let vhost: TestVhost;
  let app: ServiceApp<object>;
  let httpUrl: string;
  const handled: Array<{ value: string; attempt: number; at: number }> = [];

  beforeAll(async () => {
    db = await messagingDatabase();
    vhost = await createTestVhost("faults");
    const srcDir = mkdtempSync(path.join(os.tmpdir(), "faults-src-"));
    mkdirSync(path.join(srcDir, "db", "migrations"), { recursive: true });
    app = await createServiceApp({
      name: "test",
      config: {
        mode: "development",
        host: "127.0.0.1",
        rpcPort: 0,
        httpPort: 0,
        databaseUrl: db.databaseUrl,
        amqpUrl: vhost.url,
        statementTimeoutMs: 5_000,
        healthIntervalMs: 60_000,
        shutdownTimeoutMs: 500,
        authIssuer: testKeycloak().issuer,
        inboxRetentionDays: 7,
      },
      logger: quietLogger,
      migrations: { dir: srcDir, migrate: async () => undefined },
      deps: () => ({}),
      rpc: { services: [], routes: () => () => undefined, access: {} },
      messaging: () => ({
        consumers: [
          {
            consumer: "test.faults",
            retryDelaysMs: [20],
            maxAttempts: 100,
            subscriptions: [
              subscribe(TestEvent, async (event, { attempt }) => {
                handled.push({ value: event.value, attempt, at: Date.now() });
              }),
            ],
          },
        ],
      }),
    });
    ({ httpUrl } = await app.host.listen());
  });
  afterAll(async () => {
    await app?.close();
    await vhost?.drop();
    await db?.drop();
  });
  afterEach(async () => void (await clearFaults(httpUrl)));

  const injected = async (fault: string) => {
    const text = await (await fetch(`${httpUrl}/metrics`)).text();
    return Number(new RegExp(`^fault_injected_total\\{fault="${fault}"[^}]*\\} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  };
  const handledOf = (value: string) => handled.filter((h) => h.value === value);

  it("fails every message while fail-percent is 100 (retry path), and handles it once set back to 0", async () => {
    await setFaults(httpUrl, { "fault.fail-percent": { value: 100, scope: `message:${TestEvent.typeName}` } });
    await recordInTransaction(db.pool, ["failing"]);
    await eventually(async () => (await injected("fail")) >= 2, "two injected failures");
    expect(handledOf("failing")).toEqual([]);
    await clearFaults(httpUrl);
    await eventually(() => handledOf("failing").length === 1, "handled once the flag is off");
    // It arrived again after the injected failures: the consumer's own retry path, not a lost message.
    expect(handledOf("failing")[0]!.attempt).toBeGreaterThanOrEqual(3);
  });

  it("delays every message by at least the latency", async () => {
    await setFaults(httpUrl, { "fault.latency-ms": { value: 500, scope: "message:" } });
    const sent = Date.now();
    await recordInTransaction(db.pool, ["slow"]);
    await eventually(() => handledOf("slow").length === 1, "the slow message is handled");
    expect(handledOf("slow")[0]!.at - sent).toBeGreaterThanOrEqual(500);
    expect(await injected("latency")).toBe(1);
  });
});
