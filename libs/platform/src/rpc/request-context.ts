import { createContextKey } from "@connectrpc/connect";
import type { Logger } from "pino";

/** Per-call values the interceptors put into the Connect handler context. */
export const requestIdKey = createContextKey<string>("", { description: "request id" });
export const callLoggerKey = createContextKey<Logger | undefined>(undefined, { description: "call logger" });
