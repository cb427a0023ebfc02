import { AppError } from "@emporium/platform";

export interface Position {
  time: string;
  id: string;
}

/**
 * Keyset page tokens: base64url JSON of the position plus what the list is of (`scope`, e.g. the
 * customer), so a token of one list is refused by another, never silently wrong.
 */
export const encodePageToken = (scope: string, time: Date, id: string) =>
  Buffer.from(JSON.stringify({ s: scope, t: time.toISOString(), i: id })).toString("base64url");

export function decodePageToken(token: string, scope: string, field: string): Position {
  let t: { s?: unknown; t?: unknown; i?: unknown } = {};
  try {
    t = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    // reported below
  }
  if (t.s !== scope || typeof t.t !== "string" || Number.isNaN(Date.parse(t.t)) || typeof t.i !== "string") {
    throw new AppError("INVALID_ARGUMENT", `${field} is not a token of this list; start again without it`, [
      { field, ruleId: "page_token.valid", message: "is not a token issued for this list" },
    ]);
  }
  return { time: t.t, id: t.i };
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const pageLimit = (pageSize: number) => Math.min(pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
