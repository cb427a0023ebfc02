import { parseArgs } from "node:util";

/**
 * The `--name value` options of a run command (`npm run chaos -- --size small`). An option the
 * command does not take, or one without its value, stops it with a message naming it.
 */
export function cliOptions<const Name extends string>(
  names: readonly Name[],
  args: string[] = process.argv.slice(2),
): Partial<Record<Name, string>> {
  const options = Object.fromEntries(names.map((name) => [name, { type: "string" as const }]));
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Partial<Record<Name, string>>;
  } catch (err) {
    throw new Error(`${(err as Error).message}; options: ${names.map((n) => `--${n}`).join(", ")}`);
  }
}

/** A positive whole number given as `--name` (or the fallback). */
export function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive whole number`);
  return n;
}
