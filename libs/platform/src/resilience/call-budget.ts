import { AsyncLocalStorage } from "node:async_hooks";
import type { Interceptor } from "@connectrpc/connect";
import type { ServerResponse } from "node:http";

/** What the request being handled may still spend: outbound calls made for it inherit both. */
export interface CallBudget {
  /** Epoch ms after which the caller no longer waits (undefined: it brought no deadline). */
  deadline?: number;
  /** Aborts when the caller gives up (deadline passed, cancelled, disconnected). */
  signal: AbortSignal;
}

const current = new AsyncLocalStorage<CallBudget>();

/**
 * Runs `work` with a budget: every call the kit's clients make from it, however deep, gets at most
 * the time left and is cancelled when `signal` aborts. Services enter it for each RPC
 * (`callBudgetInterceptor`); a GraphQL host enters it for each request.
 */
export function withCallBudget<T>(budget: CallBudget, work: () => T): T {
  return current.run(budget, work);
}

/** The budget of the request this code runs for, if any. */
export const currentCallBudget = (): CallBudget | undefined => current.getStore();

/**
 * The deadline and signal of an outbound call: the smaller of `timeoutMs` (its own default) and what
 * the current request has left, cancelled by `signal` and by the current request's signal. A budget
 * already spent gives 1 ms, so the call fails at once with DEADLINE_EXCEEDED without being worked on.
 */
export function outboundDeadline(
  timeoutMs: number,
  signal?: AbortSignal,
  budget: CallBudget | undefined = currentCallBudget(),
): { timeoutMs: number; signal: AbortSignal | undefined } {
  if (!budget) return { timeoutMs, signal };
  const left = budget.deadline === undefined ? timeoutMs : Math.max(1, Math.floor(budget.deadline - Date.now()));
  return {
    timeoutMs: Math.min(timeoutMs, left),
    signal: signal ? AbortSignal.any([signal, budget.signal]) : budget.signal,
  };
}

/**
 * The server side: each RPC runs inside its caller's budget, read from the protocol's timeout header
 * (`connect-timeout-ms`, `grpc-timeout`) and the handler's signal, which connect-node aborts when the
 * caller's deadline passes or it goes away. Work that listens to the signal (a database query, an
 * outbound call) stops instead of finishing for nobody.
 */
export function callBudgetInterceptor(): Interceptor {
  return (next) => (req) => {
    const timeoutMs = timeoutFromHeaders(req.header);
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    return withCallBudget({ deadline, signal: req.signal }, () => next(req));
  };
}

const GRPC_TIMEOUT_UNITS: Readonly<Record<string, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1_000,
  m: 1,
  u: 1e-3,
  n: 1e-6,
};

function timeoutFromHeaders(header: Headers): number | undefined {
  const connect = header.get("connect-timeout-ms");
  if (connect && /^\d{1,10}$/.test(connect)) return Number(connect);
  const grpc = /^(\d{1,8})([HMSmun])$/.exec(header.get("grpc-timeout") ?? "");
  if (grpc) return Number(grpc[1]) * (GRPC_TIMEOUT_UNITS[grpc[2]!] ?? 1);
  return undefined;
}

/**
 * Aborts when the HTTP response is closed before it was finished: the client went away, so the work
 * done for it (and the calls made for it) can stop.
 */
export function callerGone(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) controller.abort(new Error("the client went away"));
  });
  return controller.signal;
}
