import path from "node:path";
import { REPO, runNode, scratchCopy } from "./scratch-copy";

const CLI = path.join(REPO, "tools", "contracts", "contracts.cjs");
const CONTRACTS = [
  "proto",
  "proto-vendor",
  "buf.yaml",
  "buf.gen.yaml",
  "libs/contracts/src/gen",
  "libs/contracts/baseline",
];
const SERVICE_PROTO = "proto/emporium/catalog/v1/catalog_service.proto";

describe("contracts pipeline checks", () => {
  let copy: ReturnType<typeof scratchCopy>;
  beforeEach(() => {
    copy = scratchCopy(CONTRACTS);
  });
  afterEach(() => copy.remove());

  describe("buf lint", () => {
    it("passes on the committed protos", () => {
      expect(runNode([CLI, "lint"])).toMatchObject({ status: 0 });
    });

    it("fails when a proto breaks the STANDARD rules", () => {
      copy.edit(SERVICE_PROTO, (t) =>
        t.replace(
          "message ListCategoriesRequest {}",
          "message list_categories_request {}\nmessage ListCategoriesRequest {}",
        ),
      );
      const r = runNode([CLI, "lint", "--root", copy.root]);
      expect(r.status).not.toBe(0);
      expect(r.output).toMatch(/list_categories_request.*PascalCase/);
    });
  });

  describe("buf breaking against the committed baseline", () => {
    it("passes when the contracts only grew compatibly", () => {
      copy.edit(SERVICE_PROTO, (t) =>
        t.replace("message ListCategoriesRequest {}", "message ListCategoriesRequest {\n  string parent = 1;\n}"),
      );
      expect(runNode([CLI, "breaking", "--root", copy.root])).toMatchObject({ status: 0 });
    });

    it("fails when a field changes type", () => {
      copy.edit(SERVICE_PROTO, (t) => t.replace("int32 page_size = 1", "int64 page_size = 1"));
      const r = runNode([CLI, "breaking", "--root", copy.root]);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('changed type from "int32" to "int64"');
    });

    it("fails when an RPC is removed", () => {
      copy.edit(SERVICE_PROTO, (t) =>
        t.replace(/ {2}\/\/ ListCategories returns every category\.\n {2}rpc ListCategories[^}]*\}\n/, ""),
      );
      const r = runNode([CLI, "breaking", "--root", copy.root]);
      expect(r.status).not.toBe(0);
      expect(r.output).toMatch(/ListCategories.*(deleted|removed)/i);
    });
  });

  describe("generated code drift", () => {
    it("passes on the committed generated code", () => {
      expect(runNode([CLI, "check-generated"])).toMatchObject({ status: 0 });
    });

    it("fails when a proto changed and the code was not regenerated", () => {
      copy.edit(SERVICE_PROTO, (t) =>
        t.replace("message ListCategoriesRequest {}", "message ListCategoriesRequest {\n  string parent = 1;\n}"),
      );
      const r = runNode([CLI, "check-generated", "--root", copy.root]);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain("emporium/catalog/v1/catalog_service_pb.ts");
    });

    it("fails when generated code was edited by hand", () => {
      copy.edit("libs/contracts/src/gen/emporium/type/v1/money_pb.ts", (t) => `${t}\nexport const handEdit = 1;\n`);
      const r = runNode([CLI, "check-generated", "--root", copy.root]);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain("emporium/type/v1/money_pb.ts");
    });
  });
});
