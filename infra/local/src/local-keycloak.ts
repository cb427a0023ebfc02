import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureKeycloakInstalled } from "./keycloak-install";
import { applyRealm, loadRealmExport } from "./keycloak-realm";
import { keycloakPid, startKeycloakServer, stopKeycloakServer } from "./keycloak-server";
import { loadOrCreateSecrets } from "./local-secrets";
import { ensureStateDir, stateDir } from "./state-dir";

type Log = (line: string) => void;

/** The platform's Keycloak (what `npm start` runs): 8080 / management 9000 unless moved by env. */
const port = (env: NodeJS.ProcessEnv, name: string, fallback: number) => Number(env[name] || fallback);

export function localKeycloakPorts(env: NodeJS.ProcessEnv = process.env) {
  return { http: port(env, "EMPORIUM_KEYCLOAK_PORT", 8080), management: port(env, "EMPORIUM_KEYCLOAK_MANAGEMENT_PORT", 9000) };
}

const files = (env: NodeJS.ProcessEnv) => {
  const state = ensureStateDir(stateDir(env));
  for (const dir of ["run", "logs"]) mkdirSync(path.join(state, dir), { recursive: true });
  return { state, pidFile: path.join(state, "run", "keycloak.pid"), logFile: path.join(state, "logs", "keycloak.log") };
};

/** Installs on first use, starts unless running, and (re)applies the realm export every time. */
export async function startLocalKeycloak(options: { log?: Log; env?: NodeJS.ProcessEnv } = {}): Promise<{ url: string; issuer: string }> {
  const { log = () => undefined, env = process.env } = options;
  const { state, pidFile, logFile } = files(env);
  const { home } = await ensureKeycloakInstalled(log);
  const secrets = loadOrCreateSecrets(state);
  const ports = localKeycloakPorts(env);
  const url = `http://127.0.0.1:${ports.http}`;
  const realm = loadRealmExport();
  const digest = createHash("sha256").update(JSON.stringify(realm)).digest("hex");
  const appliedFile = path.join(state, "run", "keycloak-realm.sha256");
  const running = keycloakPid(pidFile) !== undefined;
  if (running) log(`==> Keycloak already running on ${url}`);
  else await startKeycloakServer({ home, httpPort: ports.http, managementPort: ports.management, adminUser: "admin", adminPassword: secrets.keycloakAdminPassword, log, detached: { pidFile, logFile } });
  // Replacing the realm also replaces its signing keys, which running services would have to
  // refetch: only do it when the export changed (or the in-memory server is new).
  if (running && existsSync(appliedFile) && readFileSync(appliedFile, "utf8") === digest) {
    log("==> realm emporium is up to date");
  } else {
    const applied = await applyRealm(url, { adminUser: "admin", adminPassword: secrets.keycloakAdminPassword, realm });
    writeFileSync(appliedFile, digest);
    log(`==> realm emporium ${applied} from infra/keycloak/emporium-realm.json`);
  }
  return { url, issuer: `${url}/realms/emporium` };
}

export function stopLocalKeycloak(options: { log?: Log; env?: NodeJS.ProcessEnv } = {}): Promise<"stopped" | "not-running"> {
  return stopKeycloakServer(files(options.env ?? process.env).pidFile, options.log);
}

export function localKeycloakPid(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return keycloakPid(files(env).pidFile);
}
