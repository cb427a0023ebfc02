/**
 * `npm run orders -- <command>`: the orders service's operator CLI (services/orders/src/cli.ts)
 * against the local platform's orders database, unless EMPORIUM_ORDERS_DATABASE_URL names another.
 * As `npm start` does for the service, the local platform hands the CLI its database as a URL.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { databaseUrlFor, superuserUrl } from "@emporium/local-servers";
import { localPostgresPort } from "./local-postgres";
import { readLocalSecrets } from "./local-secrets";
import { stateDir } from "./state-dir";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(REPO_ROOT, "services", "orders", "src", "cli.ts");

const env = { ...process.env };
if (!env.EMPORIUM_ORDERS_DATABASE_URL) {
  const password = readLocalSecrets(stateDir(env))?.servicePasswords?.orders;
  if (typeof password === "string") {
    const server = superuserUrl(localPostgresPort(env), "");
    env.EMPORIUM_ORDERS_DATABASE_URL = databaseUrlFor(server, { role: "orders", password, database: "orders" });
  } else {
    // No local platform here: the CLI falls back to the service's default and says what failed.
    console.error("orders: no local platform (npm start) found; set EMPORIUM_ORDERS_DATABASE_URL");
  }
}
const cli = spawnSync(process.execPath, ["--import", "tsx", CLI, ...process.argv.slice(2)], { env, stdio: "inherit" });
process.exit(cli.status ?? 1);
