import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderPage, startPlatform, type RunningPlatform } from "@emporium/testing";

/**
 * GraphiQL as a person sees it: headless Chromium opens /graphiql on the running gateway with every
 * request outside loopback refused, and runs the first example against the real catalog.
 */
describe("GraphiQL in a browser", () => {
  let platform: RunningPlatform;
  beforeAll(async () => {
    platform = await startPlatform(process.env.EMPORIUM_TEST_PG_ADMIN_URL!);
  }, 300_000);
  afterAll(() => platform?.stop());

  it("renders offline and runs the first example query through the gateway", async () => {
    const page = await renderPage(`${platform.gatewayUrl}/graphiql`, {
      waitForSelector: ".graphiql-container .graphiql-query-editor",
      thenClick: ".graphiql-execute-button",
      // (The result pane renders only its visible lines, so wait for the top of the result.)
      thenWaitForText: '"formatted": "€',
      timeoutMs: 60_000,
    });
    const dir = path.join(__dirname, "..", "..", "reports", "screenshots");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "graphiql.png"), page.screenshotPng);

    expect(page.title).toBe("Emporium GraphiQL");
    expect(page.blocked).toEqual([]);
    // Everything came from the gateway itself (inline data: images aside).
    expect(page.requests.filter((u) => !u.startsWith("data:") && !u.startsWith(platform.gatewayUrl))).toEqual([]);
    expect(page.consoleErrors).toEqual([]);
    expect(page.text).toContain("query FirstProducts");
    // The result pane shows catalog data read from PostgreSQL through the gateway.
    expect(page.text).toMatch(/"formatted": "€\d+\.\d\d"/);
  }, 120_000);
});
