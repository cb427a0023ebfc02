import { AppError } from "../errors/app-error";
import { decodePageToken, encodePageToken, type KeysetList } from "./page-token";

const reviewsOf = (productId: string): KeysetList => ({ of: { product: productId }, sortKey: "time" });
const products = (filter: { category: string; query: string }): KeysetList => ({
  of: filter,
  sortKey: filter.query ? "number" : "text",
});

/** The violation a refused token carries, or undefined when the token was accepted. */
function refusal(list: KeysetList, token: string, field?: string) {
  try {
    decodePageToken(list, token, field);
    return undefined;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { code: err.code, message: err.message, violations: err.violations };
  }
}

const forged = (body: object) => Buffer.from(JSON.stringify(body)).toString("base64url");

describe("page tokens", () => {
  it("give back the position they were made from, for each kind of sort key", () => {
    const created = new Date("2026-11-25T10:00:00.123Z");
    expect(decodePageToken(reviewsOf("p1"), encodePageToken(reviewsOf("p1"), { key: created, id: "r1" }))).toEqual({
      key: "2026-11-25T10:00:00.123Z",
      id: "r1",
    });
    const byRank = products({ category: "", query: "coffee" });
    expect(decodePageToken(byRank, encodePageToken(byRank, { key: 0.0607927, id: "a" }))).toEqual({
      key: 0.0607927,
      id: "a",
    });
    const byName = products({ category: "books", query: "" });
    expect(decodePageToken(byName, encodePageToken(byName, { key: 'Zoë\'s "book"', id: "b" }))).toEqual({
      key: 'Zoë\'s "book"',
      id: "b",
    });
  });

  it("are opaque URL-safe strings that fit the 512-character limit of the protos", () => {
    const token = encodePageToken(reviewsOf("p1"), { key: new Date(), id: "0192f000-0000-7000-8000-000000000001" });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(512);
  });

  it("do not depend on the order of the filter's keys", () => {
    const token = encodePageToken({ of: { a: "1", b: "2" }, sortKey: "text" }, { key: "k", id: "i" });
    expect(decodePageToken({ of: { b: "2", a: "1" }, sortKey: "text" }, token)).toEqual({ key: "k", id: "i" });
  });

  it("refuse garbage with INVALID_ARGUMENT on the field the caller used, saying what to do", () => {
    for (const garbage of [
      "not-a-token",
      "",
      "%%%",
      forged([1, 2]),
      forged({ k: "x" }),
      Buffer.from("null").toString("base64url"),
    ])
      expect(refusal(reviewsOf("p1"), garbage, "after")).toEqual({
        code: "INVALID_ARGUMENT",
        message: "after: is not a page token this service issued; start again without it",
        violations: [
          {
            field: "after",
            ruleId: "page_token.valid",
            message: "is not a page token this service issued; start again without it",
          },
        ],
      });
  });

  it("refuse a token of another list: another owner, another filter, another order", () => {
    const refusedAsForeign = {
      code: "INVALID_ARGUMENT",
      message: "page_token: belongs to another list (another filter, owner or order); start again without it",
      violations: [expect.objectContaining({ field: "page_token", ruleId: "page_token.valid" })],
    };
    const ofP1 = encodePageToken(reviewsOf("p1"), { key: new Date(), id: "r1" });
    expect(refusal(reviewsOf("p2"), ofP1)).toEqual(refusedAsForeign);
    const coffee = encodePageToken(products({ category: "", query: "coffee" }), { key: 0.5, id: "a" });
    expect(refusal(products({ category: "books", query: "coffee" }), coffee)).toEqual(refusedAsForeign);
    // Same owner, ordered by something else: the key would not mean the same.
    expect(refusal({ of: { product: "p1" }, sortKey: "text" }, ofP1)).toEqual(refusedAsForeign);
  });

  it("refuse an edited token whose key is not of the list's kind, before it reaches a query", () => {
    const list = reviewsOf("p1");
    const genuine = JSON.parse(
      Buffer.from(encodePageToken(list, { key: new Date(), id: "r1" }), "base64url").toString(),
    ) as { f: string };
    for (const k of ["yesterday", 12, "2026-13-45T99:00:00Z", null])
      expect(refusal(list, forged({ k, i: "r1", f: genuine.f }))?.violations[0]?.ruleId).toBe("page_token.valid");
    // Within the same list an edited position is only another starting point: accepted.
    expect(decodePageToken(list, forged({ k: "2020-01-01T00:00:00Z", i: "zzz", f: genuine.f }))).toEqual({
      key: "2020-01-01T00:00:00Z",
      id: "zzz",
    });
  });
});
