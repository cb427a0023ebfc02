import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO } from "./scratch-copy";

export interface LintMessage {
  ruleId: string | null;
  message: string;
}

/**
 * Lints source text with the repository's ESLint config as if it were the file at `filePath`, so a
 * rule can be shown refusing something without writing anything into the real tree.
 */
export function lintSource(filePath: string, code: string): LintMessage[] {
  // The CLI, not the ESLint API: the API loads the config with a dynamic import Jest cannot run.
  const eslint = path.join(REPO, "node_modules", "eslint", "bin", "eslint.js");
  const r = spawnSync(
    process.execPath,
    [eslint, "--format", "json", "--stdin", "--stdin-filename", path.join(REPO, filePath)],
    { cwd: REPO, input: code, encoding: "utf8" },
  );
  const [result] = JSON.parse(r.stdout || "[]") as Array<{ messages: LintMessage[] }>;
  if (!result) throw new Error(`eslint gave no result: ${r.stderr}`);
  return result.messages;
}
