import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import {
  startPlatform,
  startTestPostgres,
  startTestRabbitmq,
  testKeycloak,
  userToken,
  withBearer,
  type PlatformService,
  type RunningPlatform,
  type RunningProcess,
  type TestPostgres,
  type TestRabbitmq,
} from "@emporium/testing";
import pg from "pg";
import { SteadyLoad } from "./steady-load";

/** A seeded product, one of its SKUs and a warehouse that stocks it. */
const PRODUCT_ID = "0192f000-0000-7000-8000-000000000001";
const SKU_ID = "0192f000-0000-7000-8000-000000000002";
const WAREHOUSE_ID = "wh-berlin";

/** One query that needs every service: catalog, inventory, reviews, customers, notifications. */
const EVERY_SERVICE_QUERY = `{
  product(id: "${PRODUCT_ID}") { name availability { inStock } rating { count } reviews(first: 2) { edges { node { author { displayName } } } } }
  myNotifications(first: 1) { edges { node { kind } } }
}`;

const RECOVERY_MS = 30_000;

/**
 * Polls `check` every 200 ms until it returns true; fails with `what` after `timeoutMs`, or at
 * once with their output when processes exited meanwhile.
 */
async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  exits: readonly string[],
  timeoutMs = RECOVERY_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (exits.length) throw new Error(`${what}: processes exited:\n${exits.join("\n")}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The operator's scenario: the platform under a steady light load (reads through the gateway,
 * writes over RPC that record outbox events) on a PostgreSQL and a RabbitMQ of this file's own,
 * which are restarted under it. No process may exit, every service must answer again by itself,
 * no client may see a stack trace or an untyped failure, and no acknowledged event may be lost.
 */
describe("the platform rides out database and broker restarts under load", () => {
  let postgres: TestPostgres;
  let rabbitmq: TestRabbitmq;
  let platform: RunningPlatform;
  let services: Array<[PlatformService, RunningPlatform["services"][PlatformService]]>;
  let aliceToken: string;
  let adminToken: string;
  const exits: string[] = [];
  /** Product versions of price changes the catalog acknowledged: each must have its event published. */
  const acknowledgedPriceVersions: string[] = [];

  beforeAll(async () => {
    [postgres, rabbitmq] = await Promise.all([startTestPostgres(), startTestRabbitmq()]);
    platform = await startPlatform(postgres.adminUrl, {
      amqpUrl: rabbitmq.url,
      serviceEnv: { EMPORIUM_HEALTH_INTERVAL_MS: "500" },
    });
    services = Object.entries(platform.services) as typeof services;
    const watched: Array<[string, RunningProcess]> = services.map(([name, s]) => [name, s.process]);
    watched.push(["gateway", platform.gateway]);
    for (const [name, proc] of watched)
      void proc.exited.then((code) => exits.push(`${name} exited (${code}):\n${proc.output().slice(-3000)}`));
    const kc = testKeycloak();
    [aliceToken, adminToken] = await Promise.all([userToken(kc, "alice"), userToken(kc, "ada")]);
  }, 300_000);

  afterAll(async () => {
    exits.length = 0;
    await platform?.stop();
    await Promise.all([rabbitmq?.stop(), postgres?.stop()]);
  }, 60_000);

  /** Reads through the gateway and price and stock writes over RPC, as admin. */
  function startLoad(): SteadyLoad {
    const load = new SteadyLoad();
    const asAdmin = (service: PlatformService) =>
      createGrpcTransport({ baseUrl: platform.services[service].rpcUrl, interceptors: withBearer(adminToken) });
    const catalog = createClient(CatalogService, asAdmin("catalog"));
    const inventory = createClient(InventoryService, asAdmin("inventory"));
    for (let reader = 1; reader <= 3; reader++) {
      load.add(`gateway read ${reader}`, async () => {
        const { status, text } = await gatewayRequest(EVERY_SERVICE_QUERY);
        load.checkGraphql(`gateway read ${reader}`, status, text);
      });
    }
    let price = 1_000n;
    load.add("catalog UpdateProduct", async () => {
      const prices = [{ skuId: SKU_ID, price: { currencyCode: "EUR", amountMinor: ++price } }];
      const { product } = await catalog.updateProduct({ id: PRODUCT_ID, prices }, { timeoutMs: 15_000 });
      acknowledgedPriceVersions.push(String(product!.version));
    });
    load.add("inventory AdjustStock", async () => {
      await inventory.adjustStock(
        { skuId: SKU_ID, warehouseId: WAREHOUSE_ID, delta: 1n, reason: "delivery" },
        { timeoutMs: 15_000 },
      );
    });
    return load;
  }

  async function gatewayRequest(query: string): Promise<{ status: number; text: string }> {
    const res = await fetch(`${platform.gatewayUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${aliceToken}` },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, text: await res.text() };
  }

  /** Every service's /readyz, checked for stack traces on the way. */
  type Readiness = { service: string; status: number; body: { checks?: Record<string, { ok: boolean }> } };
  async function readiness(load: SteadyLoad): Promise<Readiness[]> {
    return Promise.all(
      services.map(async ([service, { httpUrl }]) => {
        // A process that is gone (or not answering) is simply not ready; its exit is reported apart.
        const res = await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
        if (!res) return { service, status: 0, body: {} };
        const text = await res.text();
        load.checkForStackTrace(`${service} /readyz`, text);
        return { service, status: res.status, body: JSON.parse(text) };
      }),
    );
  }

  /** Every service ready and the query that needs all of them answered without an error. */
  async function everyServiceAnswers(load: SteadyLoad): Promise<boolean> {
    if (!(await readiness(load)).every((r) => r.status === 200)) return false;
    const answer = await gatewayRequest(EVERY_SERVICE_QUERY).catch(() => undefined);
    if (!answer) return false;
    const { status, text } = answer;
    const body = load.checkGraphql("recovery query", status, text);
    return status === 200 && !body?.errors?.length && body?.data != null;
  }

  async function unpublishedEvents(service: PlatformService): Promise<number> {
    const client = new pg.Client({ connectionString: platform.services[service].databaseUrl });
    client.on("error", () => undefined);
    await client.connect();
    try {
      return (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL"))
        .rows[0]!.n;
    } finally {
      await client.end();
    }
  }

  /** The outbox drained, and every acknowledged price change's event among the published rows. */
  async function expectNoEventLost(): Promise<void> {
    const drained = async () =>
      (await unpublishedEvents("catalog")) === 0 && (await unpublishedEvents("inventory")) === 0;
    await waitFor("the outboxes drain", drained, exits);
    const client = new pg.Client({ connectionString: platform.services.catalog.databaseUrl });
    client.on("error", () => undefined);
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string }>(
        `SELECT aggregate_version::text AS version FROM outbox
          WHERE event_type = 'emporium.catalog.v1.PriceChanged' AND aggregate_id = $1 AND published_at IS NOT NULL`,
        [PRODUCT_ID],
      );
      const published = new Set(rows.map((r) => r.version));
      expect(acknowledgedPriceVersions.filter((v) => !published.has(v))).toEqual([]);
    } finally {
      await client.end();
    }
  }

  it("PostgreSQL restarted five times (fast mode): nothing crashes, every service recovers by itself, failures are UNAVAILABLE", async () => {
    const load = startLoad();
    try {
      for (let restart = 1; restart <= 5; restart++) {
        await postgres.stopServer();
        if (restart === 1) {
          // Readiness follows the outage (the load meets it meanwhile), then the restart.
          await waitFor(
            "every service reports NOT_SERVING",
            async () => (await readiness(load)).every((r) => r.status === 503),
            exits,
          );
        }
        await postgres.startServer();
        await waitFor(`every service answers after restart ${restart}`, () => everyServiceAnswers(load), exits);
        expect(exits).toEqual([]);
      }
    } finally {
      await load.stop();
    }
    expect(exits).toEqual([]);
    expect(load.bad).toEqual([]);
    // The load met the outages and got typed answers, from the gateway and over RPC.
    expect([...load.typedFailures.keys()].some((k) => k.startsWith("gateway read"))).toBe(true);
    expect(
      [...load.typedFailures.keys()].some(
        (k) => k.startsWith("catalog UpdateProduct") || k.startsWith("inventory AdjustStock"),
      ),
    ).toBe(true);
    expect(acknowledgedPriceVersions.length).toBeGreaterThan(0);
    await expectNoEventLost();
  }, 120_000);

  it("RabbitMQ restarted twice (a clean stop, then a crash): nothing crashes, services stay ready, the outbox drains once it is back", async () => {
    const load = startLoad();
    // Readiness is watched all along, through both outages and restarts.
    const notReady: string[] = [];
    load.add("readiness", async () => {
      for (const r of await readiness(load))
        if (r.status !== 200) notReady.push(`${r.service}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    });
    const brokerDownEverywhere = async () =>
      (await readiness(load)).every((r) => r.body.checks?.rabbitmq?.ok === false) &&
      (await unpublishedEvents("catalog")) > 0;
    const acknowledgedBefore = acknowledgedPriceVersions.length;
    try {
      for (const restart of ["clean stop", "crash"] as const) {
        await (restart === "clean stop" ? rabbitmq.stopServer() : rabbitmq.killServer());
        // Every service has noticed (health details) and is still ready; acknowledged price
        // changes wait in the outbox meanwhile.
        await waitFor("every service shows the broker down", brokerDownEverywhere, exits);
        await rabbitmq.startServer();
        await waitFor(
          `every service answers after the broker's ${restart} and start`,
          () => everyServiceAnswers(load),
          exits,
        );
      }
    } finally {
      await load.stop();
    }
    expect(exits).toEqual([]);
    expect(notReady).toEqual([]);
    expect(load.bad).toEqual([]);
    expect(acknowledgedPriceVersions.length).toBeGreaterThan(acknowledgedBefore);
    await expectNoEventLost();
  }, 120_000);
});
