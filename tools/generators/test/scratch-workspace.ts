import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const REPO = path.resolve(__dirname, "..", "..", "..");

export interface ScratchWorkspace {
  root: string;
  /** Runs a command in the copy; never throws, the caller asserts on status and output. */
  run(command: string, args: string[], timeoutMs?: number): { status: number | null; output: string };
  remove(): void;
}

/**
 * A copy of the repository's working tree (what git tracks plus new files it does not ignore, so
 * uncommitted work is what gets tested) with a node_modules of its own: links to the repository's
 * packages, except the workspace's @emporium/* links, which point into the copy as npm made them.
 */
export function scratchWorkspace(): ScratchWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), "emporium-generate-"));
  const files = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO,
    encoding: "utf8",
  }).stdout.split("\0");
  for (const file of files.filter(Boolean)) {
    try {
      cpSync(path.join(REPO, file), path.join(root, file), { recursive: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err; // deleted, not yet committed
    }
  }
  const modules = path.join(REPO, "node_modules");
  mkdirSync(path.join(root, "node_modules", "@emporium"), { recursive: true });
  for (const entry of readdirSync(modules).filter((e) => e !== "@emporium"))
    symlinkSync(path.join(modules, entry), path.join(root, "node_modules", entry));
  for (const pkg of readdirSync(path.join(modules, "@emporium")))
    symlinkSync(readlinkSync(path.join(modules, "@emporium", pkg)), path.join(root, "node_modules", "@emporium", pkg));

  // Nx and Jest change behaviour inside a Jest worker; the commands run as a person would run them.
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: "false", FORCE_COLOR: "0" };
  delete env.JEST_WORKER_ID;
  delete env.NODE_ENV;
  return {
    root,
    run(command, args, timeoutMs = 300_000) {
      const r = spawnSync(command, args, { cwd: root, env, encoding: "utf8", timeout: timeoutMs });
      return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ""}` };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
