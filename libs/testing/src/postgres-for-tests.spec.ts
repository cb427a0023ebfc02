import { existsSync } from "node:fs";
import pg from "pg";
import { startTestPostgres } from "./postgres-for-tests";

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<{ n: number }>("SELECT 1 AS n")).rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe("a throwaway test PostgreSQL", () => {
  it("starts on a free port, survives a stop/start of the server, and leaves nothing behind", async () => {
    const postgres = await startTestPostgres();
    try {
      expect(postgres.adminUrl).toBe(
        `postgres://postgres:${new URL(postgres.adminUrl).password}@127.0.0.1:${postgres.port}/postgres`,
      );
      expect(await selectOne(postgres.adminUrl)).toBe(1);

      await postgres.stopServer();
      await expect(selectOne(postgres.adminUrl)).rejects.toThrow(/ECONNREFUSED/);
      await postgres.startServer();
      expect(await selectOne(postgres.adminUrl)).toBe(1);
    } finally {
      await postgres.stop();
    }
    expect(existsSync(postgres.dir)).toBe(false);
    await expect(selectOne(postgres.adminUrl)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("gives each caller its own server", async () => {
    const [a, b] = await Promise.all([startTestPostgres(), startTestPostgres()]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.adminUrl).not.toBe(b.adminUrl);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
