/**
 * `nx run workspace-checks:check-doc-links` (part of `npm test`): fails, naming each one, when a
 * Markdown link or a Markdown path cited in code points to a file or heading that does not exist.
 *   node --import tsx tools/workspace-checks/src/doc-links-cli.ts [--root <dir>]
 */
import path from "node:path";
import { findBrokenLinks } from "./doc-links";

const rootFlag = process.argv.indexOf("--root");
const root = rootFlag > 0 ? path.resolve(process.argv[rootFlag + 1] ?? ".") : path.resolve(__dirname, "..", "..", "..");
const broken = findBrokenLinks(root);
for (const b of broken) console.error(`${b.file}:${b.line}: ${b.target} — ${b.reason}`);
if (broken.length > 0) {
  console.error(`${broken.length} broken doc link(s)`);
  process.exit(1);
}
console.log("doc links: every reference resolves");
