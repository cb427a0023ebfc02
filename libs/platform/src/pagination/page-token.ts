import { createHash } from "node:crypto";
import { invalidArgument } from "../errors/app-error";
import { parseRfc3339 } from "../time/rfc3339";

/**
 * One list a keyset page token belongs to. `of` is what the list is of — its filter, or the
 * customer or product it belongs to — and `sortKey` the kind of value it is ordered by before the
 * id. A token is good for the same list only: another filter, owner or ordering refuses it.
 */
export interface KeysetList {
  of: unknown;
  sortKey: "text" | "number" | "time";
}

/** Where the next page starts: after the row with this sort key and id. Times are RFC 3339 strings. */
export interface PagePosition {
  key: string | number;
  id: string;
}

/**
 * Tokens are opaque to clients, not secret: base64url JSON of the position plus a fingerprint of
 * the list. A client that edits one can only move its own starting point within the same list.
 */
export function encodePageToken(list: KeysetList, last: { key: string | number | Date; id: string }): string {
  const key = last.key instanceof Date ? last.key.toISOString() : last.key;
  return Buffer.from(JSON.stringify({ k: key, i: last.id, f: fingerprint(list) })).toString("base64url");
}

/**
 * The position a token names, or INVALID_ARGUMENT (rule `page_token.valid`) on `field` when it is
 * not a token of this service or belongs to another list.
 */
export function decodePageToken(list: KeysetList, token: string, field = "page_token"): PagePosition {
  const parsed = parse(token);
  if (typeof parsed?.i !== "string" || typeof parsed.f !== "string")
    throw refused(field, "is not a page token this service issued; start again without it");
  if (parsed.f !== fingerprint(list))
    throw refused(field, "belongs to another list (another filter, owner or order); start again without it");
  if (!isKey(list.sortKey, parsed.k))
    throw refused(field, "is not a page token this service issued; start again without it");
  return { key: parsed.k, id: parsed.i };
}

function parse(token: string): { k?: unknown; i?: unknown; f?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isKey(kind: KeysetList["sortKey"], key: unknown): key is string | number {
  if (kind === "number") return typeof key === "number" && Number.isFinite(key);
  if (kind === "time") return typeof key === "string" && parseRfc3339(key) !== undefined;
  return typeof key === "string";
}

function fingerprint(list: KeysetList): string {
  const canonical = JSON.stringify([list.sortKey, list.of], (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 12);
}

const refused = (field: string, message: string) => invalidArgument([{ field, ruleId: "page_token.valid", message }]);
