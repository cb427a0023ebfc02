#!/usr/bin/env node
// The contracts pipeline, fully offline (local buf + local protoc-gen-es from node_modules):
//   lint             buf lint (STANDARD) over proto/
//   generate         regenerate libs/contracts/src/gen from scratch (stale files removed)
//   check-generated  fail when the committed generated code differs from what the protos give
//   breaking         fail when proto/ breaks the committed baseline (libs/contracts/baseline)
//   update-baseline  accept the current contracts as the new baseline (a deliberate, reviewed act)
// --root DIR runs against another checkout (the checks' own tests use a broken copy).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repo = path.resolve(__dirname, "..", "..");
const args = process.argv.slice(2);
const rootIdx = args.indexOf("--root");
const root = rootIdx >= 0 ? path.resolve(args[rootIdx + 1]) : repo;
const command = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--root");
const buf = path.join(repo, "node_modules", ".bin", "buf");
const GEN = path.join("libs", "contracts", "src", "gen");
const BASELINE = path.join("libs", "contracts", "baseline", "emporium.binpb");

function run(argv, opts = {}) {
  const r = spawnSync(buf, argv, {
    cwd: root,
    stdio: opts.capture ? "pipe" : "inherit",
    encoding: "utf8",
    env: { ...process.env, PATH: `${path.join(repo, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` },
  });
  if (r.error) throw r.error;
  return r;
}

function ensureValidateProto() {
  const r = spawnSync(process.execPath, [path.join(__dirname, "write-validate-proto.cjs")], {
    stdio: "inherit",
    env: { ...process.env, EMPORIUM_CONTRACTS_ROOT: root },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function generateInto(outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  const template = fs
    .readFileSync(path.join(root, "buf.gen.yaml"), "utf8")
    .replace(/out: .*/, `out: ${JSON.stringify(outDir)}`);
  const tmpl = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bufgen-")), "buf.gen.yaml");
  fs.writeFileSync(
    tmpl,
    template.replace(
      /local: node_modules\/.bin\/protoc-gen-es/,
      `local: ${path.join(repo, "node_modules", ".bin", "protoc-gen-es")}`,
    ),
  );
  const r = run(["generate", "--template", tmpl]);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function listFiles(dir, base = dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
    )
    .sort();
}

const commands = {
  lint() {
    ensureValidateProto();
    const r = run(["lint"]);
    if (r.status !== 0) {
      console.error("buf lint failed: fix the findings above (rules: STANDARD)");
      process.exit(1);
    }
    console.log("buf lint: ok");
  },
  generate() {
    ensureValidateProto();
    generateInto(path.join(root, GEN));
    console.log(`generated ${listFiles(path.join(root, GEN)).length} files into ${GEN}`);
  },
  "check-generated"() {
    ensureValidateProto();
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "contracts-gen-"));
    generateInto(fresh);
    const committed = path.join(root, GEN);
    const a = listFiles(fresh),
      b = listFiles(committed);
    const stale = [...new Set([...a, ...b])].filter(
      (f) =>
        !a.includes(f) ||
        !b.includes(f) ||
        !fs.readFileSync(path.join(fresh, f)).equals(fs.readFileSync(path.join(committed, f))),
    );
    fs.rmSync(fresh, { recursive: true, force: true });
    if (stale.length) {
      console.error(
        `generated code is stale (${stale.length} file(s)): ${stale.join(", ")}\nrun \`npx nx run contracts:generate\` and commit the result`,
      );
      process.exit(1);
    }
    console.log("generated code: up to date");
  },
  breaking() {
    ensureValidateProto();
    const r = run(["breaking", "proto", "--against", BASELINE]);
    if (r.status !== 0) {
      console.error(
        `breaking change against the released contracts (${BASELINE}). Make the change compatibly (new field, new RPC, new version package), or, if the break is deliberate and agreed, run \`npx nx run contracts:update-baseline\``,
      );
      process.exit(1);
    }
    console.log("buf breaking: no breaking changes against the baseline");
  },
  "update-baseline"() {
    ensureValidateProto();
    const r = run(["build", "proto", "-o", BASELINE]);
    if (r.status !== 0) process.exit(1);
    console.log(`baseline written to ${BASELINE}`);
  },
};

if (!commands[command]) {
  console.error(`usage: contracts.cjs ${Object.keys(commands).join("|")} [--root DIR]`);
  process.exit(2);
}
commands[command]();
