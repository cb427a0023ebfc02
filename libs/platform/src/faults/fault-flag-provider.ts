import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  StandardResolutionReasons,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
} from "@openfeature/server-sdk";
import { appliesTo, type FaultFlags } from "./fault-flags";

/**
 * The OpenFeature provider of the fault flags: an in-memory set that the admin endpoint replaces
 * while the service runs (docs/adr/0026). The evaluation context's `targetingKey` is the target
 * (`rpc:…`, `message:…`, `step:…`) that scoped flags are matched against.
 */
export class FaultFlagProvider implements Provider {
  readonly metadata = { name: "emporium-fault-flags" } as const;
  readonly runsOn = "server" as const;
  readonly events = new OpenFeatureEventEmitter();
  private flags: FaultFlags = {};

  /** The flags in force. */
  current(): FaultFlags {
    return this.flags;
  }

  /** Whether no flag is set (the fast path: nothing is evaluated). */
  get isEmpty(): boolean {
    return Object.keys(this.flags).length === 0;
  }

  /** Replaces every flag at once; evaluations from now on see the new set. */
  replace(flags: FaultFlags): void {
    const changed = Object.keys({ ...this.flags, ...flags });
    this.flags = Object.freeze({ ...flags });
    this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: changed });
  }

  resolveBooleanEvaluation(key: string, fallback: boolean, context: EvaluationContext) {
    return this.resolve(key, fallback, context);
  }

  resolveNumberEvaluation(key: string, fallback: number, context: EvaluationContext) {
    return this.resolve(key, fallback, context);
  }

  resolveStringEvaluation(key: string, fallback: string, context: EvaluationContext) {
    return this.resolve(key, fallback, context);
  }

  resolveObjectEvaluation<T extends JsonValue>(key: string, fallback: T) {
    return Promise.resolve<ResolutionDetails<T>>({
      value: fallback,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.TYPE_MISMATCH,
      errorMessage: `fault flag ${key} is not an object`,
    });
  }

  private resolve<T extends boolean | number | string>(
    key: string,
    fallback: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    const setting = this.flags[key];
    if (!setting || !appliesTo(setting, context.targetingKey))
      return Promise.resolve({ value: fallback, reason: StandardResolutionReasons.DEFAULT });
    if (typeof setting.value !== typeof fallback)
      return Promise.resolve({
        value: fallback,
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.TYPE_MISMATCH,
        errorMessage: `fault flag ${key} is a ${typeof setting.value}`,
      });
    const reason = setting.scope ? StandardResolutionReasons.TARGETING_MATCH : StandardResolutionReasons.STATIC;
    return Promise.resolve({ value: setting.value as T, reason });
  }
}
