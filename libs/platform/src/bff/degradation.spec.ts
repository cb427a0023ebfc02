import { edgeReadiness, oneErrorPerUnavailable } from "./degradation";

const unavailable = (path: string[]) => ({
  message: "the reviews service cannot be reached right now; retry shortly",
  path,
  extensions: { code: "UNAVAILABLE", requestId: "r1" },
});

describe("oneErrorPerUnavailable", () => {
  it("reports an unavailable service once, however many fields it left null, keeping the first entry", () => {
    const errors = [
      unavailable(["products", "edges", "0", "node", "rating"]),
      unavailable(["products", "edges", "1", "node", "rating"]),
    ];
    expect(oneErrorPerUnavailable(errors)).toEqual([errors[0]]);
  });

  it("keeps one entry per unavailable service and every other error as it was", () => {
    const catalog = {
      ...unavailable(["product"]),
      message: "the catalog service cannot be reached right now; retry shortly",
    };
    const notFound = { message: 'product "p-9" does not exist', path: ["a"], extensions: { code: "NOT_FOUND" } };
    const internal = { message: "internal error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
    const errors = [unavailable(["x"]), notFound, catalog, internal, internal, unavailable(["y"]), catalog];
    expect(oneErrorPerUnavailable(errors)).toEqual([unavailable(["x"]), notFound, catalog, internal, internal]);
  });
});

describe("edgeReadiness", () => {
  it("stays SERVING while only optional upstreams are down, and shows them in the details", () => {
    const readiness = edgeReadiness({ catalog: { ok: true }, reviews: { ok: false, error: "fetch failed" } }, [
      "catalog",
    ]);
    expect(readiness).toEqual({
      status: "SERVING",
      checks: {
        catalog: { ok: true, required: true },
        reviews: { ok: false, error: "fetch failed", required: false },
      },
    });
  });

  it("is NOT_SERVING when a required upstream is down", () => {
    const readiness = edgeReadiness({ catalog: { ok: false, error: "readyz answered 503" }, reviews: { ok: true } }, [
      "catalog",
    ]);
    expect(readiness.status).toBe("NOT_SERVING");
  });

  it("requires catalog by default", () => {
    expect(edgeReadiness({ catalog: { ok: false }, reviews: { ok: true } }).status).toBe("NOT_SERVING");
    expect(edgeReadiness({ catalog: { ok: true }, notifications: { ok: false } }).status).toBe("SERVING");
  });
});
