import { spawn } from "node:child_process";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Show the command's output live (long installs) instead of only collecting it. */
  stream?: boolean;
  /** Exit codes that are answers rather than failures (e.g. `pg_ctl status` exits 3 when stopped). */
  okCodes?: number[];
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: CommandResult,
  ) {
    const output = `${result.stderr}\n${result.stdout}`.trim().split("\n").slice(-15).join("\n");
    super(`\`${command}\` exited with ${result.code}${output ? `:\n${output}` : ""}`);
    this.name = "CommandError";
  }
}

/** Runs a program without a shell (no quoting pitfalls with paths) and fails loudly on a bad exit. */
export function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const okCodes = options.okCodes ?? [0];
  const shown = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (options.stream) process.stdout.write(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (options.stream) process.stderr.write(chunk);
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      reject(err.code === "ENOENT" ? new Error(`cannot run \`${shown}\`: ${file} was not found`) : err);
    });
    child.on("close", (code, signal) => {
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (okCodes.includes(result.code)) resolve(result);
      else reject(new CommandError(shown, result));
    });
  });
}
