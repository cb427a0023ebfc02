import net from "node:net";
import { runCommand } from "./run-command";

/** A server could not bind its port: another process holds it. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    setting: string,
    owner: string,
    /** Whose port it is meant to be, for the message ("Keycloak"). */
    server?: string,
  ) {
    const whose = server ? ` (${server})` : "";
    super(`port ${port}${whose} is taken by another process${owner ? `, ${owner}` : ""}; stop it or set ${setting}`);
    this.name = "PortInUseError";
  }
}

/**
 * True when nothing holds 127.0.0.1:port. Binding (rather than connecting) also catches a server
 * bound to 0.0.0.0 and one that is bound but not accepting yet.
 */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE" || err.code === "EACCES") resolve(false);
      else reject(err);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port that was free a moment ago (the OS picks it); callers must still cope with losing a race. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Best effort "who has this port" for error messages; empty when `ss` cannot tell. */
export async function describePortOwner(port: number): Promise<string> {
  const result = await runCommand("ss", ["-Hltnp", `sport = :${port}`]).catch(() => undefined);
  const match = result && /users:\(\("([^"]+)",pid=(\d+)/.exec(result.stdout);
  return match ? `${match[1]} (pid ${match[2]})` : "";
}
