import path from "node:path";
import { REPO, runNode, scratchCopy } from "./scratch-copy";

const PRETTIER = path.join(REPO, "node_modules", "prettier", "bin", "prettier.cjs");
const CONFIG = [".prettierrc.json", ".prettierignore", ".editorconfig"];
const SAMPLE = "libs/platform/src/errors/app-error.ts";

/** `npm test` runs the format check (the workspace's format-check target): it must refuse unformatted code. */
describe("format check", () => {
  it("passes the tree as committed and fails on a file the formatter would change, naming it", () => {
    const scratch = scratchCopy([...CONFIG, SAMPLE]);
    try {
      expect(runNode([PRETTIER, "--check", "."], scratch.root)).toMatchObject({ status: 0 });
      scratch.edit(SAMPLE, (text) => text.replace(/\n  /g, "\n      "));
      const unformatted = runNode([PRETTIER, "--check", "."], scratch.root);
      expect(unformatted.status).not.toBe(0);
      expect(unformatted.output).toContain(SAMPLE);
    } finally {
      scratch.remove();
    }
  });

  it("leaves generated code alone: its drift check compares it with buf's own output", () => {
    const generated = "libs/contracts/src/gen/emporium/catalog/v1/catalog_service_pb.ts";
    const scratch = scratchCopy([...CONFIG, generated]);
    try {
      scratch.edit(generated, (text) => text.replace(/\n  /g, "\n      "));
      expect(runNode([PRETTIER, "--check", "."], scratch.root)).toMatchObject({ status: 0 });
    } finally {
      scratch.remove();
    }
  });
});
