import path from "node:path";
import { REGENERATE, REPO_ROOT, SDKS, staleFiles, writeSdk } from "./sdk-codegen";

/**
 * `sdk-codegen-cli.ts [web|mobile ...]` writes those SDKs' typed documents and their BFFs' manifests
 * (default: every SDK); `--check` writes nothing and fails when a committed file is stale;
 * `--root DIR` runs against another checkout (the check's own tests use a broken copy).
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf("--root");
  const root = rootAt >= 0 ? path.resolve(args[rootAt + 1]!) : REPO_ROOT;
  const names = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--root");
  const unknown = names.filter((n) => !SDKS.some((s) => s.name === n));
  if (unknown.length) {
    process.stderr.write(`unknown SDK ${unknown.join(", ")}; known: ${SDKS.map((s) => s.name).join(", ")}\n`);
    return 2;
  }
  const sdks = names.length ? SDKS.filter((s) => names.includes(s.name)) : SDKS;
  let failed = false;
  for (const sdk of sdks) {
    if (args.includes("--check")) {
      const stale = await staleFiles(root, sdk);
      if (stale.length) {
        failed = true;
        process.stderr.write(
          `the ${sdk.name} SDK's generated files are stale (${stale.join(", ")}): its operations or ${sdk.bff}'s ` +
            `schema changed. Run \`${REGENERATE}\` and commit the result.\n`,
        );
      } else process.stdout.write(`the ${sdk.name} SDK's generated files are up to date\n`);
    } else {
      const changed = await writeSdk(root, sdk);
      process.stdout.write(`the ${sdk.name} SDK: ${changed.length ? `wrote ${changed.join(", ")}` : "unchanged"}\n`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
