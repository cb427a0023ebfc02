import type { DescService } from "@bufbuild/protobuf";
import { createClient, type CallOptions, type Client, type Interceptor } from "@connectrpc/connect";
import type { TokenSource } from "../auth/client-credentials";
import type { Principal } from "../auth/principal";
import { AppError } from "../errors/app-error";
import { REQUEST_ID_HEADER } from "../logging/request-id";
import { outboundDeadline } from "../resilience/call-budget";
import { connectFailureKinds } from "../resilience/connect-policy";
import { upstreamPolicies, type UpstreamPolicies } from "../resilience/upstream-policies";
import type { UpstreamPolicy } from "../resilience/upstream-policy";
import { createServiceTransport } from "./client-transport";
import { currentRequestId } from "./outbound-request-id";
import { upstreamFailure, upstreamKey, upstreamName } from "./upstream-error";

export interface ServiceClientOptions {
  /** The deadline of a call that brings none (default: the upstream policy's, 5 s). */
  timeoutMs?: number;
  /** Where the upstream's policy comes from (default: the process-wide `upstreamPolicies`). */
  policies?: UpstreamPolicies;
}

/**
 * A client for another service's RPCs, called as this service: every call carries the service's
 * own client-credentials token (`serviceTokens(config)`), so the callee's access table decides by
 * the calling client (`serviceCallers`) or treats it as public. For data that belongs to a person
 * (their addresses, their orders), use `callerClient`: the callee then applies the person's rights.
 *
 * Both classify failures once: the callee down, slow or shedding load is an AppError UNAVAILABLE
 * ("the catalog service cannot be reached right now; retry shortly"); any other answer is an
 * `UpstreamError` with the callee's code, for the adapter to decide on (NOT_FOUND may mean "not
 * yours"); one that escapes the adapter reaches our caller as INTERNAL, never as the callee's code.
 *
 * Every call runs under the callee's upstream policy (retry for idempotent methods only, bulkhead,
 * breaker) and inside the budget of the request being handled: it gets at most the time that request
 * has left and is cancelled when its caller gives up (docs/conventions.md "Resilience policies").
 */
export function serviceClient<S extends DescService>(
  service: S,
  baseUrl: string,
  options: ServiceClientOptions & { tokens: TokenSource },
): Client<S> {
  const bearer: Interceptor = (next) => async (req) => {
    req.header.set("authorization", `Bearer ${await options.tokens.token()}`);
    return next(req);
  };
  const policy = policyOf(service, options);
  const transport = createServiceTransport(baseUrl, { timeoutMs: options.timeoutMs, interceptors: [bearer], policy });
  return classified(service, createClient(service, transport), {}, timeoutOf(policy, options));
}

/**
 * A client for another service's RPCs, called on the caller's behalf: `callerClient(...)(principal)`
 * forwards the caller's own access token, so the callee sees the person, not this service. One
 * transport is shared by every caller.
 */
export function callerClient<S extends DescService>(
  service: S,
  baseUrl: string,
  options: ServiceClientOptions = {},
): (caller: Principal) => Client<S> {
  const policy = policyOf(service, options);
  const client = createClient(service, createServiceTransport(baseUrl, { timeoutMs: options.timeoutMs, policy }));
  return (caller) => {
    const token = caller.accessToken;
    if (!token)
      throw new AppError("UNAUTHENTICATED", "this operation is made on a person's behalf: it needs their token");
    return classified(service, client, { authorization: `Bearer ${token}` }, timeoutOf(policy, options));
  };
}

/**
 * A client for another service's RPCs that sends no token at all: for what is reached by something
 * other than an identity (a guest's cart, by its cart token). Failures are classified like the
 * other clients' (UNAVAILABLE, or an UpstreamError with the callee's answer).
 */
export function anonymousClient<S extends DescService>(
  service: S,
  baseUrl: string,
  options: ServiceClientOptions = {},
): Client<S> {
  const policy = policyOf(service, options);
  const client = createClient(service, createServiceTransport(baseUrl, { timeoutMs: options.timeoutMs, policy }));
  return classified(service, client, {}, timeoutOf(policy, options));
}

/** The callee's policy, shared by every client of it in the process: "catalog" for emporium.catalog.v1.CatalogService. */
function policyOf(service: DescService, options: ServiceClientOptions): UpstreamPolicy {
  const policies = options.policies ?? upstreamPolicies;
  return policies.for(upstreamKey(service.typeName), connectFailureKinds, upstreamName(service.typeName));
}

const timeoutOf = (policy: UpstreamPolicy, options: ServiceClientOptions) =>
  options.timeoutMs ?? policy.config.timeoutMs;

/**
 * The client, each unary call with these headers, within the current request's budget (the smaller
 * deadline, the caller's cancellation) and its failures classified (upstreamFailure).
 */
function classified<S extends DescService>(
  service: S,
  client: Client<S>,
  headers: Record<string, string>,
  timeoutMs: number,
): Client<S> {
  const upstream = upstreamName(service.typeName);
  return new Proxy(client, {
    get(target, method, receiver) {
      const call = Reflect.get(target, method, receiver) as unknown;
      if (typeof call !== "function") return call;
      return (request: unknown, callOptions: CallOptions = {}) => {
        const merged = new Headers(callOptions.headers);
        for (const [name, value] of Object.entries(headers)) merged.set(name, value);
        const requestId = currentRequestId();
        if (requestId && !merged.has(REQUEST_ID_HEADER)) merged.set(REQUEST_ID_HEADER, requestId);
        const result = (call as (r: unknown, o: CallOptions) => unknown).call(target, request, {
          ...callOptions,
          ...outboundDeadline(callOptions.timeoutMs ?? timeoutMs, callOptions.signal),
          headers: merged,
        });
        return result instanceof Promise
          ? result.catch((err: unknown) => Promise.reject(upstreamFailure(upstream, err)))
          : result;
      };
    },
  });
}
