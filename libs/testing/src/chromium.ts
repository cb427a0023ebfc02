import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";

export interface RenderedPage {
  title: string;
  /** The page's visible text (document.body.innerText). */
  text: string;
  screenshotPng: Buffer;
  /** Every URL the page asked for, loopback or not (aborted ones included). */
  requests: string[];
  /** Requests that tried to leave loopback; each one was aborted before it reached the network. */
  blocked: string[];
  /** console.error calls, failed loads, uncaught exceptions and Content-Security-Policy violations. */
  consoleErrors: string[];
}

export interface RenderOptions {
  waitForSelector: string;
  /** For each step (navigation, each wait). Default 30 s. */
  timeoutMs?: number;
  /** Clicked once the selector is there (e.g. GraphiQL's run button). */
  thenClick?: string;
  /** Visible text to wait for afterwards. */
  thenWaitForText?: string;
  /**
   * Then, in order: clicks (CSS or Puppeteer selectors, e.g. `.graphiql-tab ::-p-text(Track)`),
   * actions outside the page (e.g. cause the event a live page should show) and texts to wait for
   * (a function: the text as it is when the step comes, e.g. a value an earlier action returned).
   */
  steps?: RenderStep[];
}

export type RenderStep = { click: string } | { waitForText: string | (() => string) } | { run: () => Promise<void> };

/** Debian's package; `sh infra/local/chromium.sh` installs it. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** True for http(s)/ws(s) URLs on loopback, and for data:/blob: URLs a loopback page made itself. */
export function isLoopbackUrl(target: string): boolean {
  if (target.startsWith("data:")) return true;
  let url: URL;
  try {
    url = new URL(target.startsWith("blob:") ? target.slice("blob:".length) : target);
  } catch {
    return false;
  }
  return ["http:", "https:", "ws:", "wss:"].includes(url.protocol) && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Opens a page in headless Chromium (Debian's package; CHROMIUM_PATH overrides) with a fresh,
 * throwaway profile, waits for a selector and returns what a person would see.
 *
 * The page cannot leave loopback: request interception aborts every request to another host before
 * it is sent (recorded in `blocked`), and as a second fence the browser's resolver knows no host
 * name but loopback (that also covers requests interception does not see, e.g. from workers).
 * Background traffic of the browser itself (updates, sync, QUIC probes) is switched off.
 */
export async function renderPage(url: string, options: RenderOptions): Promise<RenderedPage> {
  const timeout = options.timeoutMs ?? 30_000;
  const profile = mkdtempSync(path.join(os.tmpdir(), "emporium-chromium-"));
  const requests: string[] = [];
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH,
      headless: true, // adds --headless
      userDataDir: profile, // --user-data-dir: a new empty profile
      timeout,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-dev-shm-usage",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
      ],
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const target = req.url();
      requests.push(target);
      if (req.isInterceptResolutionHandled()) return;
      if (isLoopbackUrl(target)) {
        void req.continue();
      } else {
        blocked.push(target);
        void req.abort("blockedbyclient");
      }
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => consoleErrors.push(String(err)));
    // Installed by the DevTools protocol, so the page's own CSP does not stop it.
    await page.evaluateOnNewDocument(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            addEventListener(
              type: string,
              listener: (e: { violatedDirective: string; blockedURI: string }) => void,
            ): void;
          };
        }
      ).document;
      doc.addEventListener("securitypolicyviolation", (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"}`),
      );
    });

    await page.goto(url, { waitUntil: "networkidle0", timeout });
    await page.waitForSelector(options.waitForSelector, { timeout });
    if (options.thenClick) await page.click(options.thenClick);
    const pageText = () =>
      page.evaluate(
        () => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText,
      );
    const waitForText = async (text: string) => {
      try {
        // Serialised into the page, so it cannot call helpers from this module.
        await page.waitForFunction(
          (t: string) =>
            (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.includes(
              t,
            ),
          { timeout },
          text,
        );
      } catch (err) {
        const shown = await pageText().catch(() => "(unreadable)");
        throw new Error(
          `${(err as Error).message} waiting for the text ${JSON.stringify(text)}; the page showed:\n` +
            `${shown.slice(-3_000)}\nconsole errors: ${JSON.stringify(consoleErrors)}`,
        );
      }
    };
    if (options.thenWaitForText) await waitForText(options.thenWaitForText);
    for (const step of options.steps ?? []) {
      if ("click" in step) {
        await page.waitForSelector(step.click, { timeout });
        await page.click(step.click);
      } else if ("waitForText" in step)
        await waitForText(typeof step.waitForText === "function" ? step.waitForText() : step.waitForText);
      else await step.run();
    }
    return {
      title: await page.title(),
      text: await pageText(),
      screenshotPng: Buffer.from(await page.screenshot({ type: "png" })),
      requests,
      blocked,
      consoleErrors,
    };
  } finally {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
