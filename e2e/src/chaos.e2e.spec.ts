import {
  createTestCustomer,
  createTestVhost,
  startServices,
  testKeycloak,
  userToken,
  type TestVhost,
} from "@emporium/testing";
import { EXPERIMENTS } from "./checkout/chaos-experiments";
import { SIZES } from "./checkout/chaos-run";
import { runChaos, type ChaosReport } from "./checkout/chaos-suite";
import { prepareShoppers, prepareStock } from "./checkout/checkout-driver";
import { CHECKOUT_SERVICES, servicesOf, type CheckoutPlatform } from "./checkout/checkout-runs";

/**
 * The chaos suite kept honest at proof size (`npm run chaos` runs all six experiments at full size
 * on infrastructure of its own): one experiment, orders killed with SIGKILL under a fixed rate of
 * checkouts, with the same runner, evidence and invariants as the full run.
 */
describe("chaos suite: kill -9 orders under a steady checkout load", () => {
  let vhost: TestVhost;
  let platform: CheckoutPlatform;
  let report: ChaosReport;

  beforeAll(async () => {
    vhost = await createTestVhost("chaos");
    platform = await startServices(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, CHECKOUT_SERVICES, { broker: vhost });
    const kc = testKeycloak();
    const names = await Promise.all(
      [0, 1, 2, 3].map((i) => createTestCustomer(kc, `chaos-spec-${process.pid}-${Date.now()}-${i}`)),
    );
    const shoppers = await prepareShoppers(servicesOf(platform), names, (name) =>
      userToken(kc, name as (typeof names)[number]),
    );
    const stock = await prepareStock(servicesOf(platform), await userToken(kc, "ada"), 100_000n);
    report = await runChaos({
      platform,
      postgresAdminUrl: process.env.EMPORIUM_TEST_PG_ADMIN_URL!,
      shoppers,
      stock,
      perSecond: 2,
      durations: SIZES.small,
      experiments: EXPERIMENTS.filter((e) => e.name === "kill-orders"),
    });
  }, 420_000);
  afterAll(async () => {
    await platform?.stop();
    await vhost?.drop();
  });

  it("shows the fault happened: the old orders process ended by SIGKILL, a new one with another PID answers", () => {
    const [killed] = report.experiments;
    expect(killed!.evidence).toMatchObject({ "old process ended by": "SIGKILL", "old PID state": "gone" });
    expect(killed!.evidence["new PID"]).not.toBe(killed!.evidence["old PID"]);
    expect(killed!.evidence["orders readyz after"]).toBe("HTTP 200");
  });

  it("keeps every invariant: no order lost, none captured twice, outbox drained, stock conserved, all terminal", () => {
    const [killed] = report.experiments;
    expect(killed!.invariants.filter((i) => !i.pass)).toEqual([]);
    expect(killed!.orders).toBeGreaterThan(0);
    expect(report.passed).toBe(true);
  });

  it("records a per-second timeline that covers the experiment's phases", () => {
    const [killed] = report.experiments;
    expect(report.seconds.length).toBeGreaterThanOrEqual(Math.floor(killed!.recovery.to));
    expect(report.seconds.reduce((n, s) => n + s.placed, 0)).toBe(killed!.orders);
  });
});
