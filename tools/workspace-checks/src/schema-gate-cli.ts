/**
 * `nx run workspace-checks:check-schemas` (part of `npm test`): fails, naming each change, when the
 * gateway's or a BFF's public schema breaks its committed baseline in schema-baselines/.
 * `npm run schema:baseline` (`--update`) records the current schemas as the baselines.
 *   node --import tsx tools/workspace-checks/src/schema-gate-cli.ts [--update] [--root <dir>]
 */
import path from "node:path";
import { GUARDED_SCHEMAS, compareWithBaseline, describeVerdict, passes, writeBaselines } from "./schema-gate";

async function main(): Promise<number> {
  const rootFlag = process.argv.indexOf("--root");
  const root =
    rootFlag > 0 ? path.resolve(process.argv[rootFlag + 1] ?? ".") : path.resolve(__dirname, "..", "..", "..");
  if (process.argv.includes("--update")) {
    for (const line of writeBaselines(root)) console.log(line);
    return 0;
  }
  let failed = 0;
  for (const guarded of GUARDED_SCHEMAS) {
    const verdict = await compareWithBaseline(root, guarded);
    const log = passes(verdict) ? console.log : console.error;
    for (const line of describeVerdict(verdict)) log(line);
    if (!passes(verdict)) failed++;
  }
  if (failed > 0) console.error(`${failed} schema(s) fail the breaking-change gate`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
