import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import {
  createTestVhost,
  renderPage,
  startPlatform,
  testKeycloak,
  userToken,
  withBearer,
  type RunningPlatform,
  type TestVhost,
} from "@emporium/testing";

const SCREENSHOTS = path.join(__dirname, "..", "..", "reports", "screenshots");
/** The seeded product bff-web's "Live: stock of products" example watches, and one of its SKUs. */
const WATCHED_PRODUCT = "0192f000-0000-7000-8000-000000000001";
const WATCHED_SKU = { skuId: "0192f000-0000-7000-8000-000000000002", warehouseId: "wh-lyon" };

/**
 * GraphiQL as a person sees it: headless Chromium opens /graphiql on the running gateway and on
 * bff-web with every request outside loopback refused, runs an example query against the real
 * catalog, and a live subscription that shows a stock change as it happens.
 */
describe("GraphiQL in a browser", () => {
  let platform: RunningPlatform;
  let vhost: TestVhost;
  beforeAll(async () => {
    // A broker of its own: bff-web's live feed listens on it for inventory's events.
    vhost = await createTestVhost("e2e-graphiql");
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!, { broker: vhost });
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
    await vhost?.drop();
  });

  it("renders offline and runs the first example query through the gateway", async () => {
    const page = await renderPage(`${platform.gatewayUrl}/graphiql`, {
      waitForSelector: ".graphiql-container .graphiql-query-editor",
      thenClick: ".graphiql-execute-button",
      // (The result pane renders only its visible lines, so wait for the top of the result.)
      thenWaitForText: '"formatted": "€',
      timeoutMs: 60_000,
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(path.join(SCREENSHOTS, "graphiql.png"), page.screenshotPng);

    expect(page.title).toBe("Emporium GraphiQL");
    expect(page.blocked).toEqual([]);
    // Everything came from the gateway itself (inline data: images aside).
    expect(page.requests.filter((u) => !u.startsWith("data:") && !u.startsWith(platform.gatewayUrl))).toEqual([]);
    expect(page.consoleErrors).toEqual([]);
    expect(page.text).toContain("query FirstProducts");
    // The result pane shows catalog data read from PostgreSQL through the gateway.
    expect(page.text).toMatch(/"formatted": "€\d+\.\d\d"/);
  }, 120_000);

  it("runs bff-web's live stock example and shows a stock change while it runs", async () => {
    const admin = await userToken(testKeycloak(), "ada");
    const inventory = createClient(
      InventoryService,
      createGrpcTransport({ baseUrl: platform.inventoryRpcUrl, interceptors: withBearer(admin) }),
    );
    let available: bigint | undefined;
    const page = await renderPage(`${platform.bffWebUrl}/graphiql`, {
      waitForSelector: ".graphiql-container .graphiql-query-editor .CodeMirror",
      steps: [
        { click: ".graphiql-tabs ::-p-text(Stock)" },
        { waitForText: "subscription Stock {" },
        { click: ".graphiql-execute-button" },
        // The stock of the product's SKUs now (the subscription's snapshot)...
        { waitForText: `"productId": "${WATCHED_PRODUCT}"` },
        // ... then a delivery, which the open subscription shows as it happens.
        {
          run: async () => {
            const adjusted = await inventory.adjustStock({ ...WATCHED_SKU, delta: 2n, reason: "delivery" });
            available = adjusted.availability!.available;
          },
        },
        { waitForText: () => `"available": ${available}` },
      ],
      timeoutMs: 60_000,
    });
    writeFileSync(path.join(SCREENSHOTS, "graphiql-bff-web-live.png"), page.screenshotPng);

    expect(page.title).toBe("Emporium bff-web GraphiQL");
    expect(page.blocked).toEqual([]);
    expect(page.requests.filter((u) => !u.startsWith("data:") && !u.startsWith(platform.bffWebUrl))).toEqual([]);
    expect(page.consoleErrors).toEqual([]); // no CSP violation, no socket error
    expect(page.text).toContain(`"skuId": "${WATCHED_SKU.skuId}"`);
    expect(page.text).toContain(`"available": ${available}`);
  }, 120_000);
});
