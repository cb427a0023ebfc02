import { bffQuery } from "@emporium/testing";

type Types = Array<{ name: string; fields: Array<{ name: string }> | null }>;

const QUERY = `{ __schema { types { name fields { name } } } }`;

async function introspect(url: string): Promise<Types> {
  const { body } = await bffQuery<{ __schema: { types: Types } }>(url, QUERY);
  if (!body.data) throw new Error(`introspection of ${url} failed: ${JSON.stringify(body.errors)}`);
  return body.data.__schema.types.filter((t) => !t.name.startsWith("__"));
}

/** bff-mobile's types and their fields, as a client sees them. */
export const mobileIntrospection = introspect;
/** bff-web's, for the comparison. */
export const webIntrospection = introspect;

/** A type's field names in schema order; none when the schema has no such type. */
export function fieldsOf(types: Types, name: string): string[] {
  return (types.find((t) => t.name === name)?.fields ?? []).map((f) => f.name);
}
