import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { DEFAULT_CHROMIUM_PATH, isLoopbackUrl, renderPage } from "@emporium/testing";
import { buildGraphiqlTestApp } from "../../test/graphiql-test-app";

/** Not graphiql.png: the e2e check against the whole platform writes that one. */
const SCREENSHOT = path.join(__dirname, "..", "..", "..", "reports", "screenshots", "graphiql-gateway.png");

/**
 * GraphiQL as a person sees it, without the rest of the platform: headless Chromium opens /graphiql
 * (every request off loopback aborted), the first example shows in the editor and runs against a
 * real GraphQL endpoint, under the page's Content-Security-Policy, with nothing in the console.
 */
describe("GraphiQL in headless Chromium", () => {
  let app: FastifyInstance;
  let baseUrl: string;
  beforeAll(async () => {
    const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
    if (!existsSync(chromium))
      throw new Error(`no Chromium at ${chromium}: run \`sh infra/local/chromium.sh\` (or set CHROMIUM_PATH)`);
    app = await buildGraphiqlTestApp();
    await app.listen({ host: "127.0.0.1", port: 0 });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => app?.close());

  it("renders offline with the examples as tabs and runs the first one", async () => {
    const page = await renderPage(`${baseUrl}/graphiql`, {
      waitForSelector: ".graphiql-container .graphiql-query-editor .CodeMirror",
      thenClick: ".graphiql-execute-button",
      // The stub endpoint's first product; the result pane renders only its visible lines.
      thenWaitForText: '"formatted": "€42.50"',
      timeoutMs: 30_000,
    });
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    writeFileSync(SCREENSHOT, page.screenshotPng);

    expect(page.title).toBe("Emporium GraphiQL");
    expect(page.blocked).toEqual([]);
    expect(page.requests.filter((u) => !isLoopbackUrl(u))).toEqual([]);
    expect(page.requests.filter((u) => !u.startsWith("data:") && !u.startsWith(`${baseUrl}/`))).toEqual([]);
    expect(page.requests).toContain(`${baseUrl}/graphql`); // introspection and the run
    expect(page.consoleErrors).toEqual([]);
    // The first example is open in the editor, the others wait in tabs named after their operations.
    expect(page.text).toContain("query FirstProducts {");
    expect(page.text).toContain("products(first: 5) {");
    for (const tab of ["FirstProducts", "NextPage", "Product", "Search"]) expect(page.text).toContain(tab);
    expect(page.text).toContain('"name": "Stub Kettle"');
    expect(page.screenshotPng.subarray(1, 4).toString()).toBe("PNG");
  }, 90_000);

  it("aborts requests that would leave loopback", async () => {
    // A page from this server that tries to load something from elsewhere: data: pages are allowed,
    // so build one that points at a non-loopback host. (.invalid never resolves; nothing is sent.)
    const page = await renderPage(
      `data:text/html,<title>probe</title><img src="http://example.invalid/x.png"><p id=done>done</p>`,
      {
        waitForSelector: "#done",
        timeoutMs: 15_000,
      },
    );
    expect(page.blocked).toEqual(["http://example.invalid/x.png"]);
    expect(page.consoleErrors.join("\n")).toContain("ERR_BLOCKED_BY_CLIENT");
  }, 60_000);
});
