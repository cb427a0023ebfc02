import pino, { type Logger } from "pino";

export type { Logger };

/** JSON logs, one line per event, with the service name on every line and secrets redacted. */
export function createLogger(service: string, level = "info"): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["req.headers.authorization", "headers.authorization", "*.password", "*.databaseUrl"],
      censor: "[redacted]",
    },
  });
}
