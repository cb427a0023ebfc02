import { mkdtempSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { generatePassword } from "./passwords";
import { PortInUseError } from "./port-check";
import {
  clusterStatus,
  initCluster,
  startCluster,
  stopCluster,
  superuserUrl,
  type ClusterSpec,
} from "./postgres-cluster";
import { findPostgres } from "./postgres-install";
import { provisionServiceDatabase } from "./postgres-provision";
import { freePort } from "./port-check";

/** A real throwaway cluster: init, start, provision, refuse a taken port, stop. */

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function holdPort(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen({ port, host: "127.0.0.1" }, () => resolve(server));
  });
}

describe("a local PostgreSQL cluster", () => {
  let cluster: ClusterSpec;
  let adminUrl: string;
  const superuserPassword = generatePassword();

  beforeAll(async () => {
    const installation = await findPostgres();
    if (!installation)
      throw new Error("PostgreSQL is not installed: run `tsx infra/local/src/postgres-cli.ts install`");
    // Under os.tmpdir(): reachable by the postgres system user when the tests run as root.
    const dir = mkdtempSync(path.join(os.tmpdir(), "emporium-pg-spec-"));
    cluster = { binDir: installation.binDir, dir, port: await freePort(), ephemeral: true };
    expect(await initCluster(cluster, { superuserPassword })).toBe("created");
    expect(await startCluster(cluster)).toBe("started");
    adminUrl = superuserUrl(cluster.port, superuserPassword);
  }, 120_000);

  afterAll(async () => {
    if (!cluster) return;
    await stopCluster(cluster).catch(() => undefined);
    rmSync(cluster.dir, { recursive: true, force: true });
  });

  it("is initialised once and started once", async () => {
    expect(await initCluster(cluster, { superuserPassword })).toBe("exists");
    const lines: string[] = [];
    expect(await startCluster(cluster, (l) => lines.push(l))).toBe("already-running");
    expect(lines.join("\n")).toMatch(/already running/);
    const status = await clusterStatus(cluster);
    expect(status).toMatchObject({ initialized: true, running: true, port: cluster.port });
    expect(status.pid).toBeGreaterThan(0);
  });

  it("accepts the superuser only with its password, over TCP on loopback", async () => {
    expect(await query<{ u: string }>(adminUrl, "SELECT current_user AS u")).toEqual([{ u: "postgres" }]);
    await expect(query(superuserUrl(cluster.port, "wrong-password"), "SELECT 1")).rejects.toThrow(
      /password authentication failed/,
    );
    const [settings] = await query<{ listen: string; fsync: string }>(
      adminUrl,
      "SELECT current_setting('listen_addresses') AS listen, current_setting('fsync') AS fsync",
    );
    expect(settings).toEqual({ listen: "127.0.0.1", fsync: "off" });
  });

  it("provisions a service database idempotently, reachable with the service's password", async () => {
    const password = generatePassword();
    const first = await provisionServiceDatabase(adminUrl, { service: "orders", password });
    expect(first.created).toEqual({ role: true, database: true });
    const again = await provisionServiceDatabase(adminUrl, { service: "orders", password });
    expect(again.created).toEqual({ role: false, database: false });
    expect(again.databaseUrl).toBe(first.databaseUrl);

    const [who] = await query<{ u: string; d: string }>(
      first.databaseUrl,
      "SELECT current_user AS u, current_database() AS d",
    );
    expect(who).toEqual({ u: "orders", d: "orders" });
    // As the owner it can create its schema (what its migrations will do).
    await query(first.databaseUrl, "CREATE TABLE IF NOT EXISTS probe (id int PRIMARY KEY)");
    const [role] = await query<{ rolsuper: boolean; rolcreatedb: boolean }>(
      adminUrl,
      "SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = 'orders'",
    );
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false });
  });

  it("updates the password on a re-run, so the old one stops working", async () => {
    const old = await provisionServiceDatabase(adminUrl, { service: "payments", password: generatePassword() });
    const updated = await provisionServiceDatabase(adminUrl, { service: "payments", password: generatePassword() });
    await expect(query(old.databaseUrl, "SELECT 1")).rejects.toThrow(
      /password authentication failed for user "payments"/,
    );
    expect(await query(updated.databaseUrl, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });

  it("keeps each service out of the other services' databases", async () => {
    const orders = await provisionServiceDatabase(adminUrl, { service: "orders", password: generatePassword() });
    await provisionServiceDatabase(adminUrl, { service: "catalog", password: generatePassword() });
    const intoCatalog = new URL(orders.databaseUrl);
    intoCatalog.pathname = "/catalog";
    await expect(query(intoCatalog.toString(), "SELECT 1")).rejects.toThrow(/permission denied for database "catalog"/);
    intoCatalog.pathname = "/postgres";
    await expect(query(intoCatalog.toString(), "SELECT 1")).rejects.toThrow(
      /permission denied for database "postgres"/,
    );
  });

  it("refuses names that are not plain service names before any SQL runs", async () => {
    await expect(
      provisionServiceDatabase(adminUrl, { service: 'x"; DROP DATABASE orders; --', password: "p" }),
    ).rejects.toThrow(/invalid service name/);
    await expect(provisionServiceDatabase(adminUrl, { service: "postgres", password: "p" })).rejects.toThrow(
      /reserved/,
    );
  });

  it("stops, refuses to start on a taken port with a clear message, then starts again", async () => {
    expect(await stopCluster(cluster)).toBe("stopped");
    expect(await stopCluster(cluster)).toBe("not-running");
    expect(await clusterStatus(cluster)).toMatchObject({ initialized: true, running: false });

    const squatter = await holdPort(cluster.port);
    try {
      const attempt = startCluster(cluster);
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(
        new RegExp(`^port ${cluster.port} is taken by another process.*; stop it or set EMPORIUM_PG_PORT$`),
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect(await startCluster(cluster)).toBe("started");
    expect(await query(adminUrl, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });

  it("keeps its files private to the server's user", () => {
    expect(statSync(path.join(cluster.dir, "data")).mode & 0o077).toBe(0);
  });
});
