import { checkout, type CheckoutServices, type CheckoutStock, type Shopper } from "./checkout-driver";

/** What one second of a chaos run looked like from the clients' side and the services' /metrics. */
export interface Second {
  /** Seconds since the run began. */
  t: number;
  /** Checkouts whose placeOrder was accepted in this second. */
  placed: number;
  /** Calls the clients made, and how many of them failed (each failed call is retried). */
  calls: number;
  failedCalls: number;
  /** Checkouts given up for good (a final error, or past the driver's retry budget). */
  failedCheckouts: number;
  /** Ticks of the fixed rate with no shopper free (every one still busy with a slow checkout). */
  skipped: number;
  /** Product-page queries through the gateway that returned the product, and those that did not. */
  productPages: { served: number; failed: number };
  /** `upstream_breaker_state` per "service→upstream" as last scraped in this second (empty: no breakers). */
  breakers: Record<string, number>;
}

/** A checkout whose placeOrder was accepted: the order it made, when, and under which experiment phase. */
export interface AcceptedCheckout {
  orderId: string;
  /** Seconds since the run began. */
  placedAt: number;
  tag: string;
}

const emptySecond = (t: number): Second => ({
  t,
  placed: 0,
  calls: 0,
  failedCalls: 0,
  failedCheckouts: 0,
  skipped: 0,
  productPages: { served: 0, failed: 0 },
  breakers: {},
});

/**
 * Checkouts at a fixed rate (open loop: a tick starts one whatever the others are doing) by a pool
 * of shoppers, each shopper one checkout at a time (their placements queue on their cart anyway), so
 * a slow platform shows as skipped ticks, not as an unbounded pile of requests. Everything is
 * counted per second of the run.
 */
export class FixedRateLoad {
  readonly seconds: Second[] = [];
  readonly accepted: AcceptedCheckout[] = [];
  readonly finalErrors: string[] = [];
  /** Which experiment phase new checkouts belong to. */
  tag = "";
  private readonly startedAt = Date.now();
  private readonly free: Shopper[];
  private readonly inFlight = new Set<Promise<void>>();
  private ticker: NodeJS.Timeout | undefined;
  private count = 0;

  constructor(
    private readonly services: CheckoutServices,
    shoppers: readonly Shopper[],
    private readonly stock: CheckoutStock,
    private readonly perSecond: number,
    private readonly runId = `chaos-${Date.now()}`,
  ) {
    this.free = [...shoppers];
  }

  /** The bucket of the current second (created on first use). */
  now(): Second {
    const t = Math.floor((Date.now() - this.startedAt) / 1000);
    while (this.seconds.length <= t) this.seconds.push(emptySecond(this.seconds.length));
    return this.seconds[t]!;
  }

  /** Seconds since the run began, fractional. */
  elapsed(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /** Starts placing checkouts until `pause`. */
  resume(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.tick(), 1000 / this.perSecond);
  }

  /** Stops starting checkouts and waits for those in flight. */
  async pause(): Promise<void> {
    clearInterval(this.ticker);
    this.ticker = undefined;
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private tick(): void {
    const shopper = this.free.shift();
    if (!shopper) {
      this.now().skipped++;
      return;
    }
    const key = `${this.runId}-${this.count++}`;
    const tag = this.tag;
    const one = checkout(this.services, shopper, this.stock, key, "tok_approve", (failure) => {
      const second = this.now();
      second.calls++;
      if (failure) second.failedCalls++;
    })
      .then((orderId) => {
        this.now().placed++;
        this.accepted.push({ orderId, placedAt: this.elapsed(), tag });
      })
      .catch((err: unknown) => {
        this.now().failedCheckouts++;
        this.finalErrors.push(`${tag}: ${(err as Error).message}`);
      })
      .finally(() => {
        this.free.push(shopper);
        this.inFlight.delete(one);
      });
    this.inFlight.add(one);
  }
}

/** A product-page query's outcome: whether the product came back, and what the answer held besides. */
export interface ProductPageAnswer {
  served: boolean;
  /** e.g. `rating null; errors: UNAVAILABLE` (for the report's evidence). */
  detail: string;
}

/** The state an `upstream_breaker_state` value stands for (the metric's help: 0 closed, 1 half-open, 2 open). */
export function breakerStateName(value: number | undefined): string {
  return value === undefined ? "unknown" : (["closed", "half-open", "open"][value] ?? String(value));
}

/** `upstream_breaker_state` samples in a Prometheus text exposition: "upstream" label → value. */
export function breakerStates(metricsText: string): Record<string, number> {
  const states: Record<string, number> = {};
  for (const line of metricsText.split("\n")) {
    const match = /^upstream_breaker_state\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!match) continue;
    const upstream = /upstream="([^"]*)"/.exec(match[1]!)?.[1] ?? match[1]!;
    states[upstream] = Number(match[2]);
  }
  return states;
}

/**
 * Every second: each service's breaker states from its /metrics, and (with `productPage`) one
 * product-page query. A service that does not answer (stopped, frozen) is simply absent that second.
 */
export function startSampling(
  load: FixedRateLoad,
  services: Record<string, { httpUrl: string }>,
  productPage?: () => Promise<ProductPageAnswer>,
): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const second = load.now();
      const scrapes = Object.entries(services).map(async ([name, { httpUrl }]) => {
        const res = await fetch(`${httpUrl}/metrics`, { signal: AbortSignal.timeout(900) });
        for (const [upstream, state] of Object.entries(breakerStates(await res.text())))
          second.breakers[`${name}→${upstream}`] = state;
      });
      const page = productPage?.().then(
        ({ served }) => (served ? second.productPages.served++ : second.productPages.failed++),
        () => second.productPages.failed++,
      );
      await Promise.allSettled([...scrapes, page, new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
