import { AppError, connectionLimit, MAX_PAGE_SIZE } from "@emporium/platform";

/** One page of a service's list: its items and the token of the next page ("" on the last). */
export interface ServicePage<T> {
  items: readonly T[];
  nextPageToken: string;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A Relay connection over a service's token-paged list. Services hand out a token per page, a
 * connection needs a cursor per edge: a cursor is the page token its page started at plus how many
 * items of that page come before the next edge, so resuming after any edge is one call (skipping
 * those items), and resuming after the last edge of a page is the service's own next page.
 */
export async function connectionOf<T, A extends ServicePage<T>>(
  first: number,
  after: string | null | undefined,
  fetchPage: (pageToken: string, pageSize: number) => Promise<A>,
): Promise<{ connection: Connection<T>; answer: A }> {
  const limit = connectionLimit(first);
  const start = after ? positionOf(after) : { token: "", skip: 0 };
  const answer = await fetchPage(start.token, Math.min(MAX_PAGE_SIZE, start.skip + limit));
  const rest = answer.items.slice(start.skip);
  const items = rest.slice(0, limit);
  const cursorAfter = (i: number) =>
    start.skip + i + 1 === answer.items.length && answer.nextPageToken
      ? cursorOf(answer.nextPageToken, 0)
      : cursorOf(start.token, start.skip + i + 1);
  const edges = items.map((node, i) => ({ cursor: cursorAfter(i), node }));
  const hasNextPage = rest.length > limit || answer.nextPageToken !== "";
  return { connection: { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } }, answer };
}

const cursorOf = (token: string, skip: number) => Buffer.from(JSON.stringify([token, skip])).toString("base64url");

function positionOf(cursor: string): { token: string; skip: number } {
  try {
    const [token, skip] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (
      typeof token === "string" &&
      Number.isInteger(skip) &&
      (skip as number) >= 0 &&
      (skip as number) < MAX_PAGE_SIZE
    )
      return { token, skip: skip as number };
  } catch {
    // refused below, as every cursor that is not one of ours
  }
  throw new AppError("INVALID_ARGUMENT", "after: not a cursor of this list; start again without it", [
    { field: "after", ruleId: "page_token.valid", message: "not a cursor of this list; start again without it" },
  ]);
}
