import net from "node:net";
import pg from "pg";
import { freezeProcess, processState, tcpProbe, terminateClientBackends, thawProcess } from "./process-faults";
import { startNodeProcess } from "./processes";

/** Runs against the jest run's test server (global setup); the database is this file's own. */
const adminUrl = () => process.env.EMPORIUM_TEST_PG_ADMIN_URL!;

describe("faults a chaos experiment does to what it started", () => {
  it("freezes a process (state T, its timers stop) and lets it run again", async () => {
    const ticking = startNodeProcess(["-e", "setInterval(() => console.log('tick'), 50)"], {});
    try {
      await new Promise((resolve) => ticking.child.stdout!.once("data", resolve));
      expect((await freezeProcess(ticking)).state).toBe("T");
      // What it wrote just before the stop may still be in the pipe: read that first.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const before = ticking.output().length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ticking.output().length).toBe(before);
      expect((await thawProcess(ticking)).state).not.toBe("T");
      await new Promise((resolve) => ticking.child.stdout!.once("data", resolve));
    } finally {
      await ticking.stop();
    }
    expect(processState(ticking.child.pid!)).toBe("gone");
  });

  it("ends every client connection to the named databases and says how many", async () => {
    const name = `process_faults_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    const clients = [
      new pg.Client({ connectionString: url.toString() }),
      new pg.Client({ connectionString: url.toString() }),
    ];
    try {
      for (const c of clients) {
        c.on("error", () => undefined);
        await c.connect();
      }
      expect(await terminateClientBackends(adminUrl(), [name])).toBe(2);
      await expect(clients[0]!.query("SELECT 1")).rejects.toThrow();
      expect(await terminateClientBackends(adminUrl(), [name])).toBe(0);
    } finally {
      await Promise.allSettled(clients.map((c) => c.end()));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it("tells a listening port from a refusing one", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    expect(await tcpProbe(port)).toBe("open");
    await new Promise((resolve) => server.close(resolve));
    expect(await tcpProbe(port)).toBe("refused");
  });
});
