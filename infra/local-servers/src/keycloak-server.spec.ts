import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startKeycloakServer } from "./keycloak-server";
import { freePort, PortInUseError } from "./port-check";

/**
 * Keycloak boots for seconds before it binds its ports, so a port free when checked can be gone
 * when it binds. A stand-in kc.sh that fails the way Keycloak does (it prints "Port already bound")
 * shows the caller gets a PortInUseError it can retry on, not a generic start-up failure.
 */
describe("startKeycloakServer", () => {
  let home: string;

  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), "emporium-fake-keycloak-"));
    mkdirSync(path.join(home, "bin"));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  function fakeKeycloak(script: string): void {
    const kc = path.join(home, "bin", "kc.sh");
    writeFileSync(kc, `#!/bin/sh\n${script}\n`);
    chmodSync(kc, 0o755);
  }

  async function start(httpPort: number, managementPort: number): Promise<unknown> {
    return startKeycloakServer({
      home,
      httpPort,
      managementPort,
      adminUser: "admin",
      adminPassword: "unused",
      postgresUrl: "postgresql://keycloak:secret@127.0.0.1:5432/keycloak",
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
  }

  it("reports a port lost to another process after the check as PortInUseError", async () => {
    const [httpPort, managementPort] = [await freePort(), await freePort()];
    fakeKeycloak(`echo "ERROR: Port already bound: ${managementPort}: Address already in use" >&2; exit 1`);

    const err = await start(httpPort, managementPort);

    expect(err).toBeInstanceOf(PortInUseError);
    expect(err).toMatchObject({ port: managementPort });
    expect((err as Error).message).toContain("EMPORIUM_KEYCLOAK_MANAGEMENT_PORT");
  });

  it("reports any other start-up failure with the server's last lines", async () => {
    fakeKeycloak('echo "ERROR: Failed to start server in (development) mode" >&2; exit 1');

    const err = await start(await freePort(), await freePort());

    expect(err).not.toBeInstanceOf(PortInUseError);
    expect((err as Error).message).toMatch(/Keycloak exited during start-up:\n.*Failed to start server/);
  });
});
