/**
 * `npm test`: every check and test of the workspace, on infrastructure of its own.
 *   1. installs what the tests need (Chromium for the browser check, PostgreSQL server binaries,
 *      Keycloak, RabbitMQ);
 *   2. starts one throwaway PostgreSQL, Keycloak and RabbitMQ for the whole run (jest's global setups
 *      use them through EMPORIUM_TEST_PG_ADMIN_URL / EMPORIUM_TEST_KEYCLOAK_URL /
 *      EMPORIUM_TEST_AMQP_URL), on free ports, so a running `npm start` stack is untouched;
 *   3. runs the Nx targets: the format and doc-link checks, lint, typecheck, the contracts and
 *      supergraph checks, the GraphQL breaking-change gate (check-schemas), and test;
 *   4. prints the totals from Jest's JSON reports, ending with the line `N passed, N failed`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureKeycloakInstalled, ensurePostgresInstalled, ensureRabbitmqInstalled } from "@emporium/local-servers";
import { startTestServers } from "@emporium/testing";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const REPORTS = path.join(ROOT, "reports", "jest");
const TARGETS = [
  "format-check",
  "check-doc-links",
  "lint",
  "typecheck",
  "buf-lint",
  "breaking",
  "check-generated",
  "check-supergraph",
  "check-schemas",
  "check-registry",
  "check-commands",
  "test",
  "test-restarts",
  "test-scratch",
];

const step = (line: string) => console.log(`\n==> ${line}`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on("error", () => resolve(127));
  });
}

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: Array<{ name: string; status: string; message: string }>;
}

function totals(): { passed: number; failed: number; skipped: number; lines: string[] } {
  let passed = 0,
    failed = 0,
    skipped = 0;
  const lines: string[] = [];
  const files = existsSync(REPORTS)
    ? readdirSync(REPORTS)
        .filter((f) => f.endsWith(".json"))
        .sort()
    : [];
  for (const file of files) {
    const r = JSON.parse(readFileSync(path.join(REPORTS, file), "utf8")) as JestReport;
    // A suite that could not run at all (e.g. it does not compile) counts as one failure.
    const brokenSuites = r.numRuntimeErrorTestSuites;
    passed += r.numPassedTests;
    failed += r.numFailedTests + brokenSuites;
    skipped += r.numPendingTests;
    lines.push(
      `  ${file.replace(/\.json$/, "").padEnd(20)} ${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed`,
    );
  }
  return { passed, failed, skipped, lines };
}

async function main(): Promise<number> {
  const started = Date.now();
  step("Chromium (browser checks)");
  if ((await run("sh", [path.join(ROOT, "infra/local/chromium.sh")])) !== 0) return 1;
  step("PostgreSQL server binaries");
  await ensurePostgresInstalled((line) => console.log(line));
  step("Keycloak server distribution");
  await ensureKeycloakInstalled((line) => console.log(line));
  step("RabbitMQ");
  const rabbitmqInstallation = await ensureRabbitmqInstalled((line) => console.log(line));
  console.log(`RabbitMQ ${rabbitmqInstallation.version} (${rabbitmqInstallation.binDir})`);

  step("starting a throwaway PostgreSQL, Keycloak and RabbitMQ for this run");
  const servers = await startTestServers({ log: (line) => console.log(line) });
  let nxCode = 1;
  try {
    rmSync(REPORTS, { recursive: true, force: true });
    mkdirSync(REPORTS, { recursive: true });
    step(`nx run-many -t ${TARGETS.join(" ")}`);
    const nx = path.join(ROOT, "node_modules", ".bin", "nx");
    nxCode = await run(
      nx,
      [
        "run-many",
        "-t",
        ...TARGETS,
        "--parallel=2",
        "--skip-nx-cache",
        `--outputStyle=${process.env.CI ? "static" : "dynamic-legacy"}`,
      ],
      {
        ...process.env,
        NX_DAEMON: "false",
        NX_NO_CLOUD: "true",
        ...servers.env,
      },
    );
  } finally {
    await servers.stop();
  }
  const { passed, failed, skipped, lines } = totals();
  step(`results (${Math.round((Date.now() - started) / 1000)} s)`);
  for (const line of lines) console.log(line);
  if (nxCode !== 0)
    console.log(
      `  some Nx targets failed (exit ${nxCode}): see the output above (lint, typecheck and the contract checks fail the run too)`,
    );
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return nxCode !== 0 || failed > 0 || passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`npm test: ${err instanceof Error ? err.message : String(err)}`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  },
);
