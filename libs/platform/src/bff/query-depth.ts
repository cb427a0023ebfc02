import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from "graphql";

/**
 * Refuses operations nested deeper than `limit` fields (`{ a { b } }` is 2, as mercurius counts),
 * so one request cannot fan out into an unbounded tree of service calls. Introspection (`__schema`,
 * `__type`) is not counted: its shape is fixed and finite, and GraphiQL's own introspection query is
 * 15 deep, which mercurius' `queryDepth` would refuse (leaving GraphiQL without a schema).
 */
export function maxQueryDepth(limit: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const depthOf = (selectionSet: SelectionSetNode, visiting: ReadonlySet<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          const below = selection.selectionSet ? depthOf(selection.selectionSet, visiting) : 0;
          deepest = Math.max(deepest, 1 + below);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // Unknown or cyclic fragments are other rules' errors; here they add nothing.
          if (!fragment || visiting.has(name)) continue;
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visiting, name])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > limit)
          context.reportError(
            new GraphQLError(
              `${operation.name?.value ?? "the operation"} is nested ${depth} fields deep; at most ${limit} are served`,
              { nodes: [operation] },
            ),
          );
      },
    };
  };
}
