import type { Readiness } from "../server/probes";

/**
 * The upstreams a GraphQL edge (the gateway, a BFF) cannot serve without: its readiness fails when
 * one of them does. Every other upstream only contributes optional data (a product's rating and
 * reviews, whether the caller watches it) or pages of their own: when one is down the edge answers
 * without it (null and one UNAVAILABLE error entry), and readiness shows it in its details instead
 * of failing. Pulling the edge out of its load balancer would not bring the upstream back.
 */
export const DEFAULT_REQUIRED_UPSTREAMS: readonly string[] = Object.freeze(["catalog"]);

/** One upstream's answer to a readiness check. */
export interface UpstreamCheck {
  ok: boolean;
  error?: string;
}

/**
 * Readiness from each upstream's check: SERVING while every required one is ok; each check says
 * whether it is required, so an optional upstream that is down is visible without failing the probe.
 */
export function edgeReadiness(
  checks: Readonly<Record<string, UpstreamCheck>>,
  required: readonly string[] = DEFAULT_REQUIRED_UPSTREAMS,
): Readiness {
  const detailed = Object.fromEntries(
    Object.entries(checks).map(([name, check]) => [name, { ...check, required: required.includes(name) }]),
  );
  const ready = Object.entries(checks).every(([name, check]) => check.ok || !required.includes(name));
  return { status: ready ? "SERVING" : "NOT_SERVING", checks: detailed };
}

interface ErrorEntry {
  message: string;
  extensions?: Record<string, unknown>;
}

/**
 * The errors of one response with each unavailable upstream reported once: every field it would
 * have filled (a rating on each of 24 products, a product's rating and its reviews) fails with the
 * same UNAVAILABLE message, and the client needs to hear it once, beside the data the others gave.
 * The first entry stays (with its path); the others with the same message go. Other errors stay.
 */
export function oneErrorPerUnavailable<E extends ErrorEntry>(errors: readonly E[]): E[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (error.extensions?.code !== "UNAVAILABLE") return true;
    if (seen.has(error.message)) return false;
    seen.add(error.message);
    return true;
  });
}
