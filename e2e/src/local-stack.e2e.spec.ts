import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, isPortFree } from "@emporium/local-servers";
import { BFFS, GATEWAY, envPrefix, serviceNamed } from "@emporium/registry";
import { bffQuery, gatewayQuery, REPO_ROOT } from "@emporium/testing";
import { leadingJson, readmeBlocks, runShellBlocks, type ReadmeBlock } from "./readme-examples";

/**
 * What `npm start` / `npm run status` / `npm stop` run, end to end: PostgreSQL, Keycloak, RabbitMQ,
 * the services, the gateway and the BFFs as supervised processes, and the README's examples run as written
 * against them. A state directory of its own; the ports the README's examples name are the defaults
 * (so a running stack must be stopped first), every other port is a free one.
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
      timeout: 360_000, // a cold start: PostgreSQL, Keycloak, RabbitMQ, then every service
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  // The ports the README's examples name: the defaults, as a reader's `npm start` takes them.
  const catalog = serviceNamed("catalog");
  const readmePorts = {
    EMPORIUM_GATEWAY_PORT: GATEWAY.httpPort,
    EMPORIUM_CATALOG_HTTP_PORT: catalog.httpPort,
    EMPORIUM_CATALOG_RPC_PORT: catalog.rpcPort,
    EMPORIUM_KEYCLOAK_PORT: 8080, // Keycloak's default in infra/local, which nothing imports
    ...Object.fromEntries(BFFS.map((bff) => [`${envPrefix(bff.name)}PORT`, bff.httpPort])),
  };

  beforeAll(async () => {
    for (const [name, port] of Object.entries(readmePorts)) {
      if (!(await isPortFree(port)))
        throw new Error(
          `port ${port} (${name}) is taken: the README's examples run on their default ports; stop what holds it (a running stack: npm stop)`,
        );
      env[name] = String(port);
    }
    env.EMPORIUM_PG_PORT = String(await freePort());
    env.EMPORIUM_INVENTORY_RPC_PORT = String(await freePort());
    env.EMPORIUM_INVENTORY_HTTP_PORT = String(await freePort());
    env.EMPORIUM_CUSTOMERS_RPC_PORT = String(await freePort());
    env.EMPORIUM_CUSTOMERS_HTTP_PORT = String(await freePort());
    env.EMPORIUM_REVIEWS_RPC_PORT = String(await freePort());
    env.EMPORIUM_REVIEWS_HTTP_PORT = String(await freePort());
    env.EMPORIUM_NOTIFICATIONS_RPC_PORT = String(await freePort());
    env.EMPORIUM_NOTIFICATIONS_HTTP_PORT = String(await freePort());
    env.EMPORIUM_KEYCLOAK_MANAGEMENT_PORT = String(await freePort());
    env.EMPORIUM_RABBITMQ_PORT = String(await freePort());
    env.EMPORIUM_RABBITMQ_MANAGEMENT_PORT = String(await freePort());
    env.EMPORIUM_RABBITMQ_DIST_PORT = String(await freePort());
  });
  const bffUrl = (name: string) => `http://127.0.0.1:${env[`${envPrefix(name)}PORT`]}`;

  afterAll(() => {
    stack("stop");
    rmSync(state, { recursive: true, force: true });
  });

  it("starts everything, serves catalog products through the gateway, and says where", async () => {
    const started = stack("start");
    expect(started.output).toContain("Emporium is running.");
    expect(started.status).toBe(0);
    expect(started.output).toContain(`http://127.0.0.1:${env.EMPORIUM_GATEWAY_PORT}/graphiql`);
    for (const bff of BFFS) {
      expect(started.output).toContain(`${bffUrl(bff.name)}/graphiql`);
      // Ready: every service it calls answers its health check.
      expect([bff.name, (await fetch(`${bffUrl(bff.name)}/readyz`)).status]).toEqual([bff.name, 200]);
    }

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
    // The BFFs trust it too: they verify the token before anything runs.
    for (const bff of BFFS) {
      const answer = await bffQuery(bffUrl(bff.name), "{ __typename }", undefined, {
        authorization: `Bearer ${access_token}`,
      });
      expect([bff.name, answer.status, answer.body]).toEqual([bff.name, 200, { data: { __typename: "Query" } }]);
    }
    const created = await gatewayQuery<{ createProduct: { name: string } }>(
      `http://127.0.0.1:${env.EMPORIUM_GATEWAY_PORT}`,
      `mutation { createProduct(input: { name: "Stack Mug", categoryId: "cat-outdoor", skus: [{ code: "STACK-MUG", name: "Stack Mug", price: { amount: "5.00", currency: "EUR" } }] }) { name } }`,
      undefined,
      { authorization: `Bearer ${access_token}` },
    );
    expect(created.body).toEqual({ data: { createProduct: { name: "Stack Mug" } } });
  }, 420_000);

  it("runs the README's examples as written: RPC over curl and gRPC, a token, GraphQL, dead letters", async () => {
    const runnable = readmeBlocks(readFileSync(path.join(REPO_ROOT, "README.md"), "utf8")).filter((b) => !b.notRun);
    const example = (lang: string, text: string) => {
      const block = runnable.find((b) => b.lang === lang && b.code.includes(text));
      if (!block) throw new Error(`README.md has no ${lang} example with ${text} any more: update this test`);
      return block;
    };

    // GraphQL blocks go to the gateway as written, as GraphiQL sends them.
    const answers = new Map<ReadmeBlock, unknown>();
    for (const block of runnable.filter((b) => b.lang === "graphql")) {
      const { body } = await gatewayQuery(`http://127.0.0.1:${env.EMPORIUM_GATEWAY_PORT}`, block.code);
      expect({ line: block.line, errors: body.errors }).toEqual({ line: block.line, errors: undefined });
      answers.set(block, body.data);
    }
    expect(answers.get(example("graphql", "query FirstProducts"))).toMatchObject({
      products: { edges: Array(5).fill({ node: { id: expect.any(String) } }), pageInfo: { hasNextPage: true } },
    });

    // Shell blocks: one session, in the environment of the shell that ran `npm start` (its state directory).
    const runs = runShellBlocks(
      runnable.filter((b) => b.lang === "sh"),
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeoutMs: 180_000 },
    );
    for (const { block, completed, output } of runs)
      expect({ line: block.line, completed, output }).toEqual({ line: block.line, completed: true, output });
    const outputOf = (text: string) => runs.find((r) => r.block === example("sh", text))!.output;

    const rpc = outputOf("CatalogService/ListProducts");
    const { products } = leadingJson(rpc) as { products: Array<{ name: string; skus: unknown[] }> };
    expect(products).toHaveLength(2);
    for (const product of products) expect(JSON.stringify(product)).toMatch(/coffee/i);
    expect(rpc).toMatch(/emporium\.catalog\.v1\.CatalogService\ngrpc\.health\.v1\.Health\n/); // by reflection
    expect(rpc).toMatch(/"status": "SERVING"/);

    expect(leadingJson(outputOf("openid-connect/token"))).toEqual({
      data: { me: { displayName: "Ada A.", email: "ada@example.test", addresses: [{ city: "Porto" }] } },
    });

    // The BFFs: the mobile home screen signed in, and the web listing with its facets.
    const home = leadingJson(outputOf("homeScreen")) as { data: { homeScreen: { products: unknown[] } } };
    expect(home.data.homeScreen.products).toHaveLength(3);
    const listing = leadingJson(outputOf("PRICE_LOW_TO_HIGH")) as {
      data: { products: { edges: unknown[]; facets: { inStock: number; priceBands: unknown[] } } };
    };
    expect(listing.data.products.edges).toHaveLength(3);
    expect(listing.data.products.facets.inStock).toBeGreaterThan(0);
    expect(listing.data.products.facets.priceBands).toHaveLength(4);

    const deadLetters = outputOf("npm run dead-letters -- list");
    expect(deadLetters).toMatch(/^notifications +0 dead letter\(s\)$/m);
    expect(deadLetters).toMatch(/^no dead letters for notifications$/m);
    expect(deadLetters).toMatch(/^0 replayed$/m);
  }, 420_000);

  it("is idempotent: a second start finds everything running", () => {
    const again = stack("start");
    expect(again.status).toBe(0);
    expect(again.output).toContain("catalog already running");
    expect(again.output).toContain("gateway already running");
    expect(again.output).toContain("bff-web already running");
    expect(again.output).toContain("bff-mobile already running");
    expect(again.output).toContain("realm emporium is up to date");
    const status = stack("status");
    expect(status).toMatchObject({ status: 0, output: expect.stringContaining("gateway    running") });
    expect(status.output).toMatch(/^bff-web +running \(pid \d+\), ready/m);
    expect(status.output).toMatch(/^bff-mobile +running \(pid \d+\), ready/m);
  }, 420_000);

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
    expect(stopped.output).toContain("bff-web stopped");
    expect(stopped.output).toContain("bff-mobile stopped");
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
      "EMPORIUM_BFF_WEB_PORT",
      "EMPORIUM_BFF_MOBILE_PORT",
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
  }, 420_000);
});
