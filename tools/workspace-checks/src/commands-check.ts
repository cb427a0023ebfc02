import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  createFileRegistry,
  fromBinary,
  getOption,
  hasOption,
  ScalarType,
  type DescMessage,
  type FileRegistry,
} from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { replies } from "@emporium/contracts/emporium/messaging/v1/commands_pb";
import { REPO } from "./scratch-copy";

/** The contracts of the checkout at `root`, compiled by buf (as the contracts pipeline does). */
export function compileContracts(root: string): FileRegistry {
  const deps = spawnSync(process.execPath, [path.join(REPO, "tools", "contracts", "write-validate-proto.cjs")], {
    env: { ...process.env, EMPORIUM_CONTRACTS_ROOT: root },
    encoding: "utf8",
  });
  if (deps.status !== 0) throw new Error(`writing buf/validate/validate.proto failed: ${deps.stderr}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "emporium-contracts-"));
  try {
    const image = path.join(dir, "image.binpb");
    const build = spawnSync(path.join(REPO, "node_modules", ".bin", "buf"), ["build", "-o", image], {
      cwd: root,
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`buf build failed:\n${build.stdout}${build.stderr}`);
    return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(image)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const COMMANDS_FILE = /^emporium\/([a-z]+)\/v1\/commands\.proto$/;
/** What every command carries (ADR 0017): the order, the saga step, the deadline. */
const REQUIRED_FIELDS: ReadonlyArray<{ name: string; type: string }> = [
  { name: "order_id", type: "string" },
  { name: "correlation_id", type: "string" },
  { name: "expire_time", type: "google.protobuf.Timestamp" },
];

/**
 * ADR 0017's rules for commands, which buf lint cannot express: a message named `*Command` is
 * declared in its receiver's `commands.proto`, names its success and failure replies in the
 * `(emporium.messaging.v1.replies)` option, both messages of the receiver's package and answering
 * no other command, and carries order_id, correlation_id and expire_time. One line per problem.
 */
export function checkCommands(registry: FileRegistry): string[] {
  const problems: string[] = [];
  const answering = new Map<string, string>(); // reply type -> the command it answers
  for (const file of registry.files) {
    if (!file.name.startsWith("emporium/")) continue;
    const inCommandsFile = COMMANDS_FILE.test(`${file.name}.proto`);
    for (const message of file.messages) {
      const where = `${file.name}.proto: ${message.name}`;
      const isCommand = message.name.endsWith("Command");
      if (!isCommand) {
        if (hasOption(message, replies)) problems.push(`${where} has the replies option but is not named *Command`);
        continue;
      }
      if (!inCommandsFile) {
        problems.push(`${where} is a command: declare it in its receiver's commands.proto`);
        continue;
      }
      for (const required of REQUIRED_FIELDS)
        if (typeName(message, required.name) !== required.type)
          problems.push(`${where} needs a field \`${required.type} ${required.name}\``);
      if (!hasOption(message, replies)) {
        problems.push(`${where} has no (emporium.messaging.v1.replies) option naming its success and failure replies`);
        continue;
      }
      const pair = getOption(message, replies);
      const receiver = file.proto.package;
      if (pair.success === pair.failure && pair.success)
        problems.push(`${where}: the success and failure replies are the same message ${pair.success}`);
      for (const [kind, reply] of [
        ["success", pair.success],
        ["failure", pair.failure],
      ] as const) {
        if (!reply) problems.push(`${where}: the ${kind} reply is not named`);
        else if (!reply.startsWith(`${receiver}.`))
          problems.push(`${where}: the ${kind} reply ${reply} is not of the receiver's package ${receiver}`);
        else if (!registry.getMessage(reply))
          problems.push(`${where}: the ${kind} reply ${reply} is not a message of ${receiver}`);
        if (!reply) continue;
        const other = answering.get(reply);
        if (other && other !== message.typeName)
          problems.push(
            `${where}: the ${kind} reply ${reply} already answers ${other}; each reply answers one command`,
          );
        answering.set(reply, message.typeName);
      }
    }
  }
  return problems;
}

function typeName(message: DescMessage, field: string): string | undefined {
  const f = message.fields.find((candidate) => candidate.name === field);
  if (!f || f.fieldKind === "list" || f.fieldKind === "map") return undefined;
  if (f.fieldKind === "message") return f.message.typeName;
  if (f.fieldKind === "scalar") return ScalarType[f.scalar].toLowerCase();
  return undefined;
}
