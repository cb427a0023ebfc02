import { createTestVhost, startServices, testKeycloak, userToken, type TestVhost } from "@emporium/testing";
import {
  prepareShoppers,
  prepareStock,
  waitUntilSettled,
  type CheckoutStock,
  type Shopper,
} from "./checkout/checkout-driver";
import { settledInvariants } from "./checkout/checkout-invariants";
import {
  CHECKOUT_SERVICES,
  CLEAN,
  countByOutcome,
  crashRun,
  databasesOf,
  runCheckouts,
  servicesOf,
  type CheckoutPlatform,
} from "./checkout/checkout-runs";

const STEP_TIMEOUT = "EMPORIUM_ORDERS_SAGA_STEP_TIMEOUT_MS";

/**
 * The checkout saga when its parts fail, at proof size (`npm run checkout-crash` runs the crash at
 * full size): the services as processes on a vhost of their own, checkouts as clients make them.
 */
describe("checkout when services fail", () => {
  let vhost: TestVhost;
  let platform: CheckoutPlatform;
  let shoppers: Shopper[];
  let stock: CheckoutStock;

  beforeAll(async () => {
    vhost = await createTestVhost("checkout");
    platform = await startServices(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, CHECKOUT_SERVICES, { broker: vhost });
    const kc = testKeycloak();
    const tokenOf = (name: string) => userToken(kc, name as "alice");
    shoppers = await prepareShoppers(servicesOf(platform), ["alice", "bob"], tokenOf);
    stock = await prepareStock(servicesOf(platform), await tokenOf("ada"), 100_000n);
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
    await vhost?.drop();
  });

  it("payments is down while 100 checkouts are placed and back within the step timeout: all 100 are confirmed", async () => {
    let orderIds: string[] = [];
    await platform.restart("payments", {
      whileDown: async () => {
        orderIds = await runCheckouts(servicesOf(platform), shoppers, stock, 100);
      },
    });
    const statuses = await waitUntilSettled(platform.services.orders.databaseUrl, orderIds, 240_000);
    expect(countByOutcome(statuses)).toEqual({ CONFIRMED: 100 });
    expect(await settledInvariants(databasesOf(platform), orderIds, stock)).toEqual(CLEAN);
  }, 420_000);

  it("payments is down past a 2 s step timeout: every order is compensated once it is back, nothing kept", async () => {
    await platform.restart("orders", { env: { [STEP_TIMEOUT]: "2000" } });
    let orderIds: string[] = [];
    await platform.restart("payments", {
      whileDown: async () => {
        orderIds = await runCheckouts(servicesOf(platform), shoppers, stock, 20);
        // Every authorisation step passes its deadline while payments is still away.
        await new Promise((resolve) => setTimeout(resolve, 4_000));
      },
    });
    const statuses = await waitUntilSettled(platform.services.orders.databaseUrl, orderIds, 240_000);
    expect(countByOutcome(statuses)).toEqual({ FAILED: 20 });
    // Stock back on hand, no authorisation left un-voided, no shipment for a compensated order.
    expect(await settledInvariants(databasesOf(platform), orderIds, stock)).toEqual(CLEAN);
    await platform.restart("orders", { env: { [STEP_TIMEOUT]: String(10 * 60_000) } });
  }, 420_000);

  it("orders is killed with SIGKILL twice during 100 checkouts: every order settles, none lost or charged twice", async () => {
    const run = await crashRun(platform, shoppers, stock, { checkouts: 100, kills: 2, settleTimeoutMs: 240_000 });
    expect(run.killedAfter).toHaveLength(2);
    expect(new Set(run.orderIds).size).toBe(100);
    expect(countByOutcome(run.statuses)).toEqual({ CONFIRMED: 100 });
    expect(run.invariants).toEqual(CLEAN);
  }, 600_000);
});
