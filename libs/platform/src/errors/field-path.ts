import type { FieldPath } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";

/** `skus[0].price` from protovalidate's structured path. */
export function fieldPathToString(path: FieldPath | undefined): string {
  if (!path) return "";
  let out = "";
  for (const el of path.elements) {
    out += out ? `.${el.fieldName}` : el.fieldName;
    const sub = el.subscript;
    if (sub.case === "index") out += `[${sub.value}]`;
    else if (sub.case !== undefined) out += `[${JSON.stringify(String(sub.value))}]`;
  }
  return out;
}

/** The inverse for simple dotted paths with indexes, used to report domain violations over RPC. */
export function fieldPathFromString(path: string): Array<{ fieldName: string; index?: number }> {
  return path
    .split(".")
    .filter(Boolean)
    .map((part) => {
      const m = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
      return m?.[2] !== undefined ? { fieldName: m[1]!, index: Number(m[2]) } : { fieldName: m?.[1] ?? part };
    });
}
