import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

export const REPO = path.resolve(__dirname, "..", "..", "..");

/** A throwaway copy of some of the repository, to break on purpose without touching the real one. */
export function scratchCopy(paths: string[]): {
  root: string;
  edit(file: string, change: (text: string) => string): void;
  remove(): void;
} {
  const root = mkdtempSync(path.join(os.tmpdir(), "emporium-check-"));
  for (const p of paths) cpSync(path.join(REPO, p), path.join(root, p), { recursive: true });
  return {
    root,
    edit(file, change) {
      const full = path.join(root, file);
      const before = readFileSync(full, "utf8");
      const after = change(before);
      if (after === before) throw new Error(`edit of ${file} changed nothing: the test would prove nothing`);
      writeFileSync(full, after);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function runNode(args: string[], cwd = REPO): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
