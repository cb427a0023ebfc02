import path from "node:path";
import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { uuidv7 } from "uuidv7";
import { createTokenVerifier } from "../auth/token-verifier";
import type { RpcAccess } from "../auth/rpc-auth-interceptor";
import type { ServiceConfig } from "./service-config";
import { createPool, type Pool } from "../db/create-pool";
import { migrate } from "../db/migrate";
import { Messaging, type MessagingOptions } from "../events/messaging";
import { MESSAGING_MIGRATIONS } from "../events/messaging-migrations";
import { HealthMonitor, type HealthCheck } from "../health/health-monitor";
import { createMetrics } from "../metrics/metrics";
import { registerUpstreamMetrics, upstreamBreakersCheck, upstreamPolicies } from "../resilience/upstream-policies";
import { buildServiceHost, type ServiceHost } from "./service-host";
import { FaultInjector } from "../faults/fault-injector";
import { refuseFaultsInProduction } from "../faults/fault-flags";
import type { GraphQLSchema } from "graphql";
import type { Principal } from "../auth/principal";

/** A loop that runs beside the listeners (a sweeper, a dispatcher); stopped after the host drains. */
export interface BackgroundWorker {
  name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export type ServiceAppConfig = Pick<
  ServiceConfig,
  | "mode"
  | "host"
  | "rpcPort"
  | "httpPort"
  | "databaseUrl"
  | "statementTimeoutMs"
  | "amqpUrl"
  | "healthIntervalMs"
  | "shutdownTimeoutMs"
  | "authIssuer"
  | "inboxRetentionDays"
> &
  Partial<Pick<ServiceConfig, "graphqlLimits" | "rpcRateLimits" | "loadLimits" | "faults">>;

/** A service's migrations: its db/migrations directory, then the platform's outbox and inbox tables. */
export interface ServiceMigrations {
  dir: string;
  migrate(databaseUrl: string, log?: (line: string) => void): Promise<unknown>;
}

/** `srcDir`: the service's src/ (its app.ts passes __dirname); the SQL files are in db/migrations. */
export function serviceMigrations(srcDir: string): ServiceMigrations {
  const dir = path.join(srcDir, "db", "migrations");
  return { dir, migrate: (databaseUrl, log) => migrate(databaseUrl, dir, log, MESSAGING_MIGRATIONS) };
}

/** The clock and id generator every service's use cases take; tests may fix either. */
export interface ClockAndIds {
  clock: () => Date;
  newId: () => string;
}

export const clockAndIds = (overrides: Partial<ClockAndIds> = {}): ClockAndIds => ({
  clock: () => new Date(),
  newId: uuidv7,
  ...overrides,
});

/** A service's Connect surface, as its rpc/ folder exports it. */
export interface RpcAdapter<Deps> {
  services: readonly DescService[];
  routes(deps: Deps): (router: ConnectRouter) => void;
  /** Who may call each RPC (see rpc-auth-interceptor.ts). */
  access: Readonly<Record<string, RpcAccess>>;
}

/** A service's subgraph, as its graph/ folder exports it: the schema, and a per-request context. */
export interface SubgraphAdapter<Deps> {
  schema(): GraphQLSchema;
  context(deps: Deps, caller: { principal?: Principal }): Record<string, unknown>;
}

/** What makes one service different from the others; everything else is the same for all. */
export interface ServiceAppSpec<Deps> {
  name: string;
  config: ServiceAppConfig;
  logger: Logger;
  /** The service's own migrations; the outbox and inbox tables come with them. */
  migrations: ServiceMigrations;
  /**
   * The service's dependencies (repositories, clock...), built on its pool. Metrics of its own go
   * in `registry`, the one `/metrics` serves. `faults` marks its saga steps (`faults.atStep`).
   */
  deps(pool: Pool, logger: Logger, registry: Registry, faults: FaultInjector): Deps;
  rpc: RpcAdapter<Deps>;
  subgraph?: SubgraphAdapter<Deps>;
  /** Checks beside the critical postgres one and messaging's. */
  healthChecks?(deps: Deps): HealthCheck[];
  workers?(deps: Deps, pool: Pool): BackgroundWorker[];
  /**
   * Consumers and the commands it receives (inbox retention defaults to the config's); without them
   * the service only publishes its outbox.
   */
  messaging?(deps: Deps): Pick<MessagingOptions, "consumers" | "commands" | "inboxRetentionDays">;
}

export interface ServiceApp<Deps> {
  host: ServiceHost;
  pool: Pool;
  health: HealthMonitor;
  /** Publishes the outbox (when a broker is configured) and runs the consumers. */
  messaging: Messaging;
  /** The fault-injection flags (GET/PUT /admin/faults; docs/conventions.md "Fault injection"). */
  faults: FaultInjector;
  deps: Deps;
  /** Stops the workers, then messaging (in-flight handlers finish). Runs once. */
  stopBackground(): Promise<void>;
  /** Host first (drains requests), then workers, messaging, health, pool. Runs once. */
  close(): Promise<void>;
}

/**
 * Composes a service the same way every time (eShop's ServiceDefaults): migrate, pool, metrics,
 * messaging, readiness, workers, both listeners with token verification. Does not listen (tests
 * call this, main.ts hands the host to runService).
 */
export async function createServiceApp<Deps>(spec: ServiceAppSpec<Deps>): Promise<ServiceApp<Deps>> {
  const { name, config, logger, subgraph } = spec;
  refuseFaultsInProduction(config.faults ?? {}, config.mode, "fault-injection flags");
  await spec.migrations.migrate(config.databaseUrl, (line) => logger.info(line));
  const pool = createPool(config.databaseUrl, {
    logger,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName: name,
  });
  const metrics = createMetrics(name);
  const faults = new FaultInjector({
    service: name,
    logger,
    registry: metrics.registry,
    database: { url: config.databaseUrl, applicationName: name },
    initial: config.faults,
  });
  registerUpstreamMetrics(metrics.registry);
  upstreamPolicies.useLogger(logger);
  const deps = spec.deps(pool, logger, metrics.registry, faults);
  const messaging = new Messaging({
    service: name,
    amqpUrl: config.amqpUrl,
    pool,
    logger,
    registry: metrics.registry,
    inboxRetentionDays: config.inboxRetentionDays,
    beforeHandling: (type) => faults.beforeHandling(`message:${type}`),
    ...spec.messaging?.(deps),
  });
  const health = new HealthMonitor(
    [
      { name: "postgres", critical: true, probe: async () => void (await pool.query("SELECT 1")) },
      ...messaging.healthChecks(),
      upstreamBreakersCheck(),
      ...(spec.healthChecks?.(deps) ?? []),
    ],
    { intervalMs: config.healthIntervalMs },
  );
  await health.start();
  await messaging.start();
  const workers = spec.workers?.(deps, pool) ?? [];
  for (const worker of workers) await worker.start();
  const built = buildServiceHost({
    name,
    mode: config.mode,
    host: config.host,
    rpcPort: config.rpcPort,
    httpPort: config.httpPort,
    logger,
    metrics,
    health,
    services: spec.rpc.services,
    routes: spec.rpc.routes(deps),
    subgraph: subgraph && {
      schema: subgraph.schema(),
      context: (req) => subgraph.context(deps, req),
      limits: config.graphqlLimits,
    },
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    // User tokens (audience emporium-api) and service tokens issued for this service.
    auth: {
      verifier: createTokenVerifier({
        issuer: config.authIssuer,
        audiences: ["emporium-api", name],
        mode: config.mode,
      }),
      access: spec.rpc.access,
    },
    rateLimits: config.rpcRateLimits,
    loadLimits: config.loadLimits,
    faults,
  });
  // runService closes the host before its cleanups; close() may follow: the drain happens once.
  const host: ServiceHost = { ...built, close: once(() => built.close()) };
  const stopBackground = once(async () => {
    // Injected hangs and delays end first: a held message must not hold the shutdown.
    faults.close();
    for (const worker of workers) await worker.stop();
    await messaging.close();
  });
  const close = once(async () => {
    faults.close();
    await host.close();
    await stopBackground();
    health.stop();
    await pool.end();
  });
  return { host, pool, health, messaging, faults, deps, stopBackground, close };
}

/** Shutdown may be asked for more than once (signal handler, test harness): it runs once. */
function once(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= work());
}

/** The parts of a service its app.ts declares; name, config, logger and migrations come from the definition. */
export type ServiceParts<Deps> = Omit<ServiceAppSpec<Deps>, "name" | "config" | "logger" | "migrations">;

/** A service as its app.ts defines it: main.ts runs `build`, test harnesses migrate and build. */
export interface ServiceDefinition<Deps, Config extends ServiceAppConfig> {
  name: string;
  migrations: ServiceMigrations;
  build(config: Config, logger: Logger): Promise<ServiceApp<Deps>>;
}

/**
 * Defines a service: `srcDir` is its src/ (app.ts passes __dirname, the migrations are in
 * db/migrations), `parts` its adapters and workers for a config and logger. Does not listen.
 */
export function defineService<Deps, Config extends ServiceAppConfig = ServiceConfig>(
  name: string,
  srcDir: string,
  parts: (config: Config, logger: Logger) => ServiceParts<Deps>,
): ServiceDefinition<Deps, Config> {
  const migrations = serviceMigrations(srcDir);
  return {
    name,
    migrations,
    build: (config, logger) => createServiceApp({ name, config, logger, migrations, ...parts(config, logger) }),
  };
}
