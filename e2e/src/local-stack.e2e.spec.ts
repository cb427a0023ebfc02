import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, isPortFree } from "@emporium/local-servers";
import { gatewayQuery, REPO_ROOT } from "@emporium/testing";

/**
 * What `npm start` / `npm run status` / `npm stop` run, end to end: PostgreSQL, Keycloak, catalog
 * and the gateway as supervised processes. Isolated from a running stack by its own state directory and
 * ports; the gateway takes the documented :4000 when it is free.
 */
describe("the local platform (npm start / status / stop)", () => {
  const state = mkdtempSync(path.join(os.tmpdir(), "emporium-stack-"));
  chmodSync(state, 0o711); // the postgres system user must reach its cluster inside
  const env: Record<string, string> = { EMPORIUM_STATE_DIR: state };
  const stack = (command: string) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "infra/local/src/stack-cli.ts", command], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      encoding: "utf8",
      timeout: 180_000,
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  beforeAll(async () => {
    env.EMPORIUM_PG_PORT = String(await freePort());
    env.EMPORIUM_CATALOG_RPC_PORT = String(await freePort());
    env.EMPORIUM_CATALOG_HTTP_PORT = String(await freePort());
    env.EMPORIUM_INVENTORY_RPC_PORT = String(await freePort());
    env.EMPORIUM_INVENTORY_HTTP_PORT = String(await freePort());
    env.EMPORIUM_CUSTOMERS_RPC_PORT = String(await freePort());
    env.EMPORIUM_CUSTOMERS_HTTP_PORT = String(await freePort());
    env.EMPORIUM_REVIEWS_RPC_PORT = String(await freePort());
    env.EMPORIUM_REVIEWS_HTTP_PORT = String(await freePort());
    env.EMPORIUM_NOTIFICATIONS_RPC_PORT = String(await freePort());
    env.EMPORIUM_NOTIFICATIONS_HTTP_PORT = String(await freePort());
    env.EMPORIUM_KEYCLOAK_PORT = String(await freePort());
    env.EMPORIUM_KEYCLOAK_MANAGEMENT_PORT = String(await freePort());
    env.EMPORIUM_RABBITMQ_PORT = String(await freePort());
    env.EMPORIUM_RABBITMQ_MANAGEMENT_PORT = String(await freePort());
    env.EMPORIUM_RABBITMQ_DIST_PORT = String(await freePort());
    env.EMPORIUM_GATEWAY_PORT = String((await isPortFree(4000)) ? 4000 : await freePort());
  });

  afterAll(() => {
    stack("stop");
    rmSync(state, { recursive: true, force: true });
  });

  it("starts everything, serves catalog products through the gateway, and says where", async () => {
    const started = stack("start");
    expect(started.output).toContain("Emporium is running.");
    expect(started.status).toBe(0);
    expect(started.output).toContain(`http://127.0.0.1:${env.EMPORIUM_GATEWAY_PORT}/graphiql`);

    const { body } = await gatewayQuery<{
      products: { edges: Array<{ node: { name: string; availability: { quantity: number } | null } }> };
    }>(
      `http://127.0.0.1:${env.EMPORIUM_GATEWAY_PORT}`,
      `{ products(first: 3) { edges { node { name availability { quantity } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.products.edges).toHaveLength(3);
    expect(body.data!.products.edges.every((e) => e.node.availability !== null)).toBe(true);

    // The services trust this stack's Keycloak: an admin token from it can write through the gateway.
    const tokenRes = await fetch(
      `http://127.0.0.1:${env.EMPORIUM_KEYCLOAK_PORT}/realms/emporium/protocol/openid-connect/token`,
      {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "password",
          client_id: "dev-tokens",
          username: "ada",
          password: "dev-only-ada-password",
        }),
      },
    );
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const created = await gatewayQuery<{ createProduct: { name: string } }>(
      `http://127.0.0.1:${env.EMPORIUM_GATEWAY_PORT}`,
      `mutation { createProduct(input: { name: "Stack Mug", categoryId: "cat-outdoor", skus: [{ code: "STACK-MUG", name: "Stack Mug", price: { amount: "5.00", currency: "EUR" } }] }) { name } }`,
      undefined,
      { authorization: `Bearer ${access_token}` },
    );
    expect(created.body).toEqual({ data: { createProduct: { name: "Stack Mug" } } });
  }, 240_000);

  it("is idempotent: a second start finds everything running", () => {
    const again = stack("start");
    expect(again.status).toBe(0);
    expect(again.output).toContain("catalog already running");
    expect(again.output).toContain("gateway already running");
    expect(again.output).toContain("realm emporium is up to date");
    expect(stack("status")).toMatchObject({ status: 0, output: expect.stringContaining("gateway    running") });
  }, 240_000);

  it("restarts a service killed with SIGKILL, which is ready again and counted in the status", async () => {
    const servicePid = () => Number(/^catalog +running \(pid (\d+)\), ready/m.exec(stack("status").output)?.[1]);
    const killed = servicePid();
    expect(killed).toBeGreaterThan(0);
    process.kill(killed, "SIGKILL");

    const catalogReady = `http://127.0.0.1:${env.EMPORIUM_CATALOG_HTTP_PORT}/readyz`;
    const deadline = Date.now() + 60_000;
    let restarted = 0;
    while (!(restarted && restarted !== killed)) {
      if (Date.now() > deadline)
        throw new Error(`catalog was not ready again after SIGKILL:\n${stack("status").output}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ready = await fetch(catalogReady).then(
        (r) => r.ok,
        () => false,
      );
      restarted = ready ? servicePid() || 0 : 0;
    }
    expect(stack("status").output).toMatch(/^catalog +running \(pid \d+\), ready, restarted 1x \(last: SIGKILL at /m);
  }, 120_000);

  it("stops what it started and frees the ports", async () => {
    const stopped = stack("stop");
    expect(stopped.status).toBe(0);
    expect(stopped.output).toContain("gateway stopped");
    expect(stopped.output).toContain("Keycloak stopped");
    expect(stopped.output).toContain("PostgreSQL stopped");
    for (const p of [
      "EMPORIUM_GATEWAY_PORT",
      "EMPORIUM_CATALOG_HTTP_PORT",
      "EMPORIUM_CATALOG_RPC_PORT",
      "EMPORIUM_INVENTORY_HTTP_PORT",
      "EMPORIUM_INVENTORY_RPC_PORT",
      "EMPORIUM_CUSTOMERS_HTTP_PORT",
      "EMPORIUM_CUSTOMERS_RPC_PORT",
      "EMPORIUM_REVIEWS_HTTP_PORT",
      "EMPORIUM_REVIEWS_RPC_PORT",
      "EMPORIUM_NOTIFICATIONS_HTTP_PORT",
      "EMPORIUM_NOTIFICATIONS_RPC_PORT",
      "EMPORIUM_KEYCLOAK_PORT",
      "EMPORIUM_KEYCLOAK_MANAGEMENT_PORT",
      "EMPORIUM_RABBITMQ_PORT",
      "EMPORIUM_RABBITMQ_MANAGEMENT_PORT",
      "EMPORIUM_RABBITMQ_DIST_PORT",
      "EMPORIUM_PG_PORT",
    ])
      expect([p, await isPortFree(Number(env[p]))]).toEqual([p, true]);
    expect(stack("status").status).toBe(3);
  }, 120_000);

  it("refuses to start over a port another process holds, naming it and the variable that moves it", async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(env.EMPORIUM_CATALOG_HTTP_PORT), "127.0.0.1", resolve));
    try {
      const r = stack("start");
      expect(r.status).toBe(1);
      expect(r.output).toContain(`port ${env.EMPORIUM_CATALOG_HTTP_PORT} (catalog HTTP) is taken`);
      expect(r.output).toContain("set EMPORIUM_CATALOG_HTTP_PORT");
      // Refused before anything was started: no infrastructure to stop afterwards.
      expect(r.output).not.toMatch(/starting (PostgreSQL|Keycloak)|RabbitMQ vhost/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
      stack("stop");
    }
  }, 240_000);
});
