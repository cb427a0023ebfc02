import { setTimeout as sleep } from "node:timers/promises";
import { AppError, type Money, type Pool } from "@emporium/platform";
import type { AuthorizationOutcome, PaymentProvider } from "../application/payment-provider";

/**
 * The payment methods the simulated provider knows, and what each does (docs/conventions.md,
 * "Payments' test tokens"). Deterministic, so tests and the saga's failure paths can rely on them.
 */
export const TEST_TOKENS = {
  tok_approve: "approves",
  tok_decline: "declines: card declined",
  tok_insufficient_funds: "declines: insufficient funds",
  tok_provider_error: "fails transiently: UNAVAILABLE, retryable",
  tok_slow: "approves after the configured delay",
  tok_requires_action: "needs customer action (3-D Secure), which payments does not support: FAILED_PRECONDITION",
} as const;

type Operation = "authorize" | "capture" | "void" | "refund";
type Answer = { reference: string; declined?: "CARD_DECLINED" | "INSUFFICIENT_FUNDS" };

const money = (m: Money) => ({ currency: m.currency, amountMinor: m.amountMinor.toString() });

/**
 * A stand-in for a card provider's API, on a pool of its own (it is another system: what it
 * remembers commits whatever payments' transaction does). Like a real provider it remembers every
 * idempotency key with its first answer, so a repeated call answers the same and moves no money
 * twice; a failed call is not remembered (a retry tries again). Captures, voids and refunds must name
 * an authorisation it approved.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  constructor(
    private readonly pool: Pool,
    private readonly options: { slowMs: number },
  ) {}

  async authorize(call: { idempotencyKey: string; paymentMethodToken: string; amount: Money }) {
    const request = { token: call.paymentMethodToken, amount: money(call.amount) };
    const answer = await this.once(call.idempotencyKey, "authorize", request, async () => {
      const reference = `sim_auth_${call.idempotencyKey}`;
      switch (call.paymentMethodToken) {
        case "tok_approve":
          return { reference };
        case "tok_slow":
          await sleep(this.options.slowMs);
          return { reference };
        case "tok_decline":
          return { reference, declined: "CARD_DECLINED" };
        case "tok_insufficient_funds":
          return { reference, declined: "INSUFFICIENT_FUNDS" };
        case "tok_provider_error":
          throw new AppError(
            "UNAVAILABLE",
            "the payment provider failed to answer (simulated); retry with the same key",
          );
        case "tok_requires_action":
          throw refusedMethod(
            call.paymentMethodToken,
            "needs the customer to confirm (3-D Secure), which is not supported",
          );
        default:
          throw refusedMethod(call.paymentMethodToken, "is unknown to the payment provider");
      }
    });
    const outcome: AuthorizationOutcome = answer.declined
      ? { approved: false, reference: answer.reference, reason: answer.declined }
      : { approved: true, reference: answer.reference };
    return outcome;
  }

  async capture(call: { idempotencyKey: string; authorization: string; amount: Money }): Promise<void> {
    await this.onApproved(call.idempotencyKey, "capture", call.authorization, { amount: money(call.amount) });
  }

  async void(call: { idempotencyKey: string; authorization: string }): Promise<void> {
    await this.onApproved(call.idempotencyKey, "void", call.authorization, {});
  }

  async refund(call: { idempotencyKey: string; authorization: string; amount: Money }): Promise<void> {
    await this.onApproved(call.idempotencyKey, "refund", call.authorization, { amount: money(call.amount) });
  }

  private onApproved(key: string, operation: Operation, authorization: string, asked: object) {
    return this.once(key, operation, { authorization, ...asked }, async () => {
      const { rows } = await this.pool.query<{ answer: Answer }>(
        "SELECT answer FROM simulated_provider_requests WHERE operation = 'authorize' AND answer->>'reference' = $1",
        [authorization],
      );
      if (!rows[0] || rows[0].answer.declined)
        throw new Error(`the provider approved no authorisation ${authorization}`);
      return { reference: `sim_${operation}_${key}` };
    });
  }

  /** Answers a key's first request once; the same key later gets that answer back. */
  private async once(key: string, operation: Operation, request: object, answer: () => Promise<Answer>) {
    const remembered = await this.remembered(key);
    if (remembered) return sameRequest(key, remembered, operation, request);
    const fresh = await answer();
    await this.pool.query(
      `INSERT INTO simulated_provider_requests (idempotency_key, operation, request, answer) VALUES ($1, $2, $3, $4)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [key, operation, JSON.stringify(request), JSON.stringify(fresh)],
    );
    // Two first calls at once: the one stored first is the answer for both.
    return sameRequest(key, (await this.remembered(key))!, operation, request);
  }

  private async remembered(key: string) {
    const { rows } = await this.pool.query<{ operation: Operation; request: object; answer: Answer }>(
      "SELECT operation, request, answer FROM simulated_provider_requests WHERE idempotency_key = $1",
      [key],
    );
    return rows[0];
  }
}

function sameRequest(
  key: string,
  remembered: { operation: Operation; request: object; answer: Answer },
  operation: Operation,
  request: object,
): Answer {
  // jsonb keeps its own key order: compare by content.
  const same = (a: object, b: object) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
  if (remembered.operation !== operation || !same(remembered.request, request))
    throw new Error(`provider idempotency key ${key} was used for another request`);
  return remembered.answer;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value) || value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sorted(v)]),
  );
}

function refusedMethod(token: string, why: string): AppError {
  const message = `payment method ${token} ${why}; use another payment method`;
  return new AppError("FAILED_PRECONDITION", message, [
    { field: "payment_method_token", ruleId: "payment_method.supported", message },
  ]);
}
