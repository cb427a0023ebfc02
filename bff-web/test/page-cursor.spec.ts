import { connectionOf, type Connection, type ServicePage } from "../src/composition/page-cursor";

/** A service's list of 0..n-1, pages as its own tokens say ("" = the start, then "@<offset>"). */
function serviceList(n: number) {
  const asked: Array<{ pageToken: string; pageSize: number }> = [];
  const fetchPage = async (pageToken: string, pageSize: number): Promise<ServicePage<number>> => {
    asked.push({ pageToken, pageSize });
    const start = pageToken ? Number(pageToken.slice(1)) : 0;
    const items = Array.from({ length: Math.max(0, Math.min(pageSize, n - start)) }, (_, i) => start + i);
    return { items, nextPageToken: start + pageSize < n ? `@${start + pageSize}` : "" };
  };
  return { fetchPage, asked };
}

describe("connections over a service's token-paged list", () => {
  it("pages through every item once, one call per page, resuming at the service's own next page", async () => {
    const list = serviceList(7);
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const { connection }: { connection: Connection<number> } = await connectionOf(3, after, list.fetchPage);
      seen.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(list.asked).toEqual([
      { pageToken: "", pageSize: 3 },
      { pageToken: "@3", pageSize: 3 },
      { pageToken: "@6", pageSize: 3 },
    ]);
  });

  it("resumes right after any edge, not only the last", async () => {
    const list = serviceList(10);
    const { connection } = await connectionOf(4, null, list.fetchPage);
    const { connection: rest } = await connectionOf(3, connection.edges[1]!.cursor, list.fetchPage);
    expect(rest.edges.map((e) => e.node)).toEqual([2, 3, 4]);
  });

  it("refuses a cursor that is not one of its own, naming `after`", async () => {
    await expect(connectionOf(3, "not-a-cursor", serviceList(3).fetchPage)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      violations: [{ field: "after", ruleId: "page_token.valid", message: expect.any(String) }],
    });
  });

  it("refuses first outside 1..100 before asking the service", async () => {
    const list = serviceList(3);
    await expect(connectionOf(0, null, list.fetchPage)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(list.asked).toEqual([]);
  });
});
