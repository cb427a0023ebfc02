import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCommand } from "./run-command";

type Log = (line: string) => void;

/** Pinned: the realm export and the tests are written against this version. */
export const KEYCLOAK_VERSION = "26.7.3";

/** The same cache root as infra/local/node24.sh: outside the repository, shared by checkouts. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMPORIUM_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "emporium");
}

export function keycloakHome(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), `keycloak-${KEYCLOAK_VERSION}`);
}

/**
 * Keycloak is not packaged in Debian nor on npm: its server distribution comes from Maven Central
 * (`org.keycloak:keycloak-quarkus-dist`, zip), fetched once with Maven and unpacked into the cache.
 */
export async function ensureKeycloakInstalled(log: Log = () => undefined): Promise<{ home: string; version: string }> {
  const home = keycloakHome();
  await installKeycloak(home, log);
  return { home, version: KEYCLOAK_VERSION };
}

async function installKeycloak(home: string, log: Log): Promise<void> {
  if (existsSync(path.join(home, "bin", "kc.sh"))) return;
  await requireTool("java", ["-version"], "Java 17 or newer (Debian: apt-get install -y openjdk-17-jre-headless)");
  await requireTool("mvn", ["-v"], "Maven (Debian: apt-get install -y maven)");
  log(`==> fetching Keycloak ${KEYCLOAK_VERSION} from Maven Central (about 170 MB, once)`);
  mkdirSync(cacheRoot(), { recursive: true });
  // Downloaded next to its final place, so the last step is an atomic rename on one filesystem.
  const work = mkdtempSync(path.join(cacheRoot(), ".keycloak-download-"));
  try {
    await runCommand("mvn", [
      "-q",
      "-B",
      "dependency:copy",
      `-Dartifact=org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`,
      `-DoutputDirectory=${work}`,
    ]);
    const zip = path.join(work, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`);
    const unpacked = path.join(work, "unpacked");
    const unzip = await runCommand("unzip", ["-q", zip, "-d", unpacked]).catch(() => undefined);
    if (!unzip) await runCommand("python3", ["-m", "zipfile", "-e", zip, unpacked]);
    const [top] = readdirSync(unpacked);
    if (!top) throw new Error(`the Keycloak archive ${zip} was empty`);
    rmSync(home, { recursive: true, force: true });
    renameSync(path.join(unpacked, top), home);
  } catch (err) {
    throw new Error(`could not install Keycloak ${KEYCLOAK_VERSION}: ${(err as Error).message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // python's zipfile does not keep the executable bit.
  await runCommand("chmod", ["+x", path.join(home, "bin", "kc.sh")]);
  const version = await runCommand(path.join(home, "bin", "kc.sh"), ["--version"]);
  log(`==> ${version.stdout.split("\n")[0]} installed in ${home}`);
}

async function requireTool(file: string, args: string[], what: string): Promise<void> {
  try {
    await runCommand(file, args);
  } catch {
    throw new Error(`Keycloak needs ${what}; install it and run again`);
  }
}
