import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's request id when it is sane, so one id follows a request across processes. */
export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && acceptable.test(value) ? value : randomUUID();
}
