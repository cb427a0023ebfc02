#!/usr/bin/env node
// Bundles a deployable (a service or the gateway) into one CommonJS file runnable with plain
// `node`, no TypeScript loader: our own code and the @emporium/* libraries are bundled, third-party
// packages stay external (deploy with `npm ci --omit=dev`). Files the code reads at run time
// (SQL migrations, SDL, the supergraph) are copied next to the bundle.
//   node tools/build/bundle.cjs <entry.ts> <outdir> [<asset>=<dest-in-outdir>]...
"use strict";
const esbuild = require("esbuild");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const [entry, outdir, ...assets] = process.argv.slice(2);
if (!entry || !outdir) {
  console.error("usage: bundle.cjs <entry.ts> <outdir> [<asset>=<dest>]...");
  process.exit(2);
}

const externalThirdParty = {
  name: "external-third-party",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@emporium/") ? undefined : { path: args.path, external: true },
    );
  },
};

const out = path.resolve(root, outdir);
fs.rmSync(out, { recursive: true, force: true });
esbuild
  .build({
    entryPoints: [path.resolve(root, entry)],
    outfile: path.join(out, "main.js"),
    bundle: true,
    platform: "node",
    target: "node24",
    format: "cjs",
    sourcemap: true,
    logLevel: "warning",
    plugins: [externalThirdParty],
  })
  .then(() => {
    for (const spec of assets) {
      const [from, to] = spec.split("=");
      fs.cpSync(path.resolve(root, from), path.join(out, to), { recursive: true });
    }
    console.log(
      `bundled ${entry} → ${path.relative(root, out)}/main.js${assets.length ? ` (+ ${assets.length} asset(s))` : ""}`,
    );
  })
  .catch(() => process.exit(1));
