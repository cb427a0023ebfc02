import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO } from "./scratch-copy";

const NODE_MODULES = path.join(REPO, "node_modules");
const WORKSPACE_LINKS = "@emporium";

export interface ScratchClone {
  root: string;
  /** Appends a line to a file of the clone and commits it (one commit per change). */
  commitAppend(file: string, line: string): void;
  git(...args: string[]): string;
  remove(): void;
}

/**
 * A git clone of the repository's committed tree in a temp dir, to commit to freely. The installed
 * packages are the repository's own (one symlink per package), except the workspace links, which
 * point at the clone's projects the way `npm ci` would make them.
 */
export function scratchClone(): ScratchClone {
  const root = mkdtempSync(path.join(os.tmpdir(), "emporium-clone-"));
  const git = (...args: string[]): string => {
    const r = spawnSync("git", ["-c", "user.name=scratch", "-c", "user.email=scratch@example.invalid", ...args], {
      cwd: root,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  git("clone", "--quiet", "--shared", REPO, ".");
  mkdirSync(path.join(root, "node_modules", WORKSPACE_LINKS), { recursive: true });
  for (const entry of readdirSync(NODE_MODULES)) {
    if (entry !== WORKSPACE_LINKS) symlinkSync(path.join(NODE_MODULES, entry), path.join(root, "node_modules", entry));
  }
  for (const pkg of readdirSync(path.join(NODE_MODULES, WORKSPACE_LINKS))) {
    const relative = readlinkSync(path.join(NODE_MODULES, WORKSPACE_LINKS, pkg));
    symlinkSync(relative, path.join(root, "node_modules", WORKSPACE_LINKS, pkg));
  }
  return {
    root,
    git,
    commitAppend(file, line) {
      appendFileSync(path.join(root, file), `${line}\n`);
      git("commit", "--quiet", "--all", "--message", `scratch: change ${file}`);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
