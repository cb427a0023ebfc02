import type { DescMethod } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel as Idempotency } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import net from "node:net";
import type { UpstreamFailureKinds, UpstreamPolicy } from "./upstream-policy";

/** The error code of a connection that was not established in time (`connectWithTimeout`). */
export const CONNECT_TIMEOUT_CODE = "EMPORIUM_CONNECT_TIMEOUT";
/** Codes that say the upstream is unhealthy (down, slow, shedding load), whoever produced them. */
const UNHEALTHY_CODES: ReadonlySet<Code> = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.ResourceExhausted]);
/** Socket errors of a request that never left: nothing was sent, so any method may be sent again. */
const NEVER_SENT_SOCKET_ERRORS: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  CONNECT_TIMEOUT_CODE,
]);

/**
 * How Connect failures are read. Unhealthy: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, and
 * INTERNAL/UNKNOWN raised by the transport (not answered by the upstream: a reset or refused socket).
 * An upstream's own answer (NOT_FOUND, INVALID_ARGUMENT, even its INTERNAL) says nothing about its health.
 */
export const connectFailureKinds: UpstreamFailureKinds = {
  unhealthy(err) {
    if (!(err instanceof ConnectError)) return false;
    if (UNHEALTHY_CODES.has(err.code)) return true;
    return (err.code === Code.Internal || err.code === Code.Unknown) && !err.isWireError;
  },
  neverSent(err) {
    return err instanceof ConnectError && NEVER_SENT_SOCKET_ERRORS.has(socketErrorCode(err) ?? "");
  },
};

/** The socket error code somewhere in the cause chain (connect-node wraps it once or twice). */
function socketErrorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** NO_SIDE_EFFECTS or IDEMPOTENT in the proto (`option idempotency_level`): safe to send twice. */
export function isIdempotent(method: DescMethod): boolean {
  return method.idempotency === Idempotency.NO_SIDE_EFFECTS || method.idempotency === Idempotency.IDEMPOTENT;
}

/**
 * Every unary call through the transport runs under the upstream's policy (retry, bulkhead, breaker).
 * Streams pass through untouched: they are long-lived and cannot be sent twice.
 */
export function upstreamPolicyInterceptor(policy: UpstreamPolicy): Interceptor {
  return (next) => (req) => {
    if (req.stream) return next(req);
    return policy.execute(() => next(req), { idempotent: isIdempotent(req.method), signal: req.signal });
  };
}

/**
 * http2.connect's `createConnection` with a connect timeout: a socket that is not connected within
 * `timeoutMs` is destroyed with EMPORIUM_CONNECT_TIMEOUT (the request never left, so it may be retried).
 */
export function connectWithTimeout(timeoutMs: number): (authority: URL) => net.Socket {
  return (authority) => {
    const socket = net.connect({ host: authority.hostname, port: Number(authority.port || 80) });
    const timer = setTimeout(() => {
      const err = Object.assign(new Error(`connecting to ${authority.host} took over ${timeoutMs} ms`), {
        code: CONNECT_TIMEOUT_CODE,
      });
      socket.destroy(err);
    }, timeoutMs);
    timer.unref();
    socket.once("connect", () => clearTimeout(timer));
    socket.once("close", () => clearTimeout(timer));
    return socket;
  };
}
