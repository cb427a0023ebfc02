import { createHash } from "node:crypto";

/** A fingerprint of what a request asked, so a reused idempotency key with another request is caught. */
export const requestHash = (request: unknown): string =>
  createHash("sha256")
    .update(JSON.stringify(request, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)))
    .digest("hex");

/** The refusal for an idempotency key that already stands for a different request. */
export const KEY_REUSED = "this idempotency key was already used for a different request";
