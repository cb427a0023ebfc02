import { isIP } from "node:net";
import { z } from "zod";

/**
 * How a process presents itself. Development (the default) is friendly: introspection, GraphiQL,
 * field suggestions, the dev-tokens client. Production turns those off and enforces what a public
 * deployment needs (trusted documents on bff-mobile, subgraphs answering only the gateway).
 */
export const RUNTIME_MODES = ["development", "production"] as const;
export type RuntimeMode = (typeof RUNTIME_MODES)[number];

/** Thrown at start-up when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the environment with a zod schema and returns a frozen, typed config. All problems are
 * reported at once, each naming the variable, so a bad deployment fails fast and says why.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Reusable field parsers for environment variables (always strings, often missing). */
export const envField = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  host: (fallback = "127.0.0.1") => z.string().min(1).default(fallback),
  url: (fallback?: string) => (fallback === undefined ? z.url() : z.url().default(fallback)),
  milliseconds: (fallback: number) => z.coerce.number().int().min(0).default(fallback),
  amqpUrl: () => z.string().regex(/^amqps?:\/\/[^\s]+$/, "must be an amqp:// or amqps:// URL"),
  positiveInt: (fallback: number) => z.coerce.number().int().min(1).default(fallback),
  logLevel: () => z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** EMPORIUM_ENV: development unless a deployment says production (docs/conventions.md "Runtime modes"). */
  runtimeMode: () => z.enum(RUNTIME_MODES).default("development"),
  /**
   * EMPORIUM_TRUSTED_PROXIES: the addresses or CIDR ranges of the proxies in front of a public
   * endpoint (comma-separated), whose X-Forwarded-For names the caller. None by default: the caller is
   * the socket's peer, and a forged X-Forwarded-For changes nothing (rate limits per address).
   */
  trustedProxies: () =>
    z
      .string()
      .default("")
      .transform((list) =>
        list
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .refine((entries) => entries.every(isAddressOrRange), "must be comma-separated IP addresses or CIDR ranges"),
  /** Comma-separated names, each one of `allowed` (e.g. the upstreams readiness requires); `defaults` when unset. */
  names: (allowed: readonly string[], defaults: readonly string[]) =>
    z
      .string()
      .default(defaults.join(","))
      .transform((list) =>
        list
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .refine(
        (entries) => entries.every((e) => allowed.includes(e)),
        `must be comma-separated names among ${allowed.join(", ")}`,
      ),
};

function isAddressOrRange(entry: string): boolean {
  const [address = "", bits, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
