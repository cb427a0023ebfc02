import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { subgraphs } from "../subgraphs";
import { REPO_ROOT, composeSupergraph } from "./compose-supergraph";

/** `compose` writes gateway/supergraph.graphql; `--check` fails when it is stale; `--root DIR` for another checkout. */
function main() {
  const check = process.argv.includes("--check");
  const rootAt = process.argv.indexOf("--root");
  const root = rootAt > 0 ? path.resolve(process.argv[rootAt + 1]!) : REPO_ROOT;
  const SUPERGRAPH_PATH = path.join(root, "gateway", "supergraph.graphql");
  const composed = composeSupergraph(subgraphs, root);
  const committed = existsSync(SUPERGRAPH_PATH) ? readFileSync(SUPERGRAPH_PATH, "utf8") : "";
  const rel = path.relative(root, SUPERGRAPH_PATH);
  if (check) {
    if (composed !== committed) {
      process.stderr.write(
        `${rel} is stale: the subgraphs' SDL changed. Run \`npx nx run gateway:compose\` and commit the result.\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`${rel} is up to date\n`);
    return;
  }
  if (composed !== committed) writeFileSync(SUPERGRAPH_PATH, composed);
  process.stdout.write(`${rel} ${composed === committed ? "unchanged" : "written"}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
