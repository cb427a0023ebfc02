import { randomUUID } from "node:crypto";
import {
  createTestVhost,
  gatewayQuery,
  shortLivedSession,
  startBffInstance,
  startPlatform,
  testKeycloak,
  userToken,
  type RunningPlatform,
  type TestVhost,
} from "@emporium/testing";
import { SubscriptionError, type GetToken } from "@emporium/sdk-client";
import { createWebSdk, requireData, type OrderStatusChangedSubscription, type WebSdk } from "../src";
import { recorder } from "./recorder";

const SKILLET = "0192f000-0000-7000-8000-000000000001";
type Update = OrderStatusChangedSubscription["orderStatusChanged"];

/** Places an order of one `skuId` with the SDK, as the web shop's checkout does: cart, quote, order. */
async function placeOrderWith(shop: WebSdk, skuId: string): Promise<string> {
  requireData(await shop.addCartLine({ skuId, quantity: 1 }));
  const addressId = requireData(await shop.me()).me!.addresses[0]!.id;
  const quote = requireData(await shop.quoteCheckout({ shippingAddressId: addressId })).quoteCheckout;
  const result = await shop.placeOrder({
    idempotencyKey: randomUUID(),
    cartVersion: quote.cartVersion,
    expectedTotal: { amount: quote.total.amount, currency: quote.total.currency },
    shippingAddressId: addressId,
    shippingQuoteId: quote.shippingQuoteId,
    paymentMethodToken: "tok_approve",
  });
  // While payments is down the order is placed all the same; only its payment field is missing.
  const missing = result.error?.graphQLErrors.map((e) => [e.path?.join("."), e.extensions["code"]]) ?? [];
  expect(missing.filter(([path]) => path !== "placeOrder.payment")).toEqual([]);
  const placed = result.data!.placeOrder;
  expect(placed.status).toBe("PENDING");
  return placed.id;
}

/** Cancels one of the caller's orders through the gateway (the web shop has no cancel button yet). */
async function cancelOrder(platform: RunningPlatform, token: string, orderId: string) {
  const { body } = await gatewayQuery(
    platform.gatewayUrl,
    `mutation ($id: ID!) { cancelOrder(input: { orderId: $id, reason: "changed my mind" }) { id } }`,
    { id: orderId },
    { authorization: `Bearer ${token}` },
  );
  expect(body.errors).toBeUndefined();
}

const statuses = (updates: Array<{ orderStatusChanged: Update }>) => updates.map((u) => u.orderStatusChanged.status);
const sequences = (updates: Array<{ orderStatusChanged: Update }>) => updates.map((u) => u.orderStatusChanged.sequence);
const reached = (status: Update["status"]) => (updates: Array<{ orderStatusChanged: Update }>) =>
  statuses(updates).includes(status);

/**
 * The generated web SDK against bff-web on a platform of its own (one for the file: starting one is
 * the slow part), with a broker so the checkout saga runs and the BFFs' live feeds deliver: an
 * order tracked from PENDING to its end on two bff-web instances, a subscriber away during the
 * saga resuming with `after`, and a subscription outliving 10-second tokens.
 */
describe("the web SDK: live order tracking against bff-web", () => {
  let vhost: TestVhost;
  let platform: RunningPlatform;
  let secondBffWeb: string;
  let alice: string;
  let bob: string;
  let skuId: string;
  const sdks: WebSdk[] = [];
  const web = (bffUrl: string, getToken: GetToken) => {
    // Retries in a test come quickly: the default backoff is for apps on real networks.
    const sdk = createWebSdk({ url: new URL("/graphql", bffUrl).href, getToken, retryDelay: () => 200 });
    sdks.push(sdk);
    return sdk;
  };

  beforeAll(async () => {
    vhost = await createTestVhost("sdk-web");
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, {
      broker: vhost,
      // The carrier never moves a parcel here: an order goes on from CONFIRMED only when the test says.
      serviceEnv: { EMPORIUM_SHIPPING_CARRIER_STEP_MS: String(24 * 3600_000) },
      bffEnv: { EMPORIUM_BFF_WEB_CALL_TIMEOUT_MS: "15000" },
    });
    secondBffWeb = (await startBffInstance(platform, "bff-web")).url;
    [alice, bob] = await Promise.all([userToken(testKeycloak(), "alice"), userToken(testKeycloak(), "bob")]);
    const { product } = requireData(await web(platform.bffWebUrl, () => alice).product({ id: SKILLET }));
    skuId = product!.skus.find((s) => (s.available ?? 0) >= 5)!.id;
  }, 300_000);
  afterAll(async () => {
    await Promise.all(sdks.map((s) => s.close()));
    await platform?.stop();
    await vhost?.drop();
  });

  describe("an order through its saga", () => {
    let orderId: string;
    const onFirst = recorder<OrderStatusChangedSubscription>();
    const onSecond = recorder<OrderStatusChangedSubscription>();
    const leaving = recorder<OrderStatusChangedSubscription>();

    it("alice sees every status of her order in order until CONFIRMED, on both bff-web instances; bob is refused", async () => {
      const shop = web(platform.bffWebUrl, () => alice);
      const leavingSdk = web(platform.bffWebUrl, () => alice);
      let bobsError: unknown;

      // Payments is away while the order is placed: the saga waits at the payment step, PENDING.
      await platform.restart("payments", {
        whileDown: async () => {
          orderId = await placeOrderWith(shop, skuId);
          shop.trackOrder(orderId, onFirst.handlers);
          web(secondBffWeb, () => alice).trackOrder(orderId, onSecond.handlers);
          const stopLeaving = leavingSdk.trackOrder(orderId, leaving.handlers);
          for (const r of [onFirst, onSecond, leaving]) await r.until("PENDING", reached("PENDING"));
          bobsError = await new Promise((resolve) =>
            web(platform.bffWebUrl, () => bob).trackOrder(orderId, { next: resolve, error: resolve }),
          );
          // This subscriber goes away during the saga (the app is closed): it comes back in the next test.
          stopLeaving();
          await leavingSdk.close();
        },
      });

      for (const r of [onFirst, onSecond]) await r.until("CONFIRMED", reached("CONFIRMED"));
      for (const r of [onFirst, onSecond]) {
        expect(statuses(r.items)).toEqual(["PENDING", "CONFIRMED"]);
        expect(sequences(r.items)).toEqual([1, 2]);
        expect(r.items.every((u) => u.orderStatusChanged.orderId === orderId)).toBe(true);
      }
      expect(bobsError).toBeInstanceOf(SubscriptionError);
      expect((bobsError as SubscriptionError).code).toBe("NOT_FOUND");
    }, 300_000);

    it("a subscriber back after the saga moved on resumes with after: the current status first, then the rest", async () => {
      expect(statuses(leaving.items)).toEqual(["PENDING"]);
      // It had sequence 1; the order is CONFIRMED (2) now: that comes first, as the current status.
      // The subscription's first answer is the status orders gives; orders' reads may lag the event a
      // moment, so it comes back once orders answers CONFIRMED (as a client would after a while away).
      const shop = web(platform.bffWebUrl, () => alice);
      const deadline = Date.now() + 30_000;
      while (requireData(await shop.order(orderId)).order!.status !== "CONFIRMED") {
        if (Date.now() > deadline) throw new Error("orders still does not answer CONFIRMED");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const back = recorder<OrderStatusChangedSubscription>();
      web(platform.bffWebUrl, () => alice).trackOrder(orderId, { ...back.handlers, after: 1 });
      await back.until("CONFIRMED", reached("CONFIRMED"));
      // A subscriber that already has CONFIRMED (after = 2) gets only what comes next.
      const upToDate = recorder<OrderStatusChangedSubscription>();
      web(platform.bffWebUrl, () => alice).trackOrder(orderId, { ...upToDate.handlers, after: 2 });

      await cancelOrder(platform, alice, orderId);
      for (const r of [onFirst, onSecond, back, upToDate]) await r.until("CANCELLED", reached("CANCELLED"));
      for (const r of [onFirst, onSecond]) {
        expect(statuses(r.items)).toEqual(["PENDING", "CONFIRMED", "CANCELLED"]);
        expect(sequences(r.items)).toEqual([1, 2, 3]);
      }
      // Before and after its absence together: every status once, in order, none repeated or regressing.
      expect(statuses([...leaving.items, ...back.items])).toEqual(["PENDING", "CONFIRMED", "CANCELLED"]);
      expect(sequences([...leaving.items, ...back.items])).toEqual([1, 2, 3]);
      expect(statuses(upToDate.items)).toEqual(["CANCELLED"]);
      // CANCELLED is final: the BFF completes the subscriptions, and the SDK does not reconnect.
      for (const r of [onFirst, onSecond, back, upToDate]) await r.until("the end", () => r.completed);
    }, 300_000);
  });

  it("when a 10-second token expires the BFF closes with 4401; the SDK reconnects with a refreshed one and misses nothing", async () => {
    const session = await shortLivedSession(testKeycloak(), "alice");
    let token = session.accessToken;
    let refreshes = 0;
    const closes: number[] = [];
    const tracked = recorder<OrderStatusChangedSubscription>();
    const live = web(platform.bffWebUrl, async ({ refresh }) => {
      if (refresh) {
        refreshes += 1;
        token = await session.refresh();
      }
      return token;
    });
    live.client.onSocketClosed((e) => closes.push(e.code));

    const orderId = await placeOrderWith(
      web(platform.bffWebUrl, () => alice),
      skuId,
    );
    live.trackOrder(orderId, tracked.handlers);
    await tracked.until("CONFIRMED", reached("CONFIRMED"));
    await tracked.until("the token to expire and be refreshed", () => closes.includes(4401) && refreshes > 0, 30_000);

    await cancelOrder(platform, alice, orderId);
    await tracked.until("CANCELLED", reached("CANCELLED"));
    expect(closes).toContain(4401);
    // From the first status it saw on, every change once, in order: no gap across the reconnect.
    const seen = sequences(tracked.items);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen[0]! + i));
    expect(statuses(tracked.items).slice(-2)).toEqual(["CONFIRMED", "CANCELLED"]);
  }, 180_000);
});
