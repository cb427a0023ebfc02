import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BFFS, GATEWAY, SERVICES, envPrefix, loadTestRateLimitEnv, rpcUrlVariable } from "@emporium/registry";
import {
  freePort,
  startNodeProcess,
  startPlatform,
  waitForHttpOk,
  type RunningPlatform,
  type RunningProcess,
} from "@emporium/testing";
import { summarizeCpuProfile } from "./bff-profile";

/** Where the benchmark sends its screens, and how it profiles bff-mobile. */
export interface BffTarget {
  description: string;
  gatewayUrl: string;
  bffUrl: string;
  /**
   * Measures the BFF at `bffUrl`; with `--profile` on a platform of its own, measures once more a
   * bff-mobile under a CPU profile (that run is not reported, only its profile).
   */
  profiled<T>(screen: string, measureAt: (bffUrl: string) => Promise<T>): Promise<T>;
  /** The platform's processes, whose CPU time per screen the report shows (none for `npm start`'s). */
  processes: Array<{ name: string; pid: number }>;
  /** The profile's summary (Markdown lines); none unless profiled. */
  profileSummary(): Promise<string[]>;
  stop(): Promise<void>;
}

const local = (port: number) => `http://127.0.0.1:${port}`;

/**
 * `npm run bench -- bff`: the platform `npm start` runs (its registry ports, or the URLs in
 * EMPORIUM_BENCH_GATEWAY_URL / EMPORIUM_BENCH_BFF_MOBILE_URL). `--self`: a platform of its own on
 * the test infrastructure (EMPORIUM_TEST_PG_ADMIN_URL, EMPORIUM_TEST_KEYCLOAK_URL), where
 * `--profile` adds a second bff-mobile under `node --cpu-prof`, measured once more for the profile.
 */
export async function bffTarget(args: string[]): Promise<BffTarget> {
  if (!args.includes("--self")) return runningStack();
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL;
  if (!adminUrl || !process.env.EMPORIUM_TEST_KEYCLOAK_URL)
    throw new Error("--self needs EMPORIUM_TEST_PG_ADMIN_URL and EMPORIUM_TEST_KEYCLOAK_URL (the test infrastructure)");
  console.log(`==> starting a platform of its own (services, gateway, BFFs) on the test infrastructure`);
  const platform = await startPlatform(adminUrl, { logLevel: "error" });
  return selfStarted(platform, args.includes("--profile"));
}

async function runningStack(): Promise<BffTarget> {
  const mobile = BFFS.find((b) => b.name === "bff-mobile")!;
  const gatewayUrl = process.env.EMPORIUM_BENCH_GATEWAY_URL ?? local(GATEWAY.httpPort);
  const bffUrl = process.env.EMPORIUM_BENCH_BFF_MOBILE_URL ?? local(mobile.httpPort);
  for (const url of [gatewayUrl, bffUrl]) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) throw new Error(`${url} is not ready: start the platform with npm start first (or pass --self)`);
  }
  return {
    description: "the platform npm start runs",
    gatewayUrl,
    bffUrl,
    profiled: (_, measureAt) => measureAt(bffUrl),
    processes: [],
    profileSummary: async () => [],
    stop: async () => {},
  };
}

function selfStarted(platform: RunningPlatform, profile: boolean): BffTarget {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bff-mobile-profile-"));
  let profiledBff: (RunningProcess & { url: string }) | undefined;
  return {
    description: "a platform the benchmark started on the test infrastructure",
    gatewayUrl: platform.gatewayUrl,
    bffUrl: platform.bffMobileUrl,
    processes: [
      ...Object.entries(platform.services).map(([name, s]) => ({ name, pid: s.process.child.pid! })),
      { name: "gateway", pid: platform.gateway.child.pid! },
      ...Object.entries(platform.bffs).map(([name, p]) => ({ name, pid: p.child.pid! })),
    ],
    async profiled(screen, measureAt) {
      const result = await measureAt(platform.bffMobileUrl);
      if (!profile) return result;
      profiledBff ??= await startProfiledBff(platform, dir);
      console.log(`==> ${screen} screen once more, through a bff-mobile under node --cpu-prof`);
      await measureAt(profiledBff.url);
      return result;
    },
    async profileSummary() {
      if (!profiledBff) return [];
      await profiledBff.stop(); // the profile is written as the process exits
      const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
      return file ? summarizeCpuProfile(path.join(dir, file)) : [`(no profile written in ${dir})`];
    },
    async stop() {
      await profiledBff?.stop();
      await platform.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** bff-mobile as the platform starts it, on a port of its own, under `node --cpu-prof`. */
async function startProfiledBff(platform: RunningPlatform, dir: string): Promise<RunningProcess & { url: string }> {
  const port = await freePort();
  const kc = process.env.EMPORIUM_TEST_KEYCLOAK_URL!;
  const proc = startNodeProcess(["--cpu-prof", "--cpu-prof-dir", dir, "--import", "tsx", "bff-mobile/src/main.ts"], {
    [`${envPrefix("bff-mobile")}PORT`]: String(port),
    ...Object.fromEntries(SERVICES.map((s) => [rpcUrlVariable(s.name), platform.services[s.name].rpcUrl])),
    EMPORIUM_LOG_LEVEL: "error",
    EMPORIUM_AUTH_ISSUER: `${kc}/realms/emporium`,
    ...loadTestRateLimitEnv("bff-mobile"),
  });
  const url = local(port);
  await waitForHttpOk(`${url}/readyz`, proc);
  return Object.assign(proc, { url });
}
