import { randomUUID } from "node:crypto";
import { writeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import { OpenFeature, ProviderEvents, type Client } from "@openfeature/server-sdk";
import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import { newDatabaseClient } from "../db/create-pool";
import { FaultFlagProvider } from "./fault-flag-provider";
import { CRASH_EXIT_CODE, FAULT_FLAGS, type FaultFlags, type FaultTarget } from "./fault-flags";

/** A hang with no deadline (a message, a caller without one) ends after this, failed as injected. */
export const HANG_LIMIT_MS = 60_000;

export interface FaultInjectorOptions {
  service: string;
  logger: Logger;
  registry: Registry;
  /** The pool's database and its application_name, whose backends `fault.drop-db-connections` terminates. */
  database?: { url: string; applicationName: string };
  /** Flags in force from the start (EMPORIUM_<SERVICE>_FAULTS); none by default. */
  initial?: FaultFlags;
  /** How `fault.crash-at-step` ends the process (tests replace it). */
  exit?: (code: number) => never;
}

/**
 * Applies a service's fault-injection flags (OpenFeature client over FaultFlagProvider) where the
 * service does work: before an RPC or a message is handled, at a saga step, and on demand to its
 * database connections. With no flag set, every check returns at once.
 */
export class FaultInjector {
  private readonly provider = new FaultFlagProvider();
  private readonly client: Client;
  private readonly injected: Counter<"fault">;
  private readonly closing = new AbortController();

  constructor(private readonly options: FaultInjectorOptions) {
    // One OpenFeature domain per injector: several services (or tests) in one process stay apart.
    const domain = `${options.service}:${randomUUID()}`;
    OpenFeature.setProvider(domain, this.provider);
    this.client = OpenFeature.getClient(domain);
    this.injected =
      (options.registry.getSingleMetric("fault_injected_total") as Counter<"fault"> | undefined) ??
      new Counter({
        name: "fault_injected_total",
        help: "Faults injected by the fault-injection flags, by fault",
        labelNames: ["fault"],
        registers: [options.registry],
      });
    if (options.initial && Object.keys(options.initial).length) this.setFlags(options.initial);
  }

  /** The flags in force. */
  flags(): FaultFlags {
    return this.provider.current();
  }

  /** Replaces every flag (an empty set turns fault injection off); logs the change once. */
  setFlags(flags: FaultFlags): void {
    this.provider.replace(flags);
    this.options.logger.warn({ faults: flags }, "fault-injection flags changed");
  }

  /**
   * Runs before a request or a message is handled: fails it (`fail-percent`), delays it
   * (`latency-ms`) or holds it (`hang`) until `signal` aborts, the flag goes off, or HANG_LIMIT_MS.
   * Throws a ConnectError whose message starts with "injected fault".
   */
  async beforeHandling(target: FaultTarget, signal?: AbortSignal): Promise<void> {
    if (this.provider.isEmpty) return;
    const context = { targetingKey: target };
    const failPercent = await this.client.getNumberValue(FAULT_FLAGS.failPercent, 0, context);
    if (failPercent > 0 && Math.random() * 100 < failPercent) {
      this.count("fail");
      throw new ConnectError(
        `injected fault: ${FAULT_FLAGS.failPercent} ${failPercent} on ${target}`,
        Code.Unavailable,
      );
    }
    const latencyMs = await this.client.getNumberValue(FAULT_FLAGS.latencyMs, 0, context);
    if (latencyMs > 0) {
      this.count("latency");
      await sleep(latencyMs, undefined, { signal: this.abortOn(signal) });
    }
    if (await this.client.getBooleanValue(FAULT_FLAGS.hang, false, context)) {
      this.count("hang");
      await this.hang(target, signal);
    }
  }

  /** A named saga step is reached: `fault.crash-at-step` naming it ends the process at once. */
  async atStep(step: string): Promise<void> {
    if (this.provider.isEmpty) return;
    const crashAt = await this.client.getStringValue(FAULT_FLAGS.crashAtStep, "", { targetingKey: `step:${step}` });
    if (crashAt !== step) return;
    // Like kill -9: no drain, no cleanup, nothing asynchronous; one line on stderr says why.
    writeSync(2, `${JSON.stringify({ level: 60, service: this.options.service, msg: "injected crash", step })}\n`);
    (this.options.exit ?? process.exit)(CRASH_EXIT_CODE);
  }

  /**
   * Terminates every backend connection of the service's pool (pg_terminate_backend on its
   * application_name in its database), from a connection of its own. Returns how many it ended.
   */
  async dropDatabaseConnections(): Promise<number> {
    const { database } = this.options;
    if (!database) return 0;
    const client = newDatabaseClient({
      connectionString: database.url,
      application_name: `${database.applicationName}-faults`,
    });
    await client.connect();
    try {
      const result = await client.query<{ pid: number }>(
        // MATERIALIZED: the filter runs first, so nothing else is ever asked to terminate.
        `WITH pool AS MATERIALIZED (
           SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid())
         SELECT pid FROM pool WHERE pg_terminate_backend(pid)`,
        [database.applicationName],
      );
      this.injected.inc({ fault: "drop-db-connections" }, result.rowCount ?? 0);
      this.options.logger.warn({ terminated: result.rowCount }, "injected fault: database connections dropped");
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }

  /** Ends every hang and delay in progress (the service is shutting down). */
  close(): void {
    this.closing.abort(new ConnectError("injected fault ended: the service is shutting down", Code.Unavailable));
  }

  private count(fault: string): void {
    this.injected.inc({ fault });
  }

  private abortOn(signal?: AbortSignal): AbortSignal {
    return signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
  }

  /** Waits for the caller to give up (its deadline), the hang flag to go off, shutdown, or the limit. */
  private async hang(target: FaultTarget, signal?: AbortSignal): Promise<void> {
    const released = new AbortController();
    const release = async () => {
      if (!(await this.client.getBooleanValue(FAULT_FLAGS.hang, false, { targetingKey: target })))
        released.abort(new ConnectError(`injected fault: ${FAULT_FLAGS.hang} on ${target} ended`, Code.Unavailable));
    };
    this.client.addHandler(ProviderEvents.ConfigurationChanged, release);
    const limit = AbortSignal.timeout(HANG_LIMIT_MS);
    const ended = AbortSignal.any([this.abortOn(signal), released.signal, limit]);
    try {
      await new Promise((_, reject) => ended.addEventListener("abort", () => reject(ended.reason), { once: true }));
    } catch (reason) {
      if (reason instanceof ConnectError) throw reason;
      if (signal?.aborted)
        throw new ConnectError(
          `injected fault: ${FAULT_FLAGS.hang} on ${target}: the caller gave up`,
          Code.DeadlineExceeded,
        );
      throw new ConnectError(
        `injected fault: ${FAULT_FLAGS.hang} on ${target} held ${HANG_LIMIT_MS} ms`,
        Code.Unavailable,
      );
    } finally {
      this.client.removeHandler(ProviderEvents.ConfigurationChanged, release);
    }
  }
}
