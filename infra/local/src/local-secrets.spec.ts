import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadOrCreateSecrets, SECRETS_FILE } from "./local-secrets";
import { stateDir } from "./state-dir";

describe("local secrets", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "emporium-secrets-spec-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("generates passwords on first use into a 0600 file and reuses them afterwards", () => {
    const first = loadOrCreateSecrets(dir, { services: ["catalog"] });
    expect(first.postgresSuperuserPassword).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.servicePasswords.catalog).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.servicePasswords.catalog).not.toBe(first.postgresSuperuserPassword);
    const file = path.join(dir, SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecrets(dir, { services: ["catalog"] })).toEqual(first);
  });

  it("adds passwords for new services and keeps everything else, including keys it does not know", () => {
    const first = loadOrCreateSecrets(dir, { services: ["catalog"] });
    const file = path.join(dir, SECRETS_FILE);
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), keycloak: { clientSecret: "kept" } }),
    );
    const second = loadOrCreateSecrets(dir, { services: ["orders"] });
    expect(second.postgresSuperuserPassword).toBe(first.postgresSuperuserPassword);
    expect(second.servicePasswords.catalog).toBe(first.servicePasswords.catalog);
    expect(second.servicePasswords.orders).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.parse(readFileSync(file, "utf8")).keycloak).toEqual({ clientSecret: "kept" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("gives each service a broker password of its own, apart from its database password, generated once", () => {
    const first = loadOrCreateSecrets(dir, { services: ["orders"], brokerServices: ["orders", "payments"] });
    expect(first.rabbitmqServicePasswords.orders).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.rabbitmqServicePasswords.orders).not.toBe(first.servicePasswords.orders);
    expect(first.rabbitmqServicePasswords.orders).not.toBe(first.rabbitmqServicePasswords.payments);
    expect(loadOrCreateSecrets(dir, { brokerServices: ["orders"] }).rabbitmqServicePasswords).toEqual(
      first.rabbitmqServicePasswords,
    );
  });

  it("says what to do with a damaged file instead of overwriting it", () => {
    writeFileSync(path.join(dir, SECRETS_FILE), "{ not json");
    expect(() => loadOrCreateSecrets(dir)).toThrow(/is not a JSON object; fix it, or delete it/);
  });
});

describe("state directory", () => {
  it("prefers EMPORIUM_STATE_DIR, then /var/lib/emporium for root, then XDG_STATE_HOME", () => {
    expect(stateDir({ EMPORIUM_STATE_DIR: "/srv/emporium" }, 0)).toBe("/srv/emporium");
    expect(stateDir({}, 0)).toBe("/var/lib/emporium");
    expect(stateDir({ XDG_STATE_HOME: "/x/state" }, 1000)).toBe("/x/state/emporium");
    expect(stateDir({}, 1000)).toBe(path.join(os.homedir(), ".local", "state", "emporium"));
  });
});
