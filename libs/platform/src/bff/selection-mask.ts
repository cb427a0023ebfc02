import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema, type FieldMask } from "@bufbuild/protobuf/wkt";
import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from "graphql";

/**
 * How GraphQL fields map to the proto fields that back them, by GraphQL path relative to the
 * resolver's field ("name", "skus", "skus.price"): a proto path (snake_case, relative to the
 * resource message), several (a field computed from more than one), or none (`[]`: the field comes
 * from elsewhere, e.g. another service). A selected field nobody mapped is backed by its parent's
 * mapping (the whole parent message), or, at the top, by nothing.
 */
export type SelectionFields = Readonly<Record<string, string | readonly string[]>>;

export interface SelectionMaskOptions {
  /** Where the resource sits in the resolver's selection: "edges.node" or "nodes" for a connection. */
  under?: string | readonly string[];
}

/**
 * The resolver's GraphQL selection as a read mask (google.protobuf.FieldMask) for the RPC that
 * loads it: fragments and inline fragments followed, aliases and `__typename` ignored, `@skip` and
 * `@include` honoured, a path dropped when its parent is in the mask too.
 */
export function selectionMask(
  info: GraphQLResolveInfo,
  fields: SelectionFields,
  options: SelectionMaskOptions = {},
): FieldMask {
  const roots = typeof options.under === "string" ? [options.under] : (options.under ?? [""]);
  const paths = new Set<string>();
  const keys = Object.keys(fields);
  const mappedBelow = (path: string) => keys.some((k) => k.startsWith(`${path}.`));
  const mapped = (path: string): readonly string[] | undefined => {
    const value = fields[path];
    return value === undefined ? undefined : typeof value === "string" ? [value] : value;
  };

  /** Adds the mask paths for `sets` (selections at GraphQL path `at`); `fallback` covers unmapped fields. */
  const walk = (sets: readonly SelectionSetNode[], at: string, fallback: readonly string[]) => {
    for (const [name, children] of fieldsOf(info, sets)) {
      const path = at ? `${at}.${name}` : name;
      const own = mapped(path);
      const before = paths.size;
      if (children.length > 0 && mappedBelow(path)) walk(children, path, own ?? fallback);
      // A leaf, a field mapped as a whole, or one whose sub-selection asked for nothing mapped.
      if (paths.size === before) for (const p of own ?? fallback) paths.add(p);
    }
  };
  for (const root of roots) {
    const sets = descend(
      info,
      info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
      root,
    );
    walk(sets, "", []);
  }
  const sorted = [...paths].sort();
  return create(FieldMaskSchema, {
    paths: sorted.filter((p) => !sorted.some((other) => p.startsWith(`${other}.`))),
  });
}

/** The selection sets at `path` ("edges.node") below `sets`. */
function descend(info: GraphQLResolveInfo, sets: SelectionSetNode[], path: string): SelectionSetNode[] {
  if (!path) return sets;
  let current = sets;
  for (const step of path.split(".")) current = fieldsOf(info, current).get(step) ?? [];
  return current;
}

/** The fields selected in `sets` by name (not alias), with their sub-selections, fragments merged. */
function fieldsOf(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[]): Map<string, SelectionSetNode[]> {
  const found = new Map<string, SelectionSetNode[]>();
  const visit = (set: SelectionSetNode) => {
    for (const node of set.selections) {
      if (!included(info, node)) continue;
      if (node.kind === Kind.FIELD) {
        if (node.name.value.startsWith("__")) continue;
        const children = found.get(node.name.value) ?? [];
        if (node.selectionSet) children.push(node.selectionSet);
        found.set(node.name.value, children);
      } else if (node.kind === Kind.INLINE_FRAGMENT) visit(node.selectionSet);
      else {
        const fragment = info.fragments[node.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return found;
}

function included(info: GraphQLResolveInfo, node: SelectionSetNode["selections"][number]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}
