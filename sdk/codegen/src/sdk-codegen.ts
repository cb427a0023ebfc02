import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { preset as clientPreset } from "@graphql-codegen/client-preset";
import prettier from "prettier";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** A client SDK: the operations its client sends and the BFF that serves them (and stores their texts). */
export interface SdkEntry {
  name: "web" | "mobile";
  bff: "bff-web" | "bff-mobile";
}

export const SDKS: readonly SdkEntry[] = [
  { name: "web", bff: "bff-web" },
  { name: "mobile", bff: "bff-mobile" },
];

/** Where an SDK's inputs and outputs live, relative to the repository root. */
export function sdkPaths(sdk: SdkEntry) {
  return {
    schema: `${sdk.bff}/src/graph/schema.graphql`,
    operations: `sdk/${sdk.name}/operations`,
    gen: `sdk/${sdk.name}/src/gen`,
    manifest: `${sdk.bff}/persisted-documents.json`,
  };
}

/** The command that regenerates every SDK (what a stale check tells the reader to run). */
export const REGENERATE = "npx nx run-many -t sdk";

/**
 * A persisted document's id: the sha256 of its exact text, in hex. The client preset's string form
 * (`hashAlgorithm: "sha256"`) prefixes "sha256:" (GraphQL over HTTP's document-id form); the BFF and
 * `extensions.persistedQuery.sha256Hash` use the bare hex, as automatic persisted queries do.
 */
export function documentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Every file the generator gives for `sdk` from the checkout at `root`, by path relative to root,
 * exactly as it is committed: the typed documents (Prettier-formatted) and the BFF's manifest.
 */
export async function generateSdk(root: string, sdk: SdkEntry): Promise<Map<string, string>> {
  const paths = sdkPaths(sdk);
  const genDir = path.join(root, paths.gen);
  const outputs: Array<{ filename: string; content: string }> = await generate(
    {
      cwd: root,
      silent: true,
      schema: path.join(root, paths.schema),
      documents: [path.join(root, paths.operations, "*.graphql")],
      generates: {
        [`${genDir}/`]: {
          // The preset object, not its name: a name is resolved from `cwd`, which has no packages in a scratch copy.
          preset: clientPreset,
          presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: documentHash } },
          config: {
            scalars: { DateTime: "string" },
            enumsAsTypes: true,
            useTypeImports: true,
            onlyOperationTypes: true,
          },
        },
      },
    },
    false,
  );
  const files = new Map<string, string>();
  for (const output of outputs) {
    const name = path.relative(genDir, output.filename);
    if (name === "persisted-documents.json") files.set(paths.manifest, manifestText(output.content));
    else files.set(path.posix.join(paths.gen, name), await formatTypeScript(output.content));
  }
  return files;
}

/** The manifest as committed: hash → text, sorted by hash, two-space JSON (what Prettier would write). */
function manifestText(generated: string): string {
  const documents = JSON.parse(generated) as Record<string, string>;
  for (const [hash, text] of Object.entries(documents))
    if (hash !== documentHash(text)) throw new Error(`persisted document ${hash} is not the sha256 of its text`);
  const sorted = Object.fromEntries(Object.entries(documents).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

async function formatTypeScript(source: string): Promise<string> {
  const config = await prettier.resolveConfig(path.join(REPO_ROOT, "sdk", "gen.ts"));
  return prettier.format(source, { ...config, parser: "typescript" });
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
  );
}

/** The committed files of `sdk` that differ from what the generator gives (missing, extra or changed). */
export async function staleFiles(root: string, sdk: SdkEntry): Promise<string[]> {
  return differences(root, sdk, await generateSdk(root, sdk));
}

/** Writes what the generator gives for `sdk` (removing generated files it no longer gives); returns what changed. */
export async function writeSdk(root: string, sdk: SdkEntry): Promise<string[]> {
  const fresh = await generateSdk(root, sdk);
  const changed = differences(root, sdk, fresh);
  for (const file of changed) {
    const full = path.join(root, file);
    const text = fresh.get(file);
    if (text === undefined) rmSync(full);
    else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }
  return changed;
}

function differences(root: string, sdk: SdkEntry, fresh: ReadonlyMap<string, string>): string[] {
  const gen = sdkPaths(sdk).gen;
  const committed = listFiles(path.join(root, gen)).map((f) => path.posix.join(gen, f.split(path.sep).join("/")));
  const changed = [...fresh].filter(([file, text]) => {
    const full = path.join(root, file);
    return !existsSync(full) || readFileSync(full, "utf8") !== text;
  });
  const extra = committed.filter((file) => !fresh.has(file));
  return [...changed.map(([file]) => file), ...extra].sort();
}
