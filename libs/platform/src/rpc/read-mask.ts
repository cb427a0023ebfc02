import type { DescField, DescMessage, Message } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import type { FieldMask } from "@bufbuild/protobuf/wkt";
import { invalidArgument } from "../errors/app-error";

/**
 * Which fields of a resource a caller asked for (AIP-157 partial responses). Application code sees
 * only `has`, so a use case can skip loading what nobody will read; the RPC adapter `apply`s the
 * mask to what it returns, so unselected fields are absent on the wire.
 */
export interface FieldSelection {
  /** True when `path` (e.g. `skus` or `skus.price`) or anything under or above it is selected. */
  has(path: string): boolean;
}

export interface ReadMask extends FieldSelection {
  /** Clears every unselected field, nested and in each repeated element or map value; in place. */
  apply<T extends Message>(message: T): T;
}

/** Every field: what a caller gets without a mask, and what a use case assumes without one. */
export const ALL_FIELDS: FieldSelection = { has: () => true };

// A selected field maps to `true` (all of it) or to the selection of its message's fields.
type Selection = Map<string, true | Selection>;

/**
 * The read mask of a request, checked against the resource message it applies to. Paths are proto
 * field names (snake_case) joined by dots; a path into a repeated or map field of messages selects
 * within each element. A oneof is selected by its member fields. An absent or empty mask, or the
 * path `*` (AIP-157), selects everything; an unknown path is INVALID_ARGUMENT on `read_mask`.
 */
export function readMaskOf(schema: DescMessage, mask: FieldMask | undefined): ReadMask {
  const paths = mask?.paths ?? [];
  if (paths.length === 0 || paths.includes("*"))
    return { has: (path) => (resolve(schema, path), true), apply: (message) => message };
  const selection: Selection = new Map();
  for (const path of paths) select(schema, selection, path);
  return {
    has: (path) => covers(selection, resolve(schema, path)),
    apply: (message) => {
      prune(reflect(schema, message), selection);
      return message;
    },
  };
}

function select(schema: DescMessage, selection: Selection, path: string): void {
  const fields = resolve(schema, path, (reason) => {
    throw invalidArgument([{ field: "read_mask", ruleId: "read_mask.paths", message: unknownPath(path, reason) }]);
  });
  let node = selection;
  fields.forEach((field, i) => {
    const existing = node.get(field.name);
    if (existing === true) return;
    if (i === fields.length - 1) {
      node.set(field.name, true);
      return;
    }
    const next: Selection = existing ?? new Map();
    node.set(field.name, next);
    node = next;
  });
}

/** The fields a path walks through; an unknown path is reported (or is a programming error). */
function resolve(
  schema: DescMessage,
  path: string,
  fail: (reason: string) => never = (reason) => {
    throw new Error(`read mask: ${unknownPath(path, reason)}`);
  },
): DescField[] {
  const fields: DescField[] = [];
  let message: DescMessage | undefined = schema;
  for (const name of path.split(".")) {
    if (!message) return fail(`${fields.at(-1)?.name} has no fields`);
    const field = message.fields.find((f) => f.name === name);
    if (!field) return fail(`${message.name} has no field "${name}"`);
    fields.push(field);
    message = messageOf(field);
  }
  return fields;
}

function unknownPath(path: string, reason: string): string {
  return `unknown field path "${path}" (${reason}); paths are snake_case field names joined by dots`;
}

function messageOf(field: DescField): DescMessage | undefined {
  if (field.fieldKind === "message") return field.message;
  if (field.fieldKind === "list" && field.listKind === "message") return field.message;
  if (field.fieldKind === "map" && field.mapKind === "message") return field.message;
  return undefined;
}

function covers(selection: Selection, fields: DescField[]): boolean {
  let node: true | Selection | undefined = selection;
  for (const field of fields) {
    if (node === true) return true;
    node = node.get(field.name);
    if (node === undefined) return false;
  }
  return true;
}

function prune(message: ReflectMessage, selection: Selection): void {
  for (const field of message.fields) {
    const node = selection.get(field.name);
    if (node === undefined) message.clear(field);
    else if (node !== true && message.isSet(field)) pruneWithin(message, field, node);
  }
}

function pruneWithin(message: ReflectMessage, field: DescField, selection: Selection): void {
  switch (field.fieldKind) {
    case "message":
      prune(message.get(field), selection);
      break;
    case "list":
      for (const element of message.get(field)) prune(element as ReflectMessage, selection);
      break;
    case "map":
      for (const value of message.get(field).values()) prune(value as ReflectMessage, selection);
      break;
  }
}
