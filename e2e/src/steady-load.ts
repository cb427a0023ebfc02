import { Code, ConnectError } from "@connectrpc/connect";

/** What a client saw that it should not: a stack trace, an untyped failure, a bare 500. */
export interface BadResponse {
  what: string;
  detail: string;
}

/** Stack frames or error-class prefixes in a body: "    at f (/x.ts:1:2)", "Error: ...\n    at". */
const STACK_TRACE = /(\n|\\n)\s*at \S+ \(|\((\/|file:)[^)]*:\d+:\d+\)|node:internal|\w*Error: [^"]*(\n|\\n)\s+at /;

export interface GraphqlBody {
  data?: unknown;
  errors?: Array<{ message?: string; extensions?: { code?: unknown } }>;
}

/** The typed answers a client may get while a dependency restarts. */
const TYPED_GRAPHQL_CODES = new Set(["UNAVAILABLE"]);
const TYPED_RPC_CODES = new Set([Code.Unavailable]);

/**
 * A few loops calling the platform back to back (with a short pause) until stopped, recording
 * every answer that carries a stack trace or fails without a typed code, and counting the typed
 * failures (to show the load really met the outage).
 */
export class SteadyLoad {
  readonly bad: BadResponse[] = [];
  readonly typedFailures = new Map<string, number>();
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  /** Runs `call` in a loop; it returns normally or throws what the client got. */
  add(name: string, call: () => Promise<void>): void {
    this.loops.push(
      (async () => {
        while (!this.stopped) {
          await call().catch((err: unknown) => this.checkFailure(name, err));
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })(),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /** Records an answer (any body) that carries a stack trace. */
  checkForStackTrace(what: string, text: string): void {
    if (STACK_TRACE.test(text)) this.bad.push({ what, detail: `stack trace in: ${text.slice(0, 500)}` });
  }

  /** Checks one GraphQL answer: no stack trace, every error typed, no bare 5xx. Returns the body. */
  checkGraphql(what: string, status: number, text: string): GraphqlBody | undefined {
    this.checkForStackTrace(what, text);
    let body: GraphqlBody | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      this.bad.push({ what, detail: `HTTP ${status} without a JSON body: ${text.slice(0, 200)}` });
      return undefined;
    }
    for (const error of body?.errors ?? []) {
      const code = String(error.extensions?.code);
      if (TYPED_GRAPHQL_CODES.has(code)) this.countTyped(what, code, error.message);
      else
        this.bad.push({ what, detail: `GraphQL error without a typed code: ${JSON.stringify(error).slice(0, 500)}` });
    }
    if (status >= 500 && !body?.errors?.length)
      this.bad.push({ what, detail: `bare HTTP ${status}: ${text.slice(0, 200)}` });
    return body;
  }

  private checkFailure(what: string, err: unknown): void {
    const connectError = ConnectError.from(err);
    if (STACK_TRACE.test(connectError.rawMessage))
      this.bad.push({ what, detail: `stack trace in error: ${connectError.rawMessage}` });
    if (TYPED_RPC_CODES.has(connectError.code)) this.countTyped(what, Code[connectError.code], connectError.rawMessage);
    else
      this.bad.push({
        what,
        detail: `call failed with ${Code[connectError.code]}: ${connectError.rawMessage.slice(0, 300)}`,
      });
  }

  /**
   * A typed failure must also say what happened: "the database is unavailable; retry shortly", or,
   * once a caller's breaker to a failing service opened, "the notifications service cannot be
   * reached right now; retry shortly".
   */
  private countTyped(what: string, code: string, message: string | undefined): void {
    if (!message || !/unavailable|cannot be reached/i.test(message))
      this.bad.push({ what, detail: `${code} without a message saying so: ${message}` });
    const key = `${what} ${code}`;
    this.typedFailures.set(key, (this.typedFailures.get(key) ?? 0) + 1);
  }
}
