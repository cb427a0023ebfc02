import type { DescService } from "@bufbuild/protobuf";
import { createClient, type CallOptions, type Client, type Interceptor } from "@connectrpc/connect";
import type { TokenSource } from "../auth/client-credentials";
import type { Principal } from "../auth/principal";
import { AppError } from "../errors/app-error";
import { createServiceTransport } from "./client-transport";

export interface ServiceClientOptions {
  /** The deadline of a call that brings none (default 5 s). */
  timeoutMs?: number;
}

/**
 * A client for another service's RPCs, called as this service: every call carries the service's
 * own client-credentials token (`serviceTokens(config)`), so the callee's access table decides by
 * the calling client (`serviceCallers`) or treats it as public. For data that belongs to a person
 * (their addresses, their orders), use `callerClient`: the callee then applies the person's rights.
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
  return createClient(
    service,
    createServiceTransport(baseUrl, { timeoutMs: options.timeoutMs, interceptors: [bearer] }),
  );
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
  const client = createClient(service, createServiceTransport(baseUrl, { timeoutMs: options.timeoutMs }));
  return (caller) => {
    const token = caller.accessToken;
    if (!token)
      throw new AppError("UNAUTHENTICATED", "this operation is made on a person's behalf: it needs their token");
    return new Proxy(client, {
      get(target, method, receiver) {
        const call = Reflect.get(target, method, receiver) as unknown;
        if (typeof call !== "function") return call;
        return (request: unknown, callOptions: CallOptions = {}) => {
          const headers = new Headers(callOptions.headers);
          headers.set("authorization", `Bearer ${token}`);
          return (call as (r: unknown, o: CallOptions) => unknown).call(target, request, { ...callOptions, headers });
        };
      },
    });
  };
}
