import autocannon from "autocannon";

export interface Scenario {
  name: string;
  url: string;
  method?: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
}

export interface ScenarioResult {
  name: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/** One bounded autocannon run against a loopback URL (it stops by itself after `seconds`). */
export async function runScenario(
  s: Scenario,
  opts: { seconds: number; connections: number },
): Promise<ScenarioResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(s.url))
    throw new Error(`benchmarks target loopback only, not ${s.url}`);
  const result = await autocannon({
    url: s.url,
    method: s.method ?? "GET",
    body: s.body,
    headers: s.headers,
    connections: opts.connections,
    duration: opts.seconds,
  });
  return {
    name: s.name,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}
