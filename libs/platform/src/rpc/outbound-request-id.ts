import { AsyncLocalStorage } from "node:async_hooks";

const current = new AsyncLocalStorage<string>();

/**
 * Runs `work` inside a request: every call the kit's clients make from it, however deep in the
 * resolvers and loaders, carries `x-request-id: requestId`, so the callee's logs name the request
 * that caused them. The BFF host wraps each GraphQL request in it.
 */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return current.run(requestId, work);
}

/** The id of the request this code runs for, if it runs inside `withRequestId`. */
export const currentRequestId = (): string | undefined => current.getStore();
