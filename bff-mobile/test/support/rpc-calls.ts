import type { RunningPlatform } from "@emporium/testing";

/** Calls per RPC ("catalog ListProducts": 1), summed over answer codes, from every service's /metrics. */
export type RpcCalls = Record<string, number>;

const COUNT = /^rpc_server_duration_seconds_count\{([^}]*)\} (\d+)/;

async function snapshot(platform: RunningPlatform): Promise<RpcCalls> {
  const calls: RpcCalls = {};
  await Promise.all(
    Object.entries(platform.services).map(async ([service, s]) => {
      const text = await (await fetch(`${s.httpUrl}/metrics`)).text();
      for (const line of text.split("\n")) {
        const m = COUNT.exec(line);
        const method = m && /method="[^"]*\/(\w+)"/.exec(m[1]!)?.[1];
        if (!m || !method) continue;
        const key = `${service} ${method}`;
        calls[key] = (calls[key] ?? 0) + Number(m[2]);
      }
    }),
  );
  return calls;
}

/**
 * The RPCs the services answered while `work` ran (the screen's request, and what its callees
 * called in turn), counted by the services themselves: rpc_server_duration_seconds_count per
 * method, before and after.
 */
export async function rpcCallsDuring<T>(platform: RunningPlatform, work: () => Promise<T>) {
  const before = await snapshot(platform);
  const result = await work();
  const after = await snapshot(platform);
  const calls: RpcCalls = {};
  for (const [key, n] of Object.entries(after)) if (n > (before[key] ?? 0)) calls[key] = n - (before[key] ?? 0);
  return { result, calls };
}
