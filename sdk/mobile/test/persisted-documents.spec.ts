import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { persistedHash } from "@emporium/sdk-client";
import * as sdk from "../src";

const manifest = JSON.parse(
  readFileSync(path.join(__dirname, "..", "..", "..", "bff-mobile", "persisted-documents.json"), "utf8"),
) as Record<string, string>;
const documents = Object.entries(sdk).filter(([name]) => name.endsWith("Document"));

/** What bff-mobile stores is what the SDK sends: each hash is the sha256 of the text the BFF runs for it. */
describe("the mobile SDK's persisted documents", () => {
  it.each(documents)("%s carries the sha256 of the text bff-mobile stores", (_name, document) => {
    const hash = persistedHash(document as Parameters<typeof persistedHash>[0])!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash("sha256").update(manifest[hash]!).digest("hex")).toBe(hash);
  });

  it("the manifest holds the SDK's documents and nothing else", () => {
    expect(Object.keys(manifest).sort()).toEqual(
      documents.map(([, d]) => persistedHash(d as Parameters<typeof persistedHash>[0])).sort(),
    );
  });
});
