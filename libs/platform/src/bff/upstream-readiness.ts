import { createClient } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@emporium/contracts/grpc/health/v1/health_pb";
import { createServiceTransport } from "../rpc/client-transport";
import type { Readiness } from "../server/probes";
import { DEFAULT_REQUIRED_UPSTREAMS, edgeReadiness } from "./degradation";

/**
 * Ready when every `required` service answers its standard gRPC health check (`grpc.health.v1`, the
 * whole server) with SERVING, each within a short deadline; the others are checked and shown in the
 * details (`required: false`) without failing it. One transport per service, reused.
 */
export function upstreamReadiness(
  rpcUrls: Readonly<Record<string, string>>,
  required: readonly string[] = DEFAULT_REQUIRED_UPSTREAMS,
): () => Promise<Readiness> {
  const clients = Object.entries(rpcUrls).map(
    ([name, url]) => [name, createClient(Health, createServiceTransport(url, { timeoutMs: 2_000 }))] as const,
  );
  return async () => {
    const entries = await Promise.all(
      clients.map(async ([name, client]) => {
        try {
          const { status } = await client.check({ service: "" });
          return [name, status === Status.SERVING ? { ok: true } : { ok: false, error: Status[status] }] as const;
        } catch (err) {
          return [name, { ok: false, error: (err as Error).message }] as const;
        }
      }),
    );
    return edgeReadiness(Object.fromEntries(entries), required);
  };
}
