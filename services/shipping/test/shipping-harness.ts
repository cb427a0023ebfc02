import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { createLogger } from "@emporium/platform";
import { rpcUrlVariable } from "@emporium/registry";
import {
  serviceToken,
  startServices,
  startServiceUnderTest,
  testKeycloak,
  userToken,
  withBearer,
  type RunningServices,
  type ServiceUnderTest,
} from "@emporium/testing";
import { defineShipping, type ShippingApp } from "../src/app";
import { advanceShipments } from "../src/application/simulated-carrier";
import { loadShippingConfig } from "../src/config";

export const ALICE = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001";
export const BOB = "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0002";

/** In tests the carrier steps once a minute of test time, and only when a test runs its round. */
export const CARRIER_STEP_MS = 60_000;

/** Time that moves only when a test moves it. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export function testClock(start = new Date("2026-06-01T10:00:00Z")): TestClock {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms) => void (at += ms) };
}

export interface RunningShipping extends ServiceUnderTest<ShippingApp> {
  tokens: { alice: string; bob: string; admin: string; orders: string };
  client(token?: string): Client<typeof ShippingService>;
  /** As the orders service (client credentials for shipping). */
  orders: Client<typeof ShippingService>;
  clock: TestClock;
  /** The seeded catalog shipping calls (a process of its own). */
  catalogRpcUrl: string;
  /** One round of the simulated carrier, as its worker runs it. */
  carrierRound(): Promise<number>;
  /** Stops shipping, then the catalog it was started with. */
  stop(): Promise<void>;
}

/**
 * Shipping in-process on a fresh copy of its migrated template, on a test clock, calling a real
 * seeded catalog (a process of its own) with its client-credentials token. The carrier's worker
 * never fires on its own: tests run its rounds (`carrierRound`) after moving the clock.
 * `withoutCatalog`: catalog's URL names a port nothing listens on (catalog down).
 */
export async function startShipping(
  env: Record<string, string> = {},
  options: { withoutCatalog?: boolean } = {},
): Promise<RunningShipping> {
  const catalog: RunningServices<"catalog"> | undefined = options.withoutCatalog
    ? undefined
    : await startServices(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, ["catalog"]);
  const catalogRpcUrl = catalog?.services.catalog.rpcUrl ?? "http://127.0.0.1:1";
  const clock = testClock();
  const definition = defineShipping({ clock: clock.now });
  try {
    const svc = await startServiceUnderTest({
      service: "shipping",
      migrate: definition.migrations.migrate,
      build: (e) => definition.build(loadShippingConfig(e), createLogger("shipping", "silent")),
      env: {
        [rpcUrlVariable("catalog")]: catalogRpcUrl,
        EMPORIUM_SHIPPING_CARRIER_STEP_MS: String(CARRIER_STEP_MS),
        EMPORIUM_SHIPPING_CARRIER_INTERVAL_MS: String(24 * 3600_000),
        ...env,
      },
    });
    const kc = testKeycloak();
    const [alice, bob, admin, orders] = await Promise.all([
      userToken(kc, "alice"),
      userToken(kc, "bob"),
      userToken(kc, "ada"),
      serviceToken(kc, "orders"),
    ]);
    const client = (token?: string) =>
      createClient(ShippingService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) }));
    return {
      ...svc,
      tokens: { alice, bob, admin, orders },
      client,
      orders: client(orders),
      clock,
      catalogRpcUrl,
      carrierRound: () => advanceShipments(svc.app.deps),
      async stop() {
        await svc.stop();
        await catalog?.stop();
      },
    };
  } catch (err) {
    await catalog?.stop();
    throw err;
  }
}
