/**
 * Every reference in the repository's text resolves, so its docs never point at nothing:
 * - Markdown links and images with a relative path (and a `#heading` when the target is Markdown);
 * - code spans in Markdown that name a path from the root (`libs/testing/src/auth-matrix.ts`);
 * - Markdown files and ADR numbers named in prose and code comments (`docs/conventions.md#events`,
 *   `docs/adr/0003`), resolved from the citing file's folder or any folder above it.
 * Nothing may point outside the repository. URLs are left alone.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";
import ts from "typescript";

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  reason: string;
}

/** What `.gitignore` leaves out, what tools write, and generated code. */
const SKIPPED_DIRS = new Set([".git", "node_modules", "dist", "coverage", "reports", ".nx", ".emporium", "proto-deps"]);
const SKIPPED_PATHS = new Set(["libs/contracts/src/gen"]);
const TEXT_FILE = /\.(md|[cm]?[jt]s|sh|proto|graphql|sql|ya?ml)$/;
const SCRIPT = /\.[cm]?[jt]s$/;

/** A Markdown file named in prose, with an optional anchor; not part of a longer path or a placeholder. */
const MARKDOWN_PATH = /(?<![\w./<>{}*$@-])((?:\.{1,2}\/)*(?:[\w.-]+\/)*[\w.-]*[\w-]\.md)(?:#([\w-]+))?(?![\w/])/g;
/** An ADR cited by number alone. */
const ADR_NUMBER = /(?<![\w./-])docs\/adr\/(\d{4})(?![\w-])/g;
const URL = /\b[a-z][a-z\d+.-]*:\/\/[^\s)"'`>\]]*/gi;
/** A link destination with a scheme (`https:`, `mailto:`) or protocol-relative: not a file here. */
const EXTERNAL = /^([a-z][a-z\d+.-]*:|\/\/)/i;

const markdown = new MarkdownIt();

export function findBrokenLinks(root: string): BrokenLink[] {
  const topLevelDirs = new Set(
    readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name),
  );
  const adrDir = path.join(root, "docs", "adr");
  const adrs = existsSync(adrDir) ? readdirSync(adrDir) : [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsOf = (file: string) => {
    if (!anchorCache.has(file)) anchorCache.set(file, headingAnchors(readFileSync(file, "utf8")));
    return anchorCache.get(file)!;
  };
  const inside = (p: string) => !path.relative(root, p).startsWith("..");

  const broken = new Map<string, BrokenLink>();
  for (const file of listTextFiles(root)) {
    const text = readFileSync(path.join(root, file), "utf8");
    const dir = path.dirname(path.join(root, file));
    const report = (line: number, target: string, reason: string) =>
      broken.set(`${file}:${line}:${target}`, { file, line, target, reason });
    /** `candidates`: where the target may be, most likely first; the first that exists counts. */
    const check = (line: number, target: string, candidates: string[], anchor?: string) => {
      if (!candidates.some(inside)) return report(line, target, "points outside the repository");
      const found = candidates.find((c) => inside(c) && existsSync(c));
      if (!found) return report(line, target, "no such file");
      if (anchor && found.endsWith(".md") && statSync(found).isFile() && !anchorsOf(found).has(anchor))
        report(line, target, `no heading #${anchor} in ${path.relative(root, found)}`);
    };

    if (file.endsWith(".md")) {
      for (const ref of markdownReferences(text)) {
        if (ref.kind === "span") {
          const first = ref.target.split("/")[0] ?? "";
          if (topLevelDirs.has(first)) check(ref.line, ref.target, [path.join(root, ref.target)]);
          continue;
        }
        const [pathPart = "", anchor] = ref.target.split("#", 2);
        const target = decodeURIComponent(pathPart.split("?")[0] ?? "");
        const base = target.startsWith("/") ? root : dir;
        check(ref.line, ref.target, [target ? path.join(base, target) : path.join(root, file)], anchor);
      }
    }

    const prose = (SCRIPT.test(file) ? commentsOnly(file, text) : text).replace(URL, (u) => " ".repeat(u.length));
    prose.split("\n").forEach((lineText, i) => {
      for (const [cited, name = "", anchor] of lineText.matchAll(MARKDOWN_PATH))
        check(i + 1, cited, candidatesFor(root, dir, name), anchor);
      for (const [cited, number] of lineText.matchAll(ADR_NUMBER))
        if (!adrs.some((adr) => adr.startsWith(`${number}-`))) report(i + 1, cited, "no ADR with that number");
    });
  }
  return [...broken.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** A name in prose: relative to the citing folder, or (unless it starts with ./ or ../) to one above it. */
function candidatesFor(root: string, dir: string, name: string): string[] {
  if (name.startsWith("./") || name.startsWith("../")) return [path.join(dir, name)];
  const candidates = [path.join(dir, name)];
  for (let d = dir; path.relative(root, d) !== ""; d = path.dirname(d))
    candidates.push(path.join(path.dirname(d), name));
  return candidates;
}

/**
 * Link and image destinations that are not URLs, and code spans that look like a path without
 * placeholders (`<name>`, `*`, `{…}`), each with its line.
 */
function markdownReferences(text: string): Array<{ kind: "link" | "span"; target: string; line: number }> {
  const lines = text.split("\n");
  const refs: Array<{ kind: "link" | "span"; target: string; line: number }> = [];
  for (const block of markdown.parse(text, {})) {
    const [start = 0, end = start + 1] = block.map ?? [];
    const lineOf = (s: string) =>
      start +
      1 +
      Math.max(
        0,
        lines.slice(start, end).findIndex((l) => l.includes(s)),
      );
    for (const token of block.children ?? []) {
      if (token.type === "code_inline" && /^[\w.-]+\/[\w./-]*$/.test(token.content))
        refs.push({ kind: "span", target: token.content, line: lineOf(token.content) });
      const href = String(token.attrGet(token.type === "image" ? "src" : "href") ?? "");
      if ((token.type === "link_open" || token.type === "image") && href && !EXTERNAL.test(href))
        refs.push({ kind: "link", target: href, line: lineOf(decodeURI(href)) });
    }
  }
  return refs;
}

/** The anchors GitHub gives a Markdown file's headings (github-slugger numbers duplicates). */
export function headingAnchors(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const tokens = markdown.parse(text, {});
  const anchors = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== "heading_open") return;
    const words = (tokens[i + 1]?.children ?? []).filter((c) => c.type === "text" || c.type === "code_inline");
    anchors.add(slugger.slug(words.map((c) => c.content).join("")));
  });
  return anchors;
}

/**
 * A script's comments, everything else blanked (lines and columns kept): in code, a string naming
 * a Markdown file is a file the code reads or writes (or a test's broken example), not a citation.
 */
function commentsOnly(file: string, text: string): string {
  const kind = /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const comments = new Map<number, number>();
  const visit = (node: ts.Node) => {
    const ranges = [
      ...(ts.getLeadingCommentRanges(text, node.pos) ?? []),
      ...(ts.getTrailingCommentRanges(text, node.end) ?? []),
    ];
    for (const range of ranges) comments.set(range.pos, range.end);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind));
  const kept = text.split("").map((c): string => (c === "\n" ? c : " "));
  for (const [pos, end] of comments) for (let i = pos; i < end; i++) kept[i] = text[i] ?? " ";
  return kept.join("");
}

function listTextFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !SKIPPED_PATHS.has(child)) walk(child);
      } else if (TEXT_FILE.test(entry.name) || child === ".ci/run") files.push(child);
    }
  };
  walk("");
  return files.sort();
}
