import { createContextKey } from "@connectrpc/connect";

/** Per-call values the interceptors put into the Connect handler context. */
export const requestIdKey = createContextKey<string>("", { description: "request id" });
