/**
 * Sets a running service's fault-injection flags from a test or a script, over its HTTP listener
 * (PUT /admin/faults; docs/conventions.md "Fault injection"). Development mode and loopback only.
 */

type Scoped<T> = T | { value: T; scope?: string };

/** The whole flag set a service runs with; what is absent is off. */
export interface FaultFlagsBody {
  "fault.fail-percent"?: Scoped<number>;
  "fault.latency-ms"?: Scoped<number>;
  "fault.hang"?: Scoped<boolean>;
  "fault.crash-at-step"?: string;
  /** An action: terminates the service's database connections now (never stored). */
  "fault.drop-db-connections"?: boolean;
}

export interface FaultFlagsAnswer {
  flags: Record<string, { value: boolean | number | string; scope?: string }>;
  /** How many connections `fault.drop-db-connections` terminated. */
  droppedConnections?: number;
}

/** Replaces the service's flags (`{}` turns every fault off); throws with the service's answer when refused. */
export async function setFaults(httpUrl: string, flags: FaultFlagsBody): Promise<FaultFlagsAnswer> {
  const res = await fetch(new URL("/admin/faults", httpUrl), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(flags),
  });
  const body = (await res.json()) as FaultFlagsAnswer & { code?: string; message?: string };
  if (!res.ok)
    throw new Error(`setting fault flags at ${httpUrl} failed (${res.status} ${body.code}): ${body.message}`);
  return body;
}

/** Turns every fault of the service off. */
export const clearFaults = (httpUrl: string): Promise<FaultFlagsAnswer> => setFaults(httpUrl, {});
