import { createHash } from "node:crypto";
import { AppError } from "@emporium/platform";

/**
 * Page tokens are opaque to clients: base64url JSON of the keyset position plus a fingerprint of
 * the filter, so a token cannot be replayed against another filter and silently skip rows.
 */
export interface PagePosition {
  key: string | number;
  id: string;
}

export function encodePageToken(position: PagePosition, filter: object): string {
  return Buffer.from(JSON.stringify({ k: position.key, i: position.id, f: fingerprint(filter) })).toString("base64url");
}

export function decodePageToken(token: string, filter: object, field = "page_token"): PagePosition {
  const bad = (message: string) =>
    new AppError("INVALID_ARGUMENT", message, [{ field, ruleId: "page_token.valid", message }]);
  let parsed: { k?: unknown; i?: unknown; f?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw bad("is not a token this service issued");
  }
  if ((typeof parsed.k !== "string" && typeof parsed.k !== "number") || typeof parsed.i !== "string")
    throw bad("is not a token this service issued");
  if (parsed.f !== fingerprint(filter)) throw bad("was issued for a different filter; start again without a token");
  return { key: parsed.k, id: parsed.i };
}

function fingerprint(filter: object): string {
  return createHash("sha256").update(JSON.stringify(filter)).digest("base64url").slice(0, 12);
}
