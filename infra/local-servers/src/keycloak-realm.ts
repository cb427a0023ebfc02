import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export const REALM_EXPORT = path.resolve(__dirname, "..", "..", "keycloak", "emporium-realm.json");

export function loadRealmExport(file = REALM_EXPORT): { realm: string } & Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8")) as { realm: string } & Record<string, unknown>;
}

/**
 * Applies a realm through the admin REST API, replacing any previous copy: `--import-realm` skips a
 * realm that exists, which would silently ignore edits to the export.
 */
export async function applyRealm(url: string, options: RealmOptions): Promise<"created" | "replaced"> {
  const { name, headers, existing } = await openRealm(url, options);
  if (existing) {
    const del = await fetch(`${url}/admin/realms/${encodeURIComponent(name)}`, { method: "DELETE", headers });
    if (!del.ok) throw new Error(`could not replace realm ${name}: HTTP ${del.status} ${await del.text()}`);
  }
  const created = await fetch(`${url}/admin/realms`, { method: "POST", headers, body: JSON.stringify(options.realm) });
  if (created.status !== 201)
    throw new Error(`could not create realm ${name}: HTTP ${created.status} ${await created.text()}`);
  return existing ? "replaced" : "created";
}

/** The realm attribute that records which export a realm was made from. */
export const EXPORT_DIGEST_ATTRIBUTE = "emporium.exportSha256";

/**
 * Applies the realm only when it is missing or was made from another export. Replacing a realm
 * drops the users registered since and rotates its signing keys (every issued token dies), so a
 * Keycloak that keeps its state (PostgreSQL) must not get it on every start. The digest lives in the
 * realm itself, so it is right whatever happened to the database (new, restored, replaced).
 */
export async function ensureRealm(url: string, options: RealmOptions): Promise<"created" | "replaced" | "unchanged"> {
  const digest = createHash("sha256").update(JSON.stringify(options.realm)).digest("hex");
  const { existing } = await openRealm(url, options);
  if (existing?.attributes?.[EXPORT_DIGEST_ATTRIBUTE] === digest) return "unchanged";
  const ownAttributes = options.realm.attributes as Record<string, string> | undefined;
  const attributes = { ...ownAttributes, [EXPORT_DIGEST_ATTRIBUTE]: digest };
  return applyRealm(url, { ...options, realm: { ...options.realm, attributes } });
}

interface RealmOptions {
  adminUser: string;
  adminPassword: string;
  realm: { realm: string } & Record<string, unknown>;
}

/** An admin session and the realm as Keycloak has it now (undefined when there is none). */
async function openRealm(url: string, options: RealmOptions) {
  const tokenRes = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "admin-cli",
      username: options.adminUser,
      password: options.adminPassword,
    }),
  });
  if (!tokenRes.ok)
    throw new Error(`Keycloak refused the admin login: HTTP ${tokenRes.status} ${await tokenRes.text()}`);
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${access_token}`, "content-type": "application/json" };
  const name = options.realm.realm;
  const res = await fetch(`${url}/admin/realms/${encodeURIComponent(name)}`, { headers });
  if (!res.ok && res.status !== 404) {
    throw new Error(`could not read realm ${name}: HTTP ${res.status} ${await res.text()}`);
  }
  const existing = res.ok ? ((await res.json()) as { attributes?: Record<string, string> }) : undefined;
  return { name, headers, existing };
}
