import type { Principal } from "@emporium/platform";
import { webLoaders, type WebLoaders } from "../composition/web-loaders";
import type { CallerCalls, WebServices } from "../composition/web-services";

/** What every resolver of one request sees: who calls, the services, and the request's loaders. */
export interface WebContext {
  requestId: string;
  /** The verified caller; absent for a guest. Never taken from the request's arguments. */
  principal?: Principal;
  services: WebServices;
  loaders: WebLoaders;
  /** The services on the caller's behalf (their token); UNAUTHENTICATED for a guest. */
  asCaller(): CallerCalls;
}

/** The kit's clients send the request id on every call themselves (the BFF host's withRequestId). */
export function webContext(services: WebServices, request: { principal?: Principal; requestId: string }): WebContext {
  const { principal, requestId } = request;
  return {
    requestId,
    principal,
    services,
    loaders: webLoaders(services, principal),
    asCaller: () => services.asCaller(principal),
  };
}
