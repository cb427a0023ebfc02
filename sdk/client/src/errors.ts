import type { OperationResult } from "@urql/core";

/** A GraphQL error as the BFFs send it: every one carries extensions.code and extensions.requestId. */
export interface GraphqlError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/**
 * Why a subscription ended: the BFF refused it (errors, e.g. FORBIDDEN for another customer's
 * order; `code` is the first one's extensions.code), or closed the connection with a code the SDK
 * does not retry (`closeCode`, e.g. 4403 for a token that does not verify).
 */
export class SubscriptionError extends Error {
  readonly code: string | undefined;
  readonly errors: readonly GraphqlError[];
  readonly closeCode: number | undefined;

  constructor(message: string, options: { errors?: readonly GraphqlError[]; closeCode?: number } = {}) {
    super(message);
    this.name = "SubscriptionError";
    this.errors = options.errors ?? [];
    this.closeCode = options.closeCode;
    const code = this.errors[0]?.extensions?.["code"];
    this.code = typeof code === "string" ? code : undefined;
  }

  static fromErrors(errors: readonly GraphqlError[]): SubscriptionError {
    return new SubscriptionError(errors.map((e) => e.message).join("; ") || "subscription refused", { errors });
  }
}

/**
 * The data of a query's or mutation's result, or its error thrown: for callers that treat any error
 * as a failure. (A BFF answers what it could with an error beside each missing field; read
 * `result.data` and `result.error` yourself to show a partial screen.)
 */
export function requireData<TData>(result: Pick<OperationResult<TData>, "data" | "error">): TData {
  if (result.error) throw result.error;
  if (result.data == null) throw new Error("the BFF answered without data");
  return result.data;
}
