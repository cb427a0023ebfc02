import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  ensureKeycloakInstalled,
  ensureRealm,
  keycloakPid,
  loadRealmExport,
  startKeycloakServer,
  stopKeycloakServer,
} from "@emporium/local-servers";
import { loadOrCreateSecrets } from "./local-secrets";
import { ensureStateDir, stateDir } from "./state-dir";

type Log = (line: string) => void;

/** The platform's Keycloak (what `npm start` runs): 8080 / management 9000 unless moved by env. */
const port = (env: NodeJS.ProcessEnv, name: string, fallback: number) => Number(env[name] || fallback);

export function localKeycloakPorts(env: NodeJS.ProcessEnv = process.env) {
  return {
    http: port(env, "EMPORIUM_KEYCLOAK_PORT", 8080),
    management: port(env, "EMPORIUM_KEYCLOAK_MANAGEMENT_PORT", 9000),
  };
}

const files = (env: NodeJS.ProcessEnv) => {
  const state = ensureStateDir(stateDir(env));
  for (const dir of ["run", "logs"]) mkdirSync(path.join(state, dir), { recursive: true });
  return { state, pidFile: path.join(state, "run", "keycloak.pid"), logFile: path.join(state, "logs", "keycloak.log") };
};

/**
 * Installs on first use, starts unless running (on the platform's PostgreSQL database `keycloak`, so
 * users and signing keys survive restarts), and applies the realm export when it changed.
 */
export async function startLocalKeycloak(options: {
  postgresUrl: string;
  log?: Log;
  env?: NodeJS.ProcessEnv;
}): Promise<{ url: string; issuer: string }> {
  const { postgresUrl, log = () => undefined, env = process.env } = options;
  const { state, pidFile, logFile } = files(env);
  const { home } = await ensureKeycloakInstalled(log);
  const secrets = loadOrCreateSecrets(state);
  const ports = localKeycloakPorts(env);
  const url = `http://127.0.0.1:${ports.http}`;
  const admin = { adminUser: "admin", adminPassword: secrets.keycloakAdminPassword };
  if (keycloakPid(pidFile) !== undefined) {
    log(`==> Keycloak already running on ${url}`);
  } else {
    const { http: httpPort, management: managementPort } = ports;
    await startKeycloakServer({
      home,
      httpPort,
      managementPort,
      ...admin,
      postgresUrl,
      log,
      detached: { pidFile, logFile },
    });
  }
  const applied = await ensureRealm(url, { ...admin, realm: loadRealmExport() });
  log(
    `==> realm emporium ${applied === "unchanged" ? "is up to date" : `${applied} from infra/keycloak/emporium-realm.json`}`,
  );
  return { url, issuer: `${url}/realms/emporium` };
}

export function stopLocalKeycloak(
  options: { log?: Log; env?: NodeJS.ProcessEnv } = {},
): Promise<"stopped" | "not-running"> {
  return stopKeycloakServer(files(options.env ?? process.env).pidFile, options.log);
}

export function localKeycloakPid(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return keycloakPid(files(env).pidFile);
}
