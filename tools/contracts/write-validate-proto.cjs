#!/usr/bin/env node
// Writes proto-deps/buf/validate/validate.proto from the descriptor embedded in the
// @bufbuild/protovalidate npm package. The Buf Schema Registry is not reachable here, so this is
// how `import "buf/validate/validate.proto"` resolves offline. The printed file keeps every type,
// field, oneof, enum and extension (what buf needs to compile our rules) and drops the package's
// own option annotations. Not committed: it is derived from a pinned dependency at install time.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { file_buf_validate_validate: file } = require("@bufbuild/protovalidate/gen/buf/validate/validate_pb.js");

const TYPES = {
  1: "double",
  2: "float",
  3: "int64",
  4: "uint64",
  5: "int32",
  6: "fixed64",
  7: "fixed32",
  8: "bool",
  9: "string",
  12: "bytes",
  13: "uint32",
  15: "sfixed32",
  16: "sfixed64",
  17: "sint32",
  18: "sint64",
};
const LABELS = { 1: "optional", 2: "required", 3: "repeated" };
const fd = file.proto;
const out = [];
const emit = (depth, line) => out.push("  ".repeat(depth) + line);
const typeName = (f) => (f.typeName ? f.typeName : TYPES[f.type]);

function fieldLine(f, inOneof) {
  const p = f.proto;
  if (f.fieldKind === "map") {
    const [k, v] = f.parent.nestedMessages
      .find((n) => p.typeName.endsWith("." + n.name))
      .fields.map((x) => typeName(x.proto));
    return `map<${k}, ${v}> ${p.name} = ${p.number};`;
  }
  const label = inOneof ? "" : LABELS[p.label] + " ";
  return `${label}${typeName(p)} ${p.name} = ${p.number};`;
}

function printMessage(m, depth) {
  emit(depth, `message ${m.name} {`);
  for (const n of m.nestedMessages) if (!n.proto.options?.mapEntry) printMessage(n, depth + 1);
  for (const e of m.nestedEnums) printEnum(e, depth + 1);
  for (const o of m.oneofs) {
    emit(depth + 1, `oneof ${o.name} {`);
    for (const f of o.fields) emit(depth + 2, fieldLine(f, true));
    emit(depth + 1, "}");
  }
  for (const f of m.fields) if (!f.oneof) emit(depth + 1, fieldLine(f, false));
  for (const r of m.proto.extensionRange)
    emit(depth + 1, `extensions ${r.start} to ${r.end >= 536870912 ? "max" : r.end - 1};`);
  printExtensions(m.nestedExtensions, depth + 1);
  emit(depth, "}");
}
function printEnum(e, depth) {
  emit(depth, `enum ${e.name} {`);
  for (const v of e.values) emit(depth + 1, `${v.name} = ${v.number};`);
  emit(depth, "}");
}
function printExtensions(exts, depth) {
  const byExtendee = new Map();
  for (const x of exts) byExtendee.set(x.proto.extendee, [...(byExtendee.get(x.proto.extendee) || []), x]);
  for (const [extendee, xs] of byExtendee) {
    emit(depth, `extend ${extendee} {`);
    for (const x of xs) emit(depth + 1, fieldLine(x, false));
    emit(depth, "}");
  }
}

emit(0, "// Generated from @bufbuild/protovalidate's embedded descriptor. Do not edit.");
emit(0, `syntax = "${fd.syntax || "proto2"}";`);
emit(0, `package ${fd.package};`);
for (const d of fd.dependency) emit(0, `import "${d}";`);
for (const e of file.enums) printEnum(e, 0);
for (const m of file.messages) printMessage(m, 0);
printExtensions(file.extensions, 0);

const target = path.join(
  process.env.EMPORIUM_CONTRACTS_ROOT || path.join(__dirname, "..", ".."),
  "proto-deps",
  "buf",
  "validate",
  "validate.proto",
);
fs.mkdirSync(path.dirname(target), { recursive: true });
const text = out.join("\n") + "\n";
if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) fs.writeFileSync(target, text);
