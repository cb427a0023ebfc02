import {
  clearFaults,
  databaseOf,
  freezeProcess,
  httpProbe,
  processState,
  setFaults,
  tcpProbe,
  terminateClientBackends,
  thawProcess,
  type PlatformServiceProcess,
  type RestartOptions,
  type TestRabbitmq,
} from "@emporium/testing";
import type { FixedRateLoad, ProductPageAnswer, Second } from "./chaos-load";
import { breakerOpenSecondsIn, productPagesIn, type Window } from "./chaos-timeline";
import type { CHECKOUT_SERVICES, CheckoutPlatform } from "./checkout-runs";

/** The services a checkout needs, and reviews when the platform has it (the product page's ratings). */
export interface ChaosPlatform extends CheckoutPlatform {
  services: CheckoutPlatform["services"] & { reviews?: PlatformServiceProcess };
  /** The gateway, when the platform has one (the product page goes through it). */
  gatewayUrl?: string;
  restart(name: (typeof CHECKOUT_SERVICES)[number] | "reviews", options?: RestartOptions): Promise<void>;
}

/** What an experiment may break: the platform it runs against and the servers that platform uses. */
export interface ChaosTarget {
  platform: ChaosPlatform;
  load: FixedRateLoad;
  /** The PostgreSQL the platform's databases live on (a throwaway one: the experiments end its connections). */
  postgresAdminUrl: string;
  /** The platform's broker, when it is a throwaway one the run may stop. */
  rabbitmq?: TestRabbitmq;
  /** How long a fault that lasts (a freeze, a stopped broker) is held. */
  holdMs: number;
  /** A product-page query through the gateway, when the platform has one. */
  productPage?: () => Promise<ProductPageAnswer>;
}

/** Facts an operator would check to believe the fault happened, e.g. `{ "old PID": 123, "old PID state": "gone" }`. */
export type Evidence = Record<string, string | number>;

/** One named check of an experiment, e.g. lost orders: 0, pass. */
export interface InvariantCheck {
  name: string;
  /** What was measured (0 holds for the counts). */
  value: number | string;
  pass: boolean;
}

export interface Experiment {
  name: string;
  /** What is done, in a sentence of the report. */
  fault: string;
  /** Whether the target has what it needs (e.g. a broker of the run's own to stop). */
  applies(target: ChaosTarget): boolean;
  /** Injects the fault, holds it, ends it (restores what it broke); resolves with the evidence. */
  run(target: ChaosTarget, evidence: Evidence): Promise<void>;
  /** Checks of its own once the orders settled (added to the invariants), and evidence only measurable then. */
  afterSettled?(view: SettledView): InvariantCheck[];
}

/** What an experiment's own checks see once its orders settled. */
export interface SettledView {
  seconds: readonly Second[];
  fault: Window;
  /** Median placement-to-confirmation time of the orders placed in each phase (ms; null: none confirmed). */
  medianConfirmMs: { baseline: number | null; fault: number | null; recovery: number | null };
  evidence: Evidence;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const killOrders: Experiment = {
  name: "kill-orders",
  fault: "kill -9 the orders process; it is restarted at once, as an orchestrator would",
  applies: () => true,
  async run({ platform }, evidence) {
    const old = platform.services.orders.process;
    evidence["old PID"] = old.child.pid!;
    await platform.restart("orders", {
      kill: "SIGKILL",
      whileDown: async () => {
        evidence["old process ended by"] = String(await old.exited);
        evidence["old PID state"] = processState(old.child.pid!);
        evidence["orders readyz while down"] = await httpProbe(`${platform.services.orders.httpUrl}/readyz`);
      },
    });
    evidence["new PID"] = platform.services.orders.process.child.pid!;
    evidence["orders readyz after"] = await httpProbe(`${platform.services.orders.httpUrl}/readyz`);
  },
};

const freezePayments: Experiment = {
  name: "freeze-payments",
  fault: "SIGSTOP the payments process, SIGCONT after the hold",
  applies: () => true,
  async run({ platform, holdMs }, evidence) {
    const payments = platform.services.payments;
    const frozen = await freezeProcess(payments.process);
    evidence["payments PID"] = frozen.pid;
    evidence["state after SIGSTOP"] = frozen.state;
    evidence["payments healthz while frozen"] = await httpProbe(`${payments.httpUrl}/healthz`);
    await sleep(holdMs);
    evidence["state before SIGCONT"] = processState(frozen.pid);
    evidence["state after SIGCONT"] = (await thawProcess(payments.process)).state;
    evidence["payments healthz after"] = await httpProbe(`${payments.httpUrl}/healthz`);
  },
};

const stopBroker: Experiment = {
  name: "stop-rabbitmq",
  fault: "stop the RabbitMQ node, start it again after the hold",
  applies: (target) => target.rabbitmq !== undefined,
  async run({ rabbitmq, holdMs }, evidence) {
    const broker = rabbitmq!;
    const api = `${broker.managementUrl}/api/overview`;
    const auth = {
      authorization: `Basic ${Buffer.from(`${broker.adminUser}:${broker.adminPassword}`).toString("base64")}`,
    };
    const stopping = Date.now();
    await broker.stopServer();
    evidence["AMQP port while stopped"] = await tcpProbe(broker.amqpPort);
    evidence["management API while stopped"] = await httpProbe(api, auth);
    await sleep(holdMs);
    await broker.startServer();
    evidence["seconds from stop to started again"] = Math.round((Date.now() - stopping) / 1000);
    evidence["AMQP port after start"] = await tcpProbe(broker.amqpPort);
    evidence["management API after start"] = await httpProbe(api, auth);
  },
};

const resetDatabaseConnections: Experiment = {
  name: "reset-postgres-connections",
  fault: "pg_terminate_backend for every client connection to the platform's databases",
  applies: () => true,
  async run({ platform, postgresAdminUrl }, evidence) {
    const databases = Object.values(platform.services).map((s) => databaseOf(s.databaseUrl));
    evidence["databases"] = databases.length;
    evidence["backends terminated"] = await terminateClientBackends(postgresAdminUrl, databases);
    await sleep(1_000);
    evidence["backends terminated 1 s later (reconnected since)"] = await terminateClientBackends(
      postgresAdminUrl,
      databases,
    );
    await sleep(1_000);
    const ready = await Promise.all(
      Object.values(platform.services).map(async (s) => (await httpProbe(`${s.httpUrl}/readyz`)) === "HTTP 200"),
    );
    evidence["services ready 1 s after that"] = `${ready.filter(Boolean).length} of ${ready.length}`;
  },
};

/**
 * +500 ms on everything payments handles: its fault flag `fault.latency-ms`, scoped to the messages
 * of payments (the saga's payment steps reach it as commands over RabbitMQ), set and cleared at run
 * time. The measured extra time to confirm is added once the orders settled.
 */
export const SLOW_PAYMENT_MS = 500;
const PAYMENT_MESSAGES = "message:emporium.payments.v1.";
const slowPayments: Experiment = {
  name: "slow-payments",
  fault: `+${SLOW_PAYMENT_MS} ms on every command payments handles (its fault flag), for the hold`,
  applies: () => true,
  async run({ platform, holdMs }, evidence) {
    const payments = platform.services.payments.httpUrl;
    const set = await setFaults(payments, {
      "fault.latency-ms": { value: SLOW_PAYMENT_MS, scope: PAYMENT_MESSAGES },
    });
    evidence["payments' flags while on"] = JSON.stringify(set.flags);
    await sleep(holdMs);
    evidence["latency faults injected (fault_injected_total)"] = await injectedLatencies(payments);
    evidence["payments' flags after"] = JSON.stringify((await clearFaults(payments)).flags);
  },
  afterSettled({ medianConfirmMs: { baseline, fault }, evidence }) {
    if (baseline !== null && fault !== null) evidence["measured extra time to confirm (ms, median)"] = fault - baseline;
    return [];
  },
};

/** `fault_injected_total{fault="latency"}` on a service's /metrics (0 when absent). */
async function injectedLatencies(httpUrl: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("fault_injected_total{") && l.includes('fault="latency"'));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

const stopReviews: Experiment = {
  name: "reviews-down",
  fault: "stop the reviews process; product pages must still be served (degraded), checkouts unaffected",
  applies: (target) => target.platform.services.reviews !== undefined && target.productPage !== undefined,
  async run({ platform, holdMs, productPage }, evidence) {
    const reviews = platform.services.reviews!;
    evidence["reviews PID"] = reviews.process.child.pid!;
    await platform.restart("reviews", {
      whileDown: async () => {
        evidence["reviews readyz while down"] = await httpProbe(`${reviews.httpUrl}/readyz`);
        const page = await productPage!().catch((err: unknown) => ({ served: false, detail: String(err) }));
        evidence["product page while down"] = `${page.served ? "served" : "NOT served"}: ${page.detail}`;
        await sleep(holdMs);
      },
    });
    evidence["reviews readyz after"] = await httpProbe(`${reviews.httpUrl}/readyz`);
  },
  afterSettled({ seconds, fault }) {
    // Degraded (null ratings, UNAVAILABLE entries), but served: every product-page query while
    // reviews was away; and the gateway stopped sending to it (its breaker opened).
    const { served, failed } = productPagesIn(seconds, fault);
    const breakerOpenSeconds = breakerOpenSecondsIn(seconds, fault, "gateway→reviews");
    return [
      {
        name: "product pages served, degraded as UNAVAILABLE, while reviews is down",
        value: `${served} served, ${failed} not`,
        pass: failed === 0 && served > 0,
      },
      {
        name: "seconds the gateway's breaker to reviews was open during the fault",
        value: breakerOpenSeconds,
        pass: breakerOpenSeconds > 0,
      },
    ];
  },
};

/** The six experiments, in the order a run does them. */
export const EXPERIMENTS: readonly Experiment[] = [
  killOrders,
  freezePayments,
  stopBroker,
  resetDatabaseConnections,
  slowPayments,
  stopReviews,
];
