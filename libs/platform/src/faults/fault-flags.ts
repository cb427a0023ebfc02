import { z } from "zod";
import { ConfigError } from "../config/load-config";

/**
 * The fault-injection flags a service understands (docs/conventions.md "Fault injection"). Each is
 * off when absent; a flag with a `scope` applies only to the targets whose name starts with it.
 */
export const FAULT_FLAGS = {
  /** Fail this share (0-100) of requests or messages with UNAVAILABLE, marked as injected. */
  failPercent: "fault.fail-percent",
  /** Delay every request or message by this many milliseconds before it is handled. */
  latencyMs: "fault.latency-ms",
  /** Hold requests until the caller's deadline or abort (messages: until the flag goes off). */
  hang: "fault.hang",
  /** Exit the process at once (code 137, as after kill -9) when the named saga step is reached. */
  crashAtStep: "fault.crash-at-step",
  /** An action, not a setting: terminate the pool's database connections now. */
  dropDbConnections: "fault.drop-db-connections",
} as const;

/** What a process exits with when `fault.crash-at-step` fires: 128 + SIGKILL, as after kill -9. */
export const CRASH_EXIT_CODE = 137;

/**
 * What a fault applies to: `rpc:<service type name>/<Method>`, `message:<message type>` or
 * `step:<saga step>`. A scope is a prefix of these (`message:` = every message).
 */
export type FaultTarget = `rpc:${string}` | `message:${string}` | `step:${string}`;

export type FaultValue = boolean | number | string;

/** One flag's setting: its value and, optionally, the targets it is limited to. */
export interface FaultSetting {
  value: FaultValue;
  scope?: string;
}

/** The flags in force, by flag name (only the settings, never the drop action). */
export type FaultFlags = Readonly<Record<string, FaultSetting>>;

const scoped = <T extends z.ZodType>(value: T) =>
  z.union([value, z.object({ value, scope: z.string().min(1).optional() }).strict()]);

/** The body of PUT /admin/faults and of EMPORIUM_<SERVICE>_FAULTS: a value, or `{ value, scope }`. */
export const faultFlagsSchema = z
  .object({
    [FAULT_FLAGS.failPercent]: scoped(z.number().min(0).max(100)).optional(),
    [FAULT_FLAGS.latencyMs]: scoped(z.number().int().min(0).max(600_000)).optional(),
    [FAULT_FLAGS.hang]: scoped(z.boolean()).optional(),
    [FAULT_FLAGS.crashAtStep]: z.string().optional(),
    [FAULT_FLAGS.dropDbConnections]: z.boolean().optional(),
  })
  .strict();

export type FaultFlagsInput = z.input<typeof faultFlagsSchema>;

/** Splits a parsed body into the settings to keep and whether to drop the connections now. */
export function normalizeFaultFlags(input: z.output<typeof faultFlagsSchema>): {
  flags: FaultFlags;
  dropDbConnections: boolean;
} {
  const flags: Record<string, FaultSetting> = {};
  for (const [name, raw] of Object.entries(input)) {
    if (raw === undefined || name === FAULT_FLAGS.dropDbConnections) continue;
    const setting: FaultSetting = typeof raw === "object" ? raw : { value: raw };
    if (setting.value === false || setting.value === 0 || setting.value === "") continue;
    flags[name] = setting;
  }
  return { flags, dropDbConnections: input[FAULT_FLAGS.dropDbConnections] === true };
}

/** Whether a setting applies to a target: no scope, or a scope the target's name starts with. */
export const appliesTo = (setting: FaultSetting, target: string | undefined): boolean =>
  setting.scope === undefined || (target ?? "").startsWith(setting.scope);

/**
 * The flags a service starts with, from `variable` (EMPORIUM_<SERVICE>_FAULTS, the JSON of PUT
 * /admin/faults). None by default; any in production mode is a configuration error: the service
 * refuses to start.
 */
export function faultFlagsFromEnv(variable: string, raw: string | undefined, mode: string): FaultFlags {
  if (raw === undefined || raw.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError(`invalid configuration:\n  ${variable}: must be JSON (the body of PUT /admin/faults)`);
  }
  const parsed = faultFlagsSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(
      `invalid configuration:\n  ${variable}: ${parsed.error.issues.map((i) => i.message).join("; ")}`,
    );
  const { flags } = normalizeFaultFlags(parsed.data);
  refuseFaultsInProduction(flags, mode, variable);
  return flags;
}

/** Fault flags in production mode stop the start-up with a ConfigError naming where they came from. */
export function refuseFaultsInProduction(flags: FaultFlags, mode: string, source: string): void {
  if (mode === "production" && Object.keys(flags).length > 0)
    throw new ConfigError(
      `invalid configuration:\n  ${source}: fault-injection flags are refused in production mode (EMPORIUM_ENV=production)`,
    );
}
