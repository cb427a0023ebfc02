import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { createValidateInterceptor } from "@connectrpc/validate";
import type { Logger } from "pino";
import { toConnectError } from "../errors/rpc-error-map";
import { REQUEST_ID_HEADER, requestIdFrom } from "../logging/request-id";
import type { Metrics } from "../metrics/metrics";
import { callBudgetInterceptor } from "../resilience/call-budget";
import { requestIdKey } from "./request-context";

/**
 * The interceptor chain every service runs, outermost first: request id + access log + metrics,
 * then error mapping (once, for the whole chain), then the caller's budget (its deadline and signal,
 * inherited by every outbound call the handler makes), then authentication and authorisation (before
 * validation, so an unauthorised caller learns nothing about valid input), then the caller's rate
 * limit (it needs the verified caller; a refused call is validated and run never), then protovalidate.
 */
export function serverInterceptors(
  logger: Logger,
  metrics: Metrics,
  auth: Interceptor,
  rateLimit: Interceptor,
): Interceptor[] {
  return [
    observe(logger, metrics),
    mapErrors(logger),
    callBudgetInterceptor(),
    auth,
    rateLimit,
    createValidateInterceptor(),
  ];
}

/**
 * Request id, metrics and the access log line. The line names the call itself rather than through
 * a child logger: building a child (bindings, redaction) for every call cost more than the line.
 */
function observe(logger: Logger, metrics: Metrics): Interceptor {
  return (next) => async (req) => {
    const requestId = requestIdFrom(req.header.get(REQUEST_ID_HEADER));
    const rpc = `${req.service.typeName}/${req.method.name}`;
    req.contextValues.set(requestIdKey, requestId);
    const started = process.hrtime.bigint();
    let code = "ok";
    try {
      const res = await next(req);
      res.header.set(REQUEST_ID_HEADER, requestId);
      return res;
    } catch (err) {
      code = err instanceof ConnectError ? codeName(err) : "internal";
      if (err instanceof ConnectError) err.metadata.set(REQUEST_ID_HEADER, requestId);
      throw err;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.rpcDuration.observe({ method: rpc, code }, seconds);
      if (req.method.methodKind === "unary")
        logger.info({ requestId, rpc, code, ms: Math.round(seconds * 1000) }, "rpc");
    }
  };
}

function mapErrors(logger: Logger): Interceptor {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (err) {
      const requestId = req.contextValues.get(requestIdKey);
      const mapped = toConnectError(err, requestId);
      if (mapped.code === 13 /* Internal */)
        logger.error({ requestId, rpc: `${req.service.typeName}/${req.method.name}`, err }, "unexpected error");
      throw mapped;
    }
  };
}

function codeName(err: ConnectError): string {
  return (ConnectErrorCodeNames[err.code] ?? String(err.code)).toLowerCase();
}

const ConnectErrorCodeNames: Record<number, string> = {
  1: "canceled",
  2: "unknown",
  3: "invalid_argument",
  4: "deadline_exceeded",
  5: "not_found",
  6: "already_exists",
  7: "permission_denied",
  8: "resource_exhausted",
  9: "failed_precondition",
  10: "aborted",
  11: "out_of_range",
  12: "unimplemented",
  13: "internal",
  14: "unavailable",
  15: "data_loss",
  16: "unauthenticated",
};
