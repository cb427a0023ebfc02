import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { AppError, serviceTokens } from "@emporium/platform";
import { startServices, testKeycloak, userToken, withBearer, type RunningServices } from "@emporium/testing";
import { ConnectShippingQuotes } from "../src/clients/shipping-quotes";
import { ALICE } from "./orders-harness";

/** The shipping adapter against real shipping and catalog processes, with orders' real client-credentials token. */
describe("shipping quotes over Connect", () => {
  let upstream: RunningServices<"catalog" | "shipping">;
  let quotes: ConnectShippingQuotes;
  beforeAll(async () => {
    upstream = await startServices(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, ["catalog", "shipping"]);
    const tokens = serviceTokens({
      service: "orders",
      authIssuer: testKeycloak().issuer,
      clientSecret: "dev-only-orders-secret",
    });
    quotes = ConnectShippingQuotes.over(upstream.services.shipping.rpcUrl, tokens);
  }, 120_000);
  afterAll(() => upstream?.stop());

  it("reads a customer's quote with who asked for it; an unknown id is no quote", async () => {
    const alice = createClient(
      ShippingService,
      createGrpcTransport({
        baseUrl: upstream.services.shipping.rpcUrl,
        interceptors: withBearer(await userToken(testKeycloak(), "alice")),
      }),
    );
    const destination = { countryCode: "FR", postalCode: "75001" };
    const skillet = "0192f000-0000-7000-8000-000000000002"; // 2600 g as packed: 3 started kilograms
    const { quote } = await alice.quoteShipping({ destination, lines: [{ skuId: skillet, quantity: 1 }] });
    expect(await quotes.quoteById(quote!.id)).toEqual({
      quoteId: quote!.id,
      requestedBy: ALICE,
      price: { currency: "EUR", amountMinor: 990n + 3n * 250n },
      expireTime: new Date(Number(quote!.expireTime!.seconds) * 1000 + quote!.expireTime!.nanos / 1e6),
      destination,
    });
    expect(await quotes.quoteById("no-such-quote")).toBeUndefined();
  });

  it("says UNAVAILABLE, for the caller to retry, when shipping cannot be reached", async () => {
    await upstream.services.shipping.process.stop();
    const err = await quotes.quoteById("any-quote").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/shipping .* retry/) });
  });
});
