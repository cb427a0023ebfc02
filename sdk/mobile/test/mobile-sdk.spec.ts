import { randomUUID } from "node:crypto";
import {
  createTestVhost,
  startPlatform,
  testKeycloak,
  userToken,
  type RunningPlatform,
  type TestVhost,
} from "@emporium/testing";
import { createMobileSdk, requireData, type MobileSdk, type OrderStatusChangedSubscription } from "../src";

const SKILLET = "0192f000-0000-7000-8000-000000000001";

/**
 * The generated mobile SDK as the app uses it, against bff-mobile on a platform of its own (with a
 * broker, so the saga settles orders and the live feed delivers): the home screen for a guest and
 * for alice, a purchase from the product screen, and the order-tracking screen kept live.
 */
describe("the mobile SDK against bff-mobile", () => {
  let vhost: TestVhost;
  let platform: RunningPlatform;
  let guest: MobileSdk;
  let alice: MobileSdk;
  beforeAll(async () => {
    vhost = await createTestVhost("sdk-mobile");
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
      broker: vhost,
      bffEnv: { EMPORIUM_BFF_MOBILE_CALL_TIMEOUT_MS: "15000" },
    });
    const token = await userToken(testKeycloak(), "alice");
    const url = `${platform.bffMobileUrl}/graphql`;
    guest = createMobileSdk({ url });
    alice = createMobileSdk({ url, getToken: () => token, retryDelay: () => 200 });
  }, 300_000);
  afterAll(async () => {
    await Promise.all([guest?.close(), alice?.close()]);
    await platform?.stop();
    await vhost?.drop();
  });

  it("the home screen for a guest: categories and the newest products, no badges", async () => {
    const { homeScreen } = requireData(await guest.homeScreen({ first: 4 }));
    expect(homeScreen.categories!.length).toBeGreaterThan(0);
    expect(homeScreen.products).toHaveLength(4);
    expect(homeScreen.products![0]).toMatchObject({ name: expect.any(String), price: { currency: "EUR" } });
    expect(homeScreen.badges).toBeNull();
  });

  it("alice's home screen, a purchase from the product screen, and its tracking screen live until CONFIRMED", async () => {
    const { homeScreen } = requireData(await alice.homeScreen());
    expect(homeScreen.badges).toEqual({ unreadNotifications: expect.any(Number), cartItems: 0 });

    const { productScreen } = requireData(await alice.productScreen(SKILLET));
    const option = productScreen!.options.find((o) => o.inStock)!;
    const { addToCart } = requireData(await alice.addToCart({ skuId: option.skuId, quantity: 1 }));
    expect(addToCart.cart.itemCount).toBe(1);
    const { checkoutScreen: checkout } = requireData(await alice.checkoutScreen());
    const { placeOrder } = requireData(
      await alice.placeOrder({
        idempotencyKey: randomUUID(),
        cartVersion: checkout.cart!.version,
        expectedTotal: { amount: checkout.total!.amount, currency: checkout.total!.currency },
        addressId: checkout.addressId!,
        quoteId: checkout.quote!.quoteId,
        paymentToken: "tok_approve",
      }),
    );
    expect(placeOrder.status).toBe("PENDING");

    // The tracking screen: read once, then kept current by the subscription.
    const { orderTrackingScreen: screen } = requireData(await alice.orderTrackingScreen(placeOrder.orderId));
    expect(screen).toMatchObject({ orderId: placeOrder.orderId, total: { formatted: placeOrder.total.formatted } });
    const updates: Array<OrderStatusChangedSubscription["orderStatusChanged"]> = [];
    let failure: unknown;
    const stop = alice.trackOrder(placeOrder.orderId, {
      next: ({ orderStatusChanged }) => updates.push(orderStatusChanged),
      error: (e) => (failure = e),
    });
    const deadline = Date.now() + 90_000;
    while (!updates.some((u) => u.status === "CONFIRMED")) {
      if (failure !== undefined || Date.now() > deadline)
        throw new Error(`no CONFIRMED: ${String(failure)} ${JSON.stringify(updates)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stop();
    // From the status the screen showed on: each change once, in order.
    const sequences = updates.map((u) => u.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(updates.at(-1)).toMatchObject({ orderId: placeOrder.orderId, status: "CONFIRMED" });

    // The screen's query reads orders' read model, which may trail the pushed change by a moment
    // (projections, ADR 0016): read until it shows the status the subscription announced.
    let settled = requireData(await alice.orderTrackingScreen(placeOrder.orderId)).orderTrackingScreen;
    while (settled?.status !== "CONFIRMED" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      settled = requireData(await alice.orderTrackingScreen(placeOrder.orderId)).orderTrackingScreen;
    }
    expect(settled).toMatchObject({ status: "CONFIRMED", payment: "CAPTURED" });
    expect(settled!.lines).toEqual([expect.objectContaining({ quantity: 1 })]);
  }, 180_000);
});
