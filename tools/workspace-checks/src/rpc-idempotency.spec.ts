import { readdirSync } from "node:fs";
import path from "node:path";
import type { DescService } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel as Idempotency } from "@bufbuild/protobuf/wkt";
import { REPO } from "./scratch-copy";

const GENERATED = path.join(REPO, "libs", "contracts", "src", "gen", "emporium");

/** Every service descriptor the contracts generate (each `*_service_pb.ts`). */
async function generatedServices(): Promise<DescService[]> {
  const files = readdirSync(GENERATED, { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith("_service_pb.ts"),
  );
  const modules = await Promise.all(
    files.map((f) => import(path.join(GENERATED, f)) as Promise<Record<string, unknown>>),
  );
  return modules.flatMap((m) =>
    Object.values(m).filter((v): v is DescService => (v as DescService | undefined)?.kind === "service"),
  );
}

/**
 * The kit retries only methods whose proto declares `idempotency_level` (conventions, "Resilience
 * policies"): a read that forgets it is never retried and fails its callers at the first blip. Every
 * RPC named as a read declares it.
 */
describe("contracts: reads declare their idempotency level", () => {
  it("finds the generated services", async () => {
    expect((await generatedServices()).map((s) => s.typeName)).toContain("emporium.customers.v1.CustomersService");
  });

  it("every Get, BatchGet, List and Search RPC is NO_SIDE_EFFECTS or IDEMPOTENT", async () => {
    const undeclared = (await generatedServices())
      .flatMap((s) => s.methods.map((m) => ({ rpc: `${s.typeName}.${m.name}`, name: m.name, level: m.idempotency })))
      .filter((m) => /^(Get|BatchGet|List|Search)[A-Z]/.test(m.name))
      .filter((m) => m.level === Idempotency.IDEMPOTENCY_UNKNOWN)
      .map((m) => m.rpc);
    expect(undeclared).toEqual([]);
  });
});
