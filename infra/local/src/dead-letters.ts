/**
 * `npm run dead-letters`: the dead-letter CLI (tools/dead-letters) against the local platform's
 * broker, signed in as `operator`, unless `--url` or EMPORIUM_AMQP_URL names another broker. As
 * `npm start` does for the services, the local platform hands the CLI its broker as a URL; the CLI
 * itself knows nothing of secrets.json (and imports nothing from here).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { localRabbitmqOperator } from "./rabbitmq-operator";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(REPO_ROOT, "tools", "dead-letters", "src", "dead-letters-cli.ts");

const args = process.argv.slice(2);
const env = { ...process.env };
if (!args.includes("--url") && !env.EMPORIUM_AMQP_URL) {
  try {
    const operator = localRabbitmqOperator(env);
    env.EMPORIUM_AMQP_URL = operator.amqpUrl;
    env.EMPORIUM_RABBITMQ_MANAGEMENT_URL ??= operator.managementUrl;
  } catch (err) {
    // No local platform here: the CLI says what it needs.
    console.error(`dead-letters: ${err instanceof Error ? err.message : String(err)}`);
  }
}
const cli = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { env, stdio: "inherit" });
process.exit(cli.status ?? 1);
