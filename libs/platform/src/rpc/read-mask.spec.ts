import { clone, create, fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { FieldMaskSchema, StructSchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import { ProductSchema, type Product } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { Code } from "@connectrpc/connect";
import { AppError } from "../errors/app-error";
import { toConnectError, violationsOf } from "../errors/rpc-error-map";
import { ALL_FIELDS, readMaskOf } from "./read-mask";

const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });

function product(): Product {
  const sku = (id: string, amountMinor: bigint) => ({
    id,
    code: `CODE-${id}`,
    name: `sku ${id}`,
    price: { currencyCode: "EUR", amountMinor },
    attributes: { color: "red" },
    weightGrams: 250,
    dimensions: { lengthMm: 10, widthMm: 20, heightMm: 30 },
  });
  return create(ProductSchema, {
    id: "p1",
    name: "T-shirt",
    description: "soft",
    categoryId: "c1",
    skus: [sku("s1", 1299n), sku("s2", 1499n)],
    version: 3n,
    createTime: { seconds: 1_700_000_000n },
  });
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

describe("readMaskOf", () => {
  it("selects every field when the mask is absent, empty or *, so old clients keep working", () => {
    for (const m of [undefined, mask(), mask("*")]) {
      const readMask = readMaskOf(ProductSchema, m);
      expect(readMask.apply(product())).toEqual(product());
      expect(readMask.has("skus.price")).toBe(true);
    }
    expect(ALL_FIELDS.has("anything")).toBe(true);
  });

  it("clears unselected top-level fields so they are absent on the wire", () => {
    const masked = readMaskOf(ProductSchema, mask("id", "name")).apply(product());
    expect(toJson(ProductSchema, masked)).toEqual({ id: "p1", name: "T-shirt" });
    const decoded = fromBinary(ProductSchema, toBinary(ProductSchema, masked));
    expect(decoded).toEqual(create(ProductSchema, { id: "p1", name: "T-shirt" }));
  });

  it("keeps only the selected subfields of each repeated element", () => {
    const readMask = readMaskOf(ProductSchema, mask("id", "skus.price", "skus.id"));
    expect(toJson(ProductSchema, readMask.apply(product()))).toEqual({
      id: "p1",
      skus: [
        { id: "s1", price: { currencyCode: "EUR", amountMinor: "1299" } },
        { id: "s2", price: { currencyCode: "EUR", amountMinor: "1499" } },
      ],
    });
    expect(readMask.has("skus")).toBe(true);
    expect(readMask.has("skus.price")).toBe(true);
    expect(readMask.has("skus.price.amount_minor")).toBe(true);
    expect(readMask.has("skus.code")).toBe(false);
    expect(readMask.has("name")).toBe(false);
  });

  it("lets a whole field win over a path inside it, in either order", () => {
    for (const paths of [
      ["skus", "skus.price"],
      ["skus.price", "skus"],
    ]) {
      const readMask = readMaskOf(ProductSchema, mask(...paths));
      const masked = readMask.apply(product());
      expect(masked.skus).toEqual(product().skus);
      expect(masked.name).toBe("");
      expect(readMask.has("skus.dimensions.width_mm")).toBe(true);
    }
  });

  it("keeps or clears a map as a whole, and selects within each message value of a map", () => {
    const skuAttributes = readMaskOf(ProductSchema, mask("skus.attributes")).apply(product());
    expect(skuAttributes.skus.map((s) => s.attributes)).toEqual([{ color: "red" }, { color: "red" }]);
    expect(readMaskOf(ProductSchema, mask("skus.code")).apply(product()).skus[0]!.attributes).toEqual({});

    const struct = create(StructSchema, {
      fields: {
        a: { kind: { case: "stringValue", value: "x" } },
        b: { kind: { case: "numberValue", value: 1 } },
      },
    });
    const masked = readMaskOf(StructSchema, mask("fields.string_value")).apply(struct);
    expect(masked.fields["a"]!.kind).toEqual({ case: "stringValue", value: "x" });
    expect(masked.fields["b"]!.kind).toEqual({ case: undefined });
  });

  it("keeps a oneof only when its set member is selected", () => {
    const readMask = readMaskOf(ValueSchema, mask("number_value", "bool_value"));
    const num = create(ValueSchema, { kind: { case: "numberValue", value: 2 } });
    const str = create(ValueSchema, { kind: { case: "stringValue", value: "s" } });
    expect(readMask.apply(clone(ValueSchema, num))).toEqual(num);
    expect(readMask.apply(str).kind).toEqual({ case: undefined });
    expect(readMask.has("string_value")).toBe(false);
  });

  it("refuses an unknown path with INVALID_ARGUMENT on read_mask, naming the path", () => {
    for (const path of ["colour", "skus.colour", "name.first", "skus..price", ""]) {
      const err = refusal(() => readMaskOf(ProductSchema, mask("id", path)));
      expect(err.code).toBe("INVALID_ARGUMENT");
      expect(err.violations).toHaveLength(1);
      expect(err.violations[0]).toMatchObject({ field: "read_mask", ruleId: "read_mask.paths" });
      expect(err.violations[0]!.message).toContain(`"${path}"`);
    }
    const err = refusal(() => readMaskOf(ProductSchema, mask("skus.colour")));
    expect(err.message).toBe(
      'read_mask: unknown field path "skus.colour" (Sku has no field "colour"); ' +
        "paths are snake_case field names joined by dots",
    );
    // Over RPC it is a Connect InvalidArgument with a buf.validate violation, as the conventions say.
    const wire = toConnectError(err, "rid");
    expect(wire.code).toBe(Code.InvalidArgument);
    expect(violationsOf(wire)).toEqual([
      { field: "read_mask", ruleId: "read_mask.paths", message: expect.any(String) },
    ]);
  });

  it("treats an unknown path asked of has() as a programming error, not a caller's", () => {
    const readMask = readMaskOf(ProductSchema, mask("id"));
    expect(() => readMask.has("skus.colour")).toThrow(/unknown field path "skus.colour"/);
    expect(() => readMask.has("skus.colour")).not.toThrow(AppError);
    expect(() => readMaskOf(ProductSchema, undefined).has("lines")).toThrow(/no field "lines"/);
  });
});
