import type { TestRabbitmq } from "@emporium/testing";
import { EXPERIMENTS, type ChaosTarget, type Experiment } from "./chaos-experiments";
import { FixedRateLoad, startSampling, type ProductPageAnswer, type Second } from "./chaos-load";
import { runExperiment, type ChaosDurations, type ExperimentResult } from "./chaos-run";
import type { CheckoutStock, Shopper } from "./checkout-driver";
import { servicesOf } from "./checkout-runs";

export interface ChaosOptions {
  platform: ChaosTarget["platform"];
  postgresAdminUrl: string;
  rabbitmq?: TestRabbitmq;
  shoppers: readonly Shopper[];
  stock: CheckoutStock;
  /** Checkouts started per second. */
  perSecond: number;
  durations: ChaosDurations;
  /** Default: all six, in order. */
  experiments?: readonly Experiment[];
  /** A product-page query through the gateway, sampled every second: whether it returned the product. */
  productPage?: () => Promise<ProductPageAnswer>;
}

/** Everything a report shows: the set-up, each experiment's evidence and invariants, every second. */
export interface ChaosReport {
  at: string;
  perSecond: number;
  shoppers: number;
  durations: ChaosDurations;
  experiments: ExperimentResult[];
  /** Experiments the target could not do (e.g. no broker of the run's own to stop), with why. */
  notRun: Array<{ name: string; why: string }>;
  seconds: Second[];
  /** Checkouts given up for good, with the error (a sample). */
  finalErrors: string[];
  passed: boolean;
}

/**
 * The steady-state hypothesis tested: checkouts at a fixed rate while each experiment, in turn,
 * breaks something and restores it; the load pauses between experiments while their orders
 * settle and the invariants are read. The platform is the same throughout.
 */
export async function runChaos(options: ChaosOptions, log: (line: string) => void = () => undefined) {
  const load = new FixedRateLoad(servicesOf(options.platform), options.shoppers, options.stock, options.perSecond);
  // The gateway too: its breakers per subgraph show a stopped subgraph being cut off.
  const { services, gatewayUrl } = options.platform;
  const sampled = gatewayUrl ? { ...services, gateway: { httpUrl: gatewayUrl } } : services;
  const stopSampling = startSampling(load, sampled, options.productPage);
  const target: ChaosTarget = {
    platform: options.platform,
    load,
    postgresAdminUrl: options.postgresAdminUrl,
    rabbitmq: options.rabbitmq,
    holdMs: options.durations.holdMs,
    productPage: options.productPage,
  };
  const experiments: ExperimentResult[] = [];
  const notRun: ChaosReport["notRun"] = [];
  const at = new Date().toISOString();
  try {
    for (const experiment of options.experiments ?? EXPERIMENTS) {
      if (!experiment.applies(target)) {
        notRun.push({ name: experiment.name, why: "the platform under test lacks what it breaks" });
        continue;
      }
      log(`${experiment.name}: ${experiment.fault}`);
      const result = await runExperiment(target, experiment, options.stock, options.durations);
      experiments.push(result);
      const failed = result.invariants.filter((i) => !i.pass).map((i) => `${i.name} = ${i.value}`);
      log(
        `${experiment.name}: ${result.orders} orders, ${failed.length ? `FAILED ${failed.join("; ")}` : "every invariant holds"}`,
      );
    }
  } finally {
    await load.pause();
    await stopSampling();
  }
  const report: ChaosReport = {
    at,
    perSecond: options.perSecond,
    shoppers: options.shoppers.length,
    durations: options.durations,
    experiments,
    notRun,
    seconds: load.seconds,
    finalErrors: load.finalErrors.slice(0, 20),
    passed: experiments.length > 0 && experiments.every((e) => e.passed) && notRun.length === 0,
  };
  return report;
}
