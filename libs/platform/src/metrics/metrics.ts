import { Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  rpcDuration: Histogram<"method" | "code">;
  httpDuration: Histogram<"route" | "status">;
}

/** A registry per process (not the global one) so tests can build several apps side by side. */
export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
  return {
    registry,
    rpcDuration: new Histogram({
      name: "rpc_server_duration_seconds",
      help: "RPC handling time",
      labelNames: ["method", "code"],
      buckets,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "http_server_duration_seconds",
      help: "HTTP handling time",
      labelNames: ["route", "status"],
      buckets,
      registers: [registry],
    }),
  };
}
