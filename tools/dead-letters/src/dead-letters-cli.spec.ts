import { create, toBinary } from "@bufbuild/protobuf";
import { StockReplenishedSchema } from "@emporium/contracts/emporium/inventory/v1/events_pb";
import {
  connectToBroker,
  newTraceparent,
  PermanentEventError,
  RabbitEventBus,
  startEventConsumer,
  subscribe,
  type BrokerConnection,
  type EventConsumer,
} from "@emporium/platform";
import {
  createTestDatabase,
  createTestVhost,
  ensureTemplateDatabase,
  testBroker,
  type TestDatabase,
  type TestVhost,
} from "@emporium/testing";
import { migrate, MESSAGING_MIGRATIONS, createPool, type Pool } from "@emporium/platform";
import pino from "pino";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "./dead-letters-cli";

/**
 * The operator's view: a consumer rejects a message, `list` shows the dead-letter queue, `inspect`
 * explains it and shows the payload as JSON, `replay --id` sends it back once the cause is fixed.
 */
describe("dead-letters CLI", () => {
  const logger = pino({ level: "silent" });
  let vhost: TestVhost;
  let db: TestDatabase;
  let pool: Pool;
  let connection: BrokerConnection;
  let consumer: EventConsumer;
  let fixed = false;
  const applied: string[] = [];

  beforeAll(async () => {
    vhost = await createTestVhost("dlq-cli");
    const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL as string;
    const empty = mkdtempSync(path.join(os.tmpdir(), "no-migrations-"));
    await ensureTemplateDatabase(adminUrl, {
      service: "dead_letters_cli",
      migrate: (url) => migrate(url, empty, undefined, MESSAGING_MIGRATIONS).then(() => undefined),
    });
    db = await createTestDatabase(adminUrl, { service: "dead_letters_cli" });
    pool = createPool(db.databaseUrl, { logger, statementTimeoutMs: 10_000 });
    connection = connectToBroker(vhost.url, { name: "dlq-cli-spec", logger });
    consumer = await startEventConsumer({
      consumer: "watchers",
      connection,
      pool,
      logger,
      subscriptions: [
        subscribe(StockReplenishedSchema, async (event) => {
          if (!fixed) throw new PermanentEventError(`sku ${event.skuId} is unknown here`);
          applied.push(event.skuId);
        }),
      ],
    });
  });
  afterAll(async () => {
    await consumer.close();
    await connection.close();
    await pool.end();
    await db.drop();
    await vhost.drop();
  });

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const { management } = testBroker();
    const code = await main(
      argv,
      { EMPORIUM_AMQP_URL: vhost.url, EMPORIUM_RABBITMQ_MANAGEMENT_URL: management.url },
      (line) => lines.push(line),
    );
    return { code, output: lines.join("\n") };
  };
  const depth = async () =>
    (await connection.queueDeclare({ queue: "watchers.dead-letter", passive: true })).messageCount;

  it("lists, inspects and replays a dead letter", async () => {
    const bus = new RabbitEventBus(connection);
    await bus.publish({
      envelope: {
        id: "0192f000-dead-7000-8000-000000000001",
        type: StockReplenishedSchema.typeName,
        source: "/emporium/inventory",
        aggregateId: "sku-1",
        aggregateVersion: 4n,
        occurredAt: new Date(),
        traceparent: newTraceparent(),
      },
      payload: toBinary(
        StockReplenishedSchema,
        create(StockReplenishedSchema, { skuId: "sku-1", productId: "p-1", available: 5n, onHand: 5n }),
      ),
    });
    await bus.close();
    for (let i = 0; i < 200 && (await depth()) === 0; i++) await new Promise((r) => setTimeout(r, 50));

    expect(await run("list")).toEqual({ code: 0, output: expect.stringMatching(/^watchers\s+1 dead letter\(s\)$/m) });
    const inspected = await run("inspect", "watchers");
    expect(inspected.code).toBe(0);
    expect(inspected.output).toContain("0192f000-dead-7000-8000-000000000001  emporium.inventory.v1.StockReplenished");
    expect(inspected.output).toContain("reason: rejected after 1 attempt(s)");
    expect(inspected.output).toContain("error: sku sku-1 is unknown here");
    expect(inspected.output).toContain("from queue: watchers, aggregate sku-1");
    expect(inspected.output).toMatch(/payload: \{"skuId":"sku-1","productId":"p-1","available":"5","onHand":"5"\}/);
    for (let i = 0; i < 200 && (await depth()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await depth()).toBe(1); // inspecting removes nothing

    expect(await run("replay", "watchers", "--id", "no-such-message")).toEqual({
      code: 1,
      output: expect.stringContaining("not found: no-such-message"),
    });
    for (let i = 0; i < 200 && (await depth()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await depth()).toBe(1); // the one not asked for stays

    fixed = true;
    const replayed = await run("replay", "watchers", "--id", "0192f000-dead-7000-8000-000000000001");
    expect(replayed).toEqual({
      code: 0,
      output: expect.stringContaining(
        "replayed 0192f000-dead-7000-8000-000000000001 (emporium.inventory.v1.StockReplenished) to watchers",
      ),
    });
    for (let i = 0; i < 200 && applied.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(applied).toEqual(["sku-1"]);
    expect(await depth()).toBe(0);
    expect((await run("inspect", "watchers")).output).toBe("no dead letters for watchers");
  });

  it("explains its usage and a missing broker instead of failing obscurely", async () => {
    const lines: string[] = [];
    expect(await main(["inspect"], {}, (l) => lines.push(l))).toBe(2);
    expect(await main(["list"], {}, (l) => lines.push(l))).toBe(2);
    expect(lines.join("\n")).toMatch(/usage: dead-letters[\s\S]*no broker: pass --url/);
  });
});
