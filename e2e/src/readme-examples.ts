import { spawnSync } from "node:child_process";

/**
 * The README's examples, read from README.md at test time so that editing the README changes what
 * is tested. Every fenced block names its language; `sh` and `graphql` blocks run against the
 * platform as written, except those whose fence says `not-run` after the language (commands that
 * start or test the platform itself, such as `npm start`):
 *
 *     ```sh not-run
 *
 * Any other word after a runnable language is refused, so a misspelt mark cannot skip a block.
 */
export interface ReadmeBlock {
  /** 1-based line of the opening fence in README.md. */
  line: number;
  lang: string;
  notRun: boolean;
  code: string;
}

const RUNNABLE = ["sh", "graphql"];
const NOT_RUN = "not-run";

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const [, fence = "", info = ""] = open;
    const [lang = "", ...marks] = info.trim().split(/\s+/).filter(Boolean);
    const line = i + 1;
    if (!lang)
      throw new Error(`README.md:${line}: a fenced block without a language; name it (sh, graphql, text, ...)`);
    if (RUNNABLE.includes(lang) && !(marks.length === 0 || (marks.length === 1 && marks[0] === NOT_RUN)))
      throw new Error(`README.md:${line}: "${info.trim()}": after ${lang} only "${NOT_RUN}" may follow`);
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith(fence[0]!.repeat(fence.length)); i++)
      body.push(lines[i] as string);
    if (i >= lines.length) throw new Error(`README.md:${line}: the fenced block is never closed`);
    blocks.push({ line, lang, notRun: marks[0] === NOT_RUN, code: body.join("\n") });
  }
  return blocks;
}

export interface ShellRun {
  block: ReadmeBlock;
  /** stdout and stderr of the block's commands, interleaved as a terminal shows them; the failing
   * block's ends with how the session ended, e.g. `(exit 1)`. */
  output: string;
  /** False for the block whose command failed (nothing after it ran) and the ones after it. */
  completed: boolean;
}

const DONE = "@@readme-example-done@@";

/**
 * Runs the blocks in order in one bash session, as a reader pastes them into one terminal (a
 * variable set in one block is there in the next). `set -euo pipefail`: the first failing command,
 * unset variable or failing pipe stage ends the session.
 */
export function runShellBlocks(
  blocks: ReadmeBlock[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): ShellRun[] {
  const script = ["set -euo pipefail", "exec 2>&1", ...blocks.flatMap((b) => [b.code, `printf '\\n%s\\n' '${DONE}'`])];
  const r = spawnSync("bash", ["-c", script.join("\n")], {
    cwd: options.cwd,
    env: options.env,
    encoding: "utf8",
    timeout: options.timeoutMs,
  });
  const parts = r.stdout.split(`\n${DONE}\n`);
  const ended = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
  return blocks.map((block, i) => ({
    block,
    // The block that failed says how the session ended.
    output: i < parts.length - 1 ? (parts[i] as string) : i === parts.length - 1 ? `${parts[i]}(${ended})` : "",
    completed: i < parts.length - 1,
  }));
}

/** The first JSON value at the start of `text` (a command's JSON answer followed by more output). */
export function leadingJson(text: string): unknown {
  const start = text.trimStart();
  for (let end = start.indexOf("}"); end !== -1; end = start.indexOf("}", end + 1)) {
    try {
      return JSON.parse(start.slice(0, end + 1));
    } catch {
      // not yet the whole value
    }
  }
  throw new Error(`no JSON object at the start of:\n${text}`);
}
