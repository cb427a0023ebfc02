import { chmodSync, linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertServiceName, generatePassword } from "@emporium/local-servers";
import { bffNamed } from "@emporium/registry";

/**
 * Passwords of the local platform, generated on first start and reused afterwards. They live in
 * `<state>/secrets.json` (0600), never in the repository.
 */
export interface LocalSecrets {
  postgresSuperuserPassword: string;
  /** Database password per service name. */
  servicePasswords: Record<string, string>;
  /** Keycloak's bootstrap admin (user `admin`) of the local platform. */
  keycloakAdminPassword: string;
  /** RabbitMQ's administrator (user `admin`, management UI) of the local platform. */
  rabbitmqAdminPassword: string;
  /** RabbitMQ password per service: each service is its own broker user on vhost `emporium`. */
  rabbitmqServicePasswords: Record<string, string>;
  /** RabbitMQ password per BFF: each BFF is its own broker user too, with its live feed's rights. */
  rabbitmqBffPasswords: Record<string, string>;
  /** RabbitMQ user `operator` (management tag, vhost `emporium`): the dead-letter CLI's. */
  rabbitmqOperatorPassword: string;
}

export const SECRETS_FILE = "secrets.json";

function readSecrets(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new Error(
    `${file} is not a JSON object; fix it, or delete it to generate new secrets (then also delete the PostgreSQL cluster next to it, whose password would no longer match)`,
  );
}

function writeSecrets(file: string, content: Record<string, unknown>, firstTime: boolean): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  try {
    if (firstTime) {
      // link() fails if another process created the file meanwhile; its secrets then win, so both
      // processes end up using the same passwords.
      linkSync(tmp, file);
    } else {
      renameSync(tmp, file);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Reads `<stateDir>/secrets.json` as it is, creating nothing: for tools that use a running
 * platform's credentials. Undefined when the platform never started there.
 */
export function readLocalSecrets(dir: string): Partial<LocalSecrets> | undefined {
  return readSecrets(path.join(dir, SECRETS_FILE)) as Partial<LocalSecrets> | undefined;
}

/**
 * Reads `<stateDir>/secrets.json`, adding any missing password (the superuser's, a database one per
 * service in `services`, a broker one per service in `brokerServices` and per BFF in `brokerBffs`).
 * Keys it does not know are kept, so other tools may store their secrets there too.
 */
export function loadOrCreateSecrets(
  dir: string,
  options: { services?: readonly string[]; brokerServices?: readonly string[]; brokerBffs?: readonly string[] } = {},
): LocalSecrets {
  const file = path.join(dir, SECRETS_FILE);
  for (const service of [...(options.services ?? []), ...(options.brokerServices ?? [])]) assertServiceName(service);
  for (const bff of options.brokerBffs ?? []) bffNamed(bff);
  for (let attempt = 0; ; attempt++) {
    const existing = readSecrets(file);
    const content: Record<string, unknown> = { ...existing };
    let changed = false;
    if (typeof content.postgresSuperuserPassword !== "string") {
      content.postgresSuperuserPassword = generatePassword();
      changed = true;
    }
    const perService = (key: string, names: readonly string[] = []) => {
      const passwords = { ...(content[key] as Record<string, string> | undefined) };
      for (const name of names) {
        if (typeof passwords[name] !== "string") {
          passwords[name] = generatePassword();
          changed = true;
        }
      }
      content[key] = passwords;
      return passwords;
    };
    const services = perService("servicePasswords", options.services);
    const brokerServices = perService("rabbitmqServicePasswords", options.brokerServices);
    const brokerBffs = perService("rabbitmqBffPasswords", options.brokerBffs);
    // Added after the first release of this file: older secrets files gain it on the next start.
    if (typeof content.keycloakAdminPassword !== "string") {
      content.keycloakAdminPassword = generatePassword();
      changed = true;
    }
    for (const key of ["rabbitmqAdminPassword", "rabbitmqOperatorPassword"]) {
      if (typeof content[key] !== "string") {
        content[key] = generatePassword();
        changed = true;
      }
    }
    if (changed) {
      writeSecrets(file, content, existing === undefined);
      // Someone else created the file first: use theirs.
      if (existing === undefined && attempt === 0) continue;
    } else if ((statSync(file).mode & 0o077) !== 0) {
      chmodSync(file, 0o600);
    }
    return {
      postgresSuperuserPassword: content.postgresSuperuserPassword as string,
      servicePasswords: services,
      keycloakAdminPassword: content.keycloakAdminPassword as string,
      rabbitmqAdminPassword: content.rabbitmqAdminPassword as string,
      rabbitmqServicePasswords: brokerServices,
      rabbitmqBffPasswords: brokerBffs,
      rabbitmqOperatorPassword: content.rabbitmqOperatorPassword as string,
    };
  }
}
