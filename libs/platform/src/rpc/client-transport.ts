import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";

/**
 * A transport for calls to a service's RPC port (h2c). Every call gets a deadline unless it brings
 * its own, so no outbound call waits forever.
 */
export function createServiceTransport(
  baseUrl: string,
  options: { timeoutMs?: number; protocol?: "grpc" | "connect"; interceptors?: Interceptor[] } = {},
): Transport {
  const defaultTimeoutMs = options.timeoutMs ?? 5_000;
  const interceptors = options.interceptors ?? [];
  return options.protocol === "connect"
    ? createConnectTransport({ baseUrl, httpVersion: "2", interceptors, defaultTimeoutMs })
    : createGrpcTransport({ baseUrl, interceptors, defaultTimeoutMs });
}
