import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Deliberately broken variants of a source file, to show that a spec can fail: the spec's checks
 * run against a copy of the module with one defect written in (a check deleted, a limit unset),
 * and must then report the defect. The copy sits beside the original so its relative imports
 * resolve, and is deleted as soon as it is loaded (or when the returned handle is removed).
 */
export interface Defect {
  /** Text that must occur exactly once in the file: the variant fails loudly when the code moved on. */
  find: string;
  replace: string;
}

export interface VariantFile {
  /** Absolute path of the broken copy (e.g. for a child process to import). */
  path: string;
  remove(): void;
}

/** Writes a broken copy of `sourceFile` (absolute path) beside it. Call `remove()` when done. */
export function writeBrokenVariant(sourceFile: string, defects: Defect | Defect[]): VariantFile {
  let text = readFileSync(sourceFile, "utf8");
  for (const defect of Array.isArray(defects) ? defects : [defects]) {
    const count = text.split(defect.find).length - 1;
    if (count !== 1) {
      throw new Error(
        `broken variant of ${path.basename(sourceFile)}: expected the text to occur once, found it ${count} times: ${defect.find}`,
      );
    }
    text = text.replace(defect.find, () => defect.replace);
  }
  const ext = path.extname(sourceFile);
  const file = path.join(
    path.dirname(sourceFile),
    `.${path.basename(sourceFile, ext)}.broken-${randomBytes(4).toString("hex")}${ext}`,
  );
  writeFileSync(file, text);
  return { path: file, remove: () => rmSync(file, { force: true }) };
}

/** Loads a broken copy of a module (in-process, e.g. under Jest) and deletes the copy at once. */
export function loadBrokenVariant<T>(sourceFile: string, defects: Defect | Defect[]): T {
  const variant = writeBrokenVariant(sourceFile, defects);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(variant.path) as T;
  } finally {
    variant.remove();
  }
}
