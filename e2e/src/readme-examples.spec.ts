import { readmeBlocks, runShellBlocks } from "./readme-examples";

/** The rules the README examples test stands on: no block slips through, a failing example fails. */
describe("README examples: reading and running the fenced blocks", () => {
  const fence = "```";

  it("reads every fenced block with its line and language; `not-run` marks the ones not to run", () => {
    const markdown = [
      "# Title",
      `${fence}sh not-run`,
      "npm start",
      fence,
      "text",
      `${fence}sh`,
      "curl -s http://127.0.0.1:4101/readyz",
      fence,
      `${fence}text`,
      "catalog    running",
      fence,
    ].join("\n");
    expect(readmeBlocks(markdown)).toEqual([
      { line: 2, lang: "sh", notRun: true, code: "npm start" },
      { line: 6, lang: "sh", notRun: false, code: "curl -s http://127.0.0.1:4101/readyz" },
      { line: 9, lang: "text", notRun: false, code: "catalog    running" },
    ]);
  });

  it("refuses a block without a language, a misspelt mark and an unclosed block instead of skipping them", () => {
    expect(() => readmeBlocks(`intro\n${fence}\nnpm start\n${fence}`)).toThrow(
      "README.md:2: a fenced block without a language",
    );
    expect(() => readmeBlocks(`${fence}sh no-run\nnpm start\n${fence}`)).toThrow(
      'README.md:1: "sh no-run": after sh only "not-run" may follow',
    );
    expect(() => readmeBlocks(`${fence}graphql\n{ products { edges { cursor } } }`)).toThrow(
      "README.md:1: the fenced block is never closed",
    );
  });

  it("runs the blocks in one session and stops at the first failing command, marking that block and the rest", () => {
    const block = (line: number, code: string) => ({ line, lang: "sh", notRun: false, code });
    const runs = runShellBlocks(
      [
        block(1, "GREETING=hello"),
        block(2, 'echo "$GREETING from block 2"'),
        block(3, "echo before; false | cat; echo after"),
        block(4, "echo never"),
      ],
      { cwd: process.cwd(), env: process.env, timeoutMs: 10_000 },
    );
    expect(runs.map(({ block: b, output, completed }) => ({ line: b.line, output, completed }))).toEqual([
      { line: 1, output: "", completed: true },
      { line: 2, output: "hello from block 2\n", completed: true },
      { line: 3, output: "before\n(exit 1)", completed: false },
      { line: 4, output: "", completed: false },
    ]);
  });
});
