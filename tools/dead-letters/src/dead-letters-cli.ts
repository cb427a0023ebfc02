/**
 * Dead letters of any broker (EMPORIUM_AMQP_URL / --url); `npm run dead-letters` runs it with the
 * local platform's broker (infra/local/src/dead-letters.ts):
 *   list                          every dead-letter queue and its depth (management API)
 *   inspect <consumer> [--limit]  the messages, why they are there, payload as JSON; removes nothing
 *   replay <consumer> [--id <message id>]...   back to the consumer's queue with fresh attempts
 */
import { fromBinary, toJson } from "@bufbuild/protobuf";
import { connectToBroker, inspectDeadLetters, replayDeadLetters, type DeadLetter } from "@emporium/platform";
import pino from "pino";
import { listDeadLetterQueues } from "./management-api";
import { eventSchema } from "./event-registry";

const USAGE = `usage: dead-letters [--url amqp://…] list
       dead-letters [--url amqp://…] inspect <consumer> [--limit N]
       dead-letters [--url amqp://…] replay <consumer> [--id <message id>]...`;

interface Args {
  command?: string;
  consumer?: string;
  url?: string;
  managementUrl?: string;
  limit: number;
  ids: string[];
}

function parse(argv: string[]): Args {
  const args: Args = { limit: 20, ids: [] };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--url") args.url = argv[++i];
    else if (a === "--management-url") args.managementUrl = argv[++i];
    else if (a === "--limit") args.limit = Number(argv[++i]);
    else if (a === "--id") args.ids.push(argv[++i] as string);
    else positional.push(a);
  }
  [args.command, args.consumer] = positional;
  return args;
}

function show(letter: DeadLetter): string {
  const schema = eventSchema(letter.type);
  let payload: string;
  try {
    payload = schema
      ? JSON.stringify(toJson(schema, fromBinary(schema, letter.payload)))
      : `(${letter.payload.length} bytes of ${letter.type})`;
  } catch {
    payload = `(${letter.payload.length} undecodable bytes)`;
  }
  return [
    `${letter.messageId}  ${letter.type}`,
    `  reason: ${letter.reason}${letter.attempts !== undefined ? ` after ${letter.attempts} attempt(s)` : ""}${letter.deadLetteredAt ? ` at ${letter.deadLetteredAt}` : ""}`,
    ...(letter.error ? [`  error: ${letter.error}`] : []),
    `  from queue: ${letter.originalQueue}${letter.aggregateId ? `, aggregate ${letter.aggregateId}` : ""}`,
    `  payload: ${payload}`,
  ].join("\n");
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = console.log,
): Promise<number> {
  const args = parse(argv);
  const url = args.url ?? env.EMPORIUM_AMQP_URL;
  if (
    !args.command ||
    !["list", "inspect", "replay"].includes(args.command) ||
    (args.command !== "list" && !args.consumer)
  ) {
    out(USAGE);
    return 2;
  }
  if (!url) {
    out("dead-letters: no broker: pass --url amqp://user:password@host:port/vhost or set EMPORIUM_AMQP_URL");
    return 2;
  }
  const connection = connectToBroker(url, { name: "dead-letters-cli", logger: pino({ level: "silent" }) });
  try {
    if (args.command === "list") {
      const queues = await listDeadLetterQueues(url, args.managementUrl ?? env.EMPORIUM_RABBITMQ_MANAGEMENT_URL);
      if (queues.length === 0) out("no dead-letter queues");
      for (const q of queues)
        out(
          `${q.consumer.padEnd(24)} ${(await connection.queueDeclare({ queue: q.queue, passive: true })).messageCount} dead letter(s)`,
        );
      return 0;
    }
    const consumer = args.consumer as string;
    if (args.command === "inspect") {
      const letters = await inspectDeadLetters(connection, consumer, args.limit);
      out(letters.length ? letters.map(show).join("\n") : `no dead letters for ${consumer}`);
    } else {
      const replayed = await replayDeadLetters(connection, consumer, args.ids.length ? { messageIds: args.ids } : {});
      for (const letter of replayed) out(`replayed ${letter.messageId} (${letter.type}) to ${letter.originalQueue}`);
      const missing = args.ids.filter((id) => !replayed.some((l) => l.messageId === id));
      for (const id of missing) out(`not found: ${id}`);
      out(`${replayed.length} replayed`);
      if (missing.length) return 1;
    }
    return 0;
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`dead-letters: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
