/**
 * `nx run workspace-checks:check-commands`: fails, naming each one, when a command in
 * proto/emporium/<receiver>/v1/commands.proto breaks ADR 0017's rules (see checkCommands). The
 * workspace-checks tests run the same check on the committed protos, so `npm test` enforces it.
 *   node --import tsx tools/workspace-checks/src/commands-check-cli.ts [--root <dir>]
 */
import path from "node:path";
import { checkCommands, compileContracts } from "./commands-check";

const rootFlag = process.argv.indexOf("--root");
const root = rootFlag > 0 ? path.resolve(process.argv[rootFlag + 1] ?? ".") : path.resolve(__dirname, "..", "..", "..");
const problems = checkCommands(compileContracts(root));
for (const problem of problems) console.error(`proto/${problem}`);
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) with commands`);
  process.exit(1);
}
console.log("commands: each names its replies and carries order_id, correlation_id and expire_time");
