import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Where the local platform keeps its state (database cluster, generated secrets): outside the
 * repository, so a `git clean` or a second checkout never loses or shares it.
 *
 * EMPORIUM_STATE_DIR wins; root uses /var/lib/emporium because the postgres system user cannot
 * traverse /root; everyone else follows the XDG base directory spec.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): string {
  if (env.EMPORIUM_STATE_DIR) return path.resolve(env.EMPORIUM_STATE_DIR);
  if (uid === 0) return "/var/lib/emporium";
  const xdg =
    env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME)
      ? env.XDG_STATE_HOME
      : path.join(os.homedir(), ".local", "state");
  return path.join(xdg, "emporium");
}

/**
 * Creates the state directory. Traversable by others (0711) only when root, so the postgres user can
 * reach its cluster inside; the secrets file is 0600 either way.
 */
export function ensureStateDir(dir: string, uid: number | undefined = process.getuid?.()): string {
  mkdirSync(dir, { recursive: true, mode: uid === 0 ? 0o711 : 0o700 });
  return dir;
}
