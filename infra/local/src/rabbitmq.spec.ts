import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { Connection } from "rabbitmq-client";
import { localRabbitmqNodeName, localRabbitmqStatus, startLocalRabbitmq, stopLocalRabbitmq } from "./local-rabbitmq";
import { SECRETS_FILE } from "./local-secrets";
import { localRabbitmqOperator } from "./rabbitmq-operator";
import { BFFS, SERVICES } from "@emporium/registry";
import {
  ensureRabbitmqUser,
  findRabbitmq,
  freePort,
  grantRabbitmqVhostAccess,
  isPortFree,
  rabbitmqCredentialsWork,
  type RabbitmqNodeSpec,
  rabbitmqVhostExists,
  startRabbitmqNode,
} from "@emporium/local-servers";

/** The platform's node as `npm start` runs it, in a state dir and on ports of its own. */
describe("local RabbitMQ (npm start / status / stop)", () => {
  const state = mkdtempSync(path.join(os.tmpdir(), "emporium-rabbitmq-spec-"));
  const env: NodeJS.ProcessEnv = { ...process.env, EMPORIUM_STATE_DIR: state };
  const secrets = () =>
    JSON.parse(readFileSync(path.join(state, SECRETS_FILE), "utf8")) as {
      rabbitmqServicePasswords: Record<string, string>;
      rabbitmqAdminPassword: string;
    };
  const admin = (managementUrl: string) => ({
    url: managementUrl,
    user: "admin",
    password: secrets().rabbitmqAdminPassword,
  });

  beforeAll(async () => {
    env.EMPORIUM_RABBITMQ_PORT = String(await freePort());
    env.EMPORIUM_RABBITMQ_MANAGEMENT_PORT = String(await freePort());
    env.EMPORIUM_RABBITMQ_DIST_PORT = String(await freePort());
  });
  afterAll(async () => {
    await stopLocalRabbitmq({ env });
    rmSync(state, { recursive: true, force: true });
  }, 90_000);

  it("refuses a taken port with a message naming the setting that moves it", async () => {
    const squatter = createServer();
    const port = Number(env.EMPORIUM_RABBITMQ_MANAGEMENT_PORT);
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      await expect(startLocalRabbitmq({ env })).rejects.toThrow(`port ${port} is taken`);
      await expect(startLocalRabbitmq({ env })).rejects.toThrow("set EMPORIUM_RABBITMQ_MANAGEMENT_PORT");
    } finally {
      squatter.close();
    }
  });

  it("starts a node of its own name, provisions vhost emporium and a user per service; their URLs work", async () => {
    expect(localRabbitmqNodeName(env)).toMatch(/^emporium-[0-9a-f]{8}$/);
    const started = await startLocalRabbitmq({ env });
    expect(Object.keys(started.serviceAmqpUrls).sort()).toEqual(SERVICES.map((s) => s.name).sort());
    expect(Object.keys(started.bffAmqpUrls).sort()).toEqual(BFFS.map((b) => b.name).sort());
    expect(started.serviceAmqpUrls.catalog).toBe(
      `amqp://catalog:${secrets().rabbitmqServicePasswords.catalog}@127.0.0.1:${env.EMPORIUM_RABBITMQ_PORT}/emporium`,
    );
    expect(started.managementUrl).toBe(`http://127.0.0.1:${env.EMPORIUM_RABBITMQ_MANAGEMENT_PORT}`);

    const connection = new Connection(started.serviceAmqpUrls.catalog!);
    try {
      const queue = "catalog.local-spec";
      expect((await connection.queueDeclare({ queue, exclusive: true })).queue).toBe(queue);
      // Its own queues only: the full policy is specified against the test broker (libs/testing).
      await expect(connection.queueDeclare({ queue: "orders.local-spec", exclusive: true })).rejects.toMatchObject({
        code: "ACCESS_REFUSED",
      });
    } finally {
      await connection.close();
    }
    // A BFF's user listens on its live queues and may not publish (bffBrokerPolicy).
    const bff = new Connection(started.bffAmqpUrls["bff-web"]!);
    try {
      const queue = "bff-web.live.local-spec";
      expect((await bff.queueDeclare({ queue, exclusive: true })).queue).toBe(queue);
      await expect(bff.queueDeclare({ queue: "catalog.local-spec-2", exclusive: true })).rejects.toMatchObject({
        code: "ACCESS_REFUSED",
      });
    } finally {
      await bff.close();
    }
    // A service's user has the emporium vhost and nothing else.
    const other = new Connection({
      url: started.serviceAmqpUrls.catalog!.replace(/\/emporium$/, "/%2F"),
      retryLow: 20,
      retryHigh: 200,
    });
    const refused = new Promise((resolve) => other.once("error", resolve));
    try {
      expect(await refused).toMatchObject({ code: "NOT_ALLOWED" });
    } finally {
      await other.close();
    }
  }, 180_000);

  it("provisions user operator for the dead-letter CLI: the management API of vhost emporium, which the services' user cannot use", async () => {
    const operator = localRabbitmqOperator(env);
    expect(operator.amqpUrl).toMatch(/^amqp:\/\/operator:[^@]+@127\.0\.0\.1:\d+\/emporium$/);
    const basic = (url: string) => {
      const { username, password } = new URL(url);
      return `Basic ${Buffer.from(`${username}:${decodeURIComponent(password)}`).toString("base64")}`;
    };
    const listQueues = (amqp: string) =>
      fetch(`${operator.managementUrl}/api/queues/emporium?columns=name`, {
        headers: { authorization: basic(amqp) },
      });

    const queue = new Connection(operator.amqpUrl); // the AMQP rights too: declare, publish, read
    try {
      await queue.queueDeclare({ queue: "operator-spec.dead-letter" });
      const listed = await listQueues(operator.amqpUrl);
      expect(listed.status).toBe(200);
      expect(await listed.json()).toEqual(expect.arrayContaining([{ name: "operator-spec.dead-letter" }]));

      // `npm run dead-letters -- list`: the CLI run with the local platform's broker, as operator.
      const cli = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "dead-letters.ts"), "list"], {
        env: { ...env, EMPORIUM_AMQP_URL: "" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect({ status: cli.status, output: cli.stdout + cli.stderr }).toEqual({
        status: 0,
        output: expect.stringMatching(/^operator-spec +0 dead letter\(s\)$/m),
      });
      await queue.queueDelete({ queue: "operator-spec.dead-letter" });
    } finally {
      await queue.close();
    }
    const service = await listQueues(
      `amqp://catalog:${encodeURIComponent(secrets().rabbitmqServicePasswords.catalog!)}@x/emporium`,
    );
    expect(service.status).toBe(401);
  }, 60_000);

  it("a second start finds the node running and provisions again (idempotent); status says so", async () => {
    // The user all services shared before each got its own: a second start retires it.
    const { managementUrl } = localRabbitmqOperator(env);
    await ensureRabbitmqUser(admin(managementUrl), { name: "emporium", password: "shared-by-every-service" });
    await grantRabbitmqVhostAccess(admin(managementUrl), "emporium", "emporium");
    // A broker from before ADR 0017 has a direct dead-letter exchange, which the consumers could not redeclare.
    const legacy = new Connection(localRabbitmqOperator(env).amqpUrl);
    await legacy.exchangeDeclare({ exchange: "emporium.dead-letter", type: "direct", durable: true });
    await legacy.close();
    const again = await startLocalRabbitmq({ env });
    const exchange = await fetch(`${managementUrl}/api/exchanges/emporium/emporium.dead-letter`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${secrets().rabbitmqAdminPassword}`).toString("base64")}` },
    });
    expect(exchange.status).toBe(404); // deleted: the consumers declare it again as a topic exchange
    expect(
      await rabbitmqCredentialsWork({ url: managementUrl, user: "emporium", password: "shared-by-every-service" }),
    ).toBe(false);
    expect(new URL(again.serviceAmqpUrls.orders!).pathname).toBe("/emporium");
    expect(await rabbitmqVhostExists(admin(again.managementUrl), "emporium")).toBe(true);
    const status = await localRabbitmqStatus(env);
    expect(status).toMatchObject({
      installed: true,
      running: true,
      ready: true,
      amqpPort: Number(env.EMPORIUM_RABBITMQ_PORT),
    });
    const installation = findRabbitmq()!;
    const spec: RabbitmqNodeSpec = {
      binDir: installation.binDir,
      dir: path.join(state, "rabbitmq"),
      name: localRabbitmqNodeName(env),
      amqpPort: 1,
      distPort: 1,
      managementPort: 1,
      adminUser: "admin",
      adminPassword: "",
    };
    expect(await startRabbitmqNode(spec)).toBe("already-running");
  }, 60_000);

  it("takes a regenerated admin password from secrets.json even though the node created admin earlier", async () => {
    const file = path.join(state, SECRETS_FILE);
    writeFileSync(file, JSON.stringify({ ...secrets(), rabbitmqAdminPassword: "changed-admin-password" }), {
      mode: 0o600,
    });
    const started = await startLocalRabbitmq({ env });
    expect(
      await rabbitmqVhostExists(
        { url: started.managementUrl, user: "admin", password: "changed-admin-password" },
        "emporium",
      ),
    ).toBe(true);
  }, 60_000);

  it("stops the node and frees its ports; a second stop is a no-op", async () => {
    expect(await stopLocalRabbitmq({ env })).toBe("stopped");
    expect(await localRabbitmqStatus(env)).toMatchObject({ running: false, ready: false });
    for (const name of ["EMPORIUM_RABBITMQ_PORT", "EMPORIUM_RABBITMQ_MANAGEMENT_PORT", "EMPORIUM_RABBITMQ_DIST_PORT"]) {
      expect([name, await isPortFree(Number(env[name]))]).toEqual([name, true]);
    }
    expect(await stopLocalRabbitmq({ env })).toBe("not-running");
  }, 90_000);
});
