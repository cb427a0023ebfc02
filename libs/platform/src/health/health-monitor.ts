import { EventEmitter } from "node:events";

export type ServingStatus = "SERVING" | "NOT_SERVING";

/** A dependency probe. Critical checks decide readiness; the others only show in the details. */
export interface HealthCheck {
  name: string;
  critical: boolean;
  probe: () => Promise<void>;
}

export interface CheckState {
  ok: boolean;
  critical: boolean;
  error?: string;
  since: string;
}

/**
 * Probes the dependencies on an interval and keeps one answer to "can this process serve its core
 * requests?". Emits "change" with the new status, which gRPC Health Watch streams and /readyz use.
 */
export class HealthMonitor extends EventEmitter {
  private readonly states = new Map<string, CheckState>();
  private timer: NodeJS.Timeout | undefined;
  private shuttingDown = false;
  private current: ServingStatus = "NOT_SERVING";

  constructor(
    private readonly checks: readonly HealthCheck[],
    private readonly options: { intervalMs: number; probeTimeoutMs?: number },
  ) {
    super();
    this.setMaxListeners(0);
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  status(): ServingStatus {
    return this.current;
  }

  details(): Record<string, CheckState> {
    return Object.fromEntries(this.states);
  }

  /** From now on the answer is NOT_SERVING, whatever the probes say: the process is draining. */
  markShuttingDown(): void {
    this.shuttingDown = true;
    this.stop();
    this.update();
  }

  async refresh(): Promise<ServingStatus> {
    await Promise.all(this.checks.map((check) => this.run(check)));
    this.update();
    return this.current;
  }

  private async run(check: HealthCheck): Promise<void> {
    const timeoutMs = this.options.probeTimeoutMs ?? 2_000;
    let error: string | undefined;
    try {
      await withTimeout(check.probe(), timeoutMs, `${check.name} did not answer within ${timeoutMs} ms`);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const before = this.states.get(check.name);
    const ok = error === undefined;
    const since = before && before.ok === ok ? before.since : new Date().toISOString();
    this.states.set(check.name, { ok, critical: check.critical, since, ...(error ? { error } : {}) });
  }

  private update(): void {
    const ready = !this.shuttingDown && [...this.states.values()].every((s) => s.ok || !s.critical);
    const next: ServingStatus = ready ? "SERVING" : "NOT_SERVING";
    if (next !== this.current) {
      this.current = next;
      this.emit("change", next);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
