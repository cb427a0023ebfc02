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
export async function applyRealm(url: string, options: { adminUser: string; adminPassword: string; realm: { realm: string } & Record<string, unknown> }): Promise<"created" | "replaced"> {
  const tokenRes = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: options.adminUser, password: options.adminPassword }),
  });
  if (!tokenRes.ok) throw new Error(`Keycloak refused the admin login: HTTP ${tokenRes.status} ${await tokenRes.text()}`);
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${access_token}`, "content-type": "application/json" };
  const name = options.realm.realm;
  const existing = await fetch(`${url}/admin/realms/${encodeURIComponent(name)}`, { headers });
  if (existing.ok) {
    const del = await fetch(`${url}/admin/realms/${encodeURIComponent(name)}`, { method: "DELETE", headers });
    if (!del.ok) throw new Error(`could not replace realm ${name}: HTTP ${del.status} ${await del.text()}`);
  }
  const created = await fetch(`${url}/admin/realms`, { method: "POST", headers, body: JSON.stringify(options.realm) });
  if (created.status !== 201) throw new Error(`could not create realm ${name}: HTTP ${created.status} ${await created.text()}`);
  return existing.ok ? "replaced" : "created";
}
