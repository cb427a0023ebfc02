import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

export interface RenderedPage {
  title: string;
  text: string;
  screenshotPng: Buffer;
  /** Every URL the page asked for, loopback or not. */
  requests: string[];
  /** Requests that tried to leave loopback (the resolver rules make them fail). */
  blocked: string[];
  consoleErrors: string[];
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Opens a page in headless Chromium (Debian's package) with a fresh profile and a resolver that knows
 * only loopback, waits for a selector, and returns what a person would see.
 */
export async function renderPage(url: string, options: { waitForSelector: string; timeoutMs?: number; thenClick?: string; thenWaitForText?: string }): Promise<RenderedPage> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "emporium-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    // Every host name but loopback resolves to nothing: the page cannot leave this machine.
    args: ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-dev-shm-usage"],
  });
  const requests: string[] = [];
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on("request", (req) => {
      const target = req.url();
      requests.push(target);
      const host = target.startsWith("data:") ? "127.0.0.1" : new URL(target).hostname;
      if (!LOOPBACK.has(host) && !LOOPBACK.has(`[${host}]`)) blocked.push(target);
    });
    page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));
    page.on("pageerror", (err) => consoleErrors.push(String(err)));
    const timeout = options.timeoutMs ?? 30_000;
    await page.goto(url, { waitUntil: "networkidle0", timeout });
    await page.waitForSelector(options.waitForSelector, { timeout });
    if (options.thenClick) await page.click(options.thenClick);
    if (options.thenWaitForText) {
      // Serialised into the page, so it cannot call helpers from this module.
      await page.waitForFunction((t: string) => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.includes(t), { timeout }, options.thenWaitForText);
    }
    return {
      title: await page.title(),
      text: await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText),
      screenshotPng: Buffer.from(await page.screenshot({ type: "png" })),
      requests,
      blocked,
      consoleErrors,
    };
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
