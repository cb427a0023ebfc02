/**
 * The overload benchmark's server: Fastify with the kit's loadShedding in front of one GraphQL-like
 * route whose every request costs BURN_MS of CPU and WAIT_MS of waiting (a query), so the process
 * has a fixed capacity. Limits from OVERLOAD_LOAD_* (loadLimitsFromEnv); listens on OVERLOAD_PORT.
 */
import Fastify from "fastify";
import { Registry } from "prom-client";
import { loadLimitsFromEnv, loadShedding } from "@emporium/platform";

const BURN_MS = Number(process.env.BURN_MS ?? 2);
const WAIT_MS = Number(process.env.WAIT_MS ?? 5);

function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

async function main(): Promise<void> {
  const app = Fastify();
  const limits = loadLimitsFromEnv("OVERLOAD_");
  await app.register(loadShedding, { name: "overload-target", listener: "http", limits, registry: new Registry() });
  app.post("/graphql", async () => {
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    burn(BURN_MS);
    return { data: { ok: true } };
  });
  app.get("/healthz", async () => ({ status: "alive" }));
  await app.listen({ host: "127.0.0.1", port: Number(process.env.OVERLOAD_PORT) });
  process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
}

main().catch((err: Error) => {
  process.stderr.write(`overload target failed: ${err.message}\n`);
  process.exit(1);
});
