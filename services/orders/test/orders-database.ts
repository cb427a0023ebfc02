import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, ensureTemplateDatabase, type TestDatabase } from "@emporium/testing";
import { ordersService } from "../src/app";

/**
 * A fresh copy of orders' migrated template database. The template is versioned by the content of
 * the migrations, so a test server that outlives a run (and branches with other migrations) never
 * hands out a template built from different files.
 */
export async function freshOrdersDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.EMPORIUM_TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error("EMPORIUM_TEST_PG_ADMIN_URL is not set: run through jest (its global setup sets it)");
  const { dir, migrate } = ordersService.migrations;
  const files = readdirSync(dir).sort();
  const version = createHash("sha256")
    .update(files.map((f) => `${f}\n${readFileSync(path.join(dir, f), "utf8")}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  await ensureTemplateDatabase(adminUrl, { service: "orders", version, migrate: (url) => migrate(url).then(() => {}) });
  return createTestDatabase(adminUrl, { service: "orders" });
}
