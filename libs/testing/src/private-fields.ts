import { graphqlOutcome, type Outcome } from "./auth-matrix";

/**
 * An authorization-matrix classifier for rows that read private fields beside public ones (a
 * Customer's email and addresses beside its display name): the public data rightly comes back when
 * the private fields are refused, so only the private values count. "ok" needs every private field
 * with a value; a private value beside an error is a leak; refusals are classified by graphqlOutcome
 * (which also notes the refusal's message for the token matrix).
 */
export function privateFieldsOutcome(
  privateValues: (data: Record<string, unknown>) => unknown[],
): (res: Response) => Promise<Outcome> {
  return async (res) => {
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
    const values = body.data ? privateValues(body.data) : [];
    const returned = values.filter((v) => v !== null && v !== undefined);
    if (body.errors?.length && returned.length > 0) {
      return `other: private data returned beside an error: ${JSON.stringify(body)}`;
    }
    const privatePart = body.data ? { private: returned.length > 0 ? returned : null } : body.data;
    const privateOnly = new Response(JSON.stringify({ ...body, data: privatePart }), { status: res.status });
    const verdict = await graphqlOutcome(privateOnly);
    if (verdict === "ok" && (values.length === 0 || returned.length < values.length)) {
      return `other: private fields missing: ${JSON.stringify(body.data)}`;
    }
    return verdict;
  };
}
