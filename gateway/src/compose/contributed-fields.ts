import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
} from "graphql";

/** One subgraph's SDL, parsed. */
export interface SubgraphDocument {
  name: string;
  typeDefs: DocumentNode;
}

type ObjectTypeNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

const directive = (node: { directives?: readonly ConstDirectiveNode[] }, name: string) =>
  (node.directives ?? []).filter((d) => d.name.value === name);

/** The top-level field names of every `@key(fields: "…")` of an entity (`"id"`, `"id sku { id }"`). */
function keyFieldNames(node: ObjectTypeNode): Set<string> {
  const names = new Set<string>();
  for (const key of directive(node, "key")) {
    const fields = key.arguments?.find((a) => a.name.value === "fields")?.value;
    if (fields?.kind !== Kind.STRING) continue;
    const selection = parse(`{ ${fields.value} }`).definitions[0];
    if (selection?.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const s of selection.selectionSet.selections) if (s.kind === Kind.FIELD) names.add(s.name.value);
  }
  return names;
}

/** Every entity (object type with `@key`) each subgraph declares, by type name. */
function entitiesBySubgraph(subgraphs: readonly SubgraphDocument[]): Map<string, Map<string, ObjectTypeNode>> {
  const byType = new Map<string, Map<string, ObjectTypeNode>>();
  for (const subgraph of subgraphs) {
    for (const definition of subgraph.typeDefs.definitions) {
      const isObject =
        definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION;
      if (!isObject || directive(definition, "key").length === 0) continue;
      const declarations = byType.get(definition.name.value) ?? new Map<string, ObjectTypeNode>();
      declarations.set(subgraph.name, definition);
      byType.set(definition.name.value, declarations);
    }
  }
  return byType;
}

/**
 * Problems with the fields subgraphs contribute to entities other subgraphs own (an empty list when
 * there are none). Such a field must be nullable: when its subgraph is down or refuses, the gateway
 * then answers the entity with that one field null (and an error beside it), instead of nulling the
 * whole entity up to its nearest nullable parent. Every entity more than one subgraph declares needs
 * an owner in `owners`; key and `@external` fields are the owner's and are not checked.
 */
export function contributedFieldProblems(
  subgraphs: readonly SubgraphDocument[],
  owners: Readonly<Record<string, string>>,
): string[] {
  const problems: string[] = [];
  for (const [typeName, declarations] of entitiesBySubgraph(subgraphs)) {
    if (declarations.size < 2) continue;
    const owner = owners[typeName];
    if (!owner || !declarations.has(owner)) {
      const names = [...declarations.keys()].join(", ");
      problems.push(`entity ${typeName} is declared by ${names}: name the subgraph that owns it in ENTITY_OWNERS`);
      continue;
    }
    for (const [subgraph, node] of declarations) {
      if (subgraph === owner) continue;
      const keys = keyFieldNames(node);
      for (const field of node.fields ?? []) {
        const contributed = !keys.has(field.name.value) && directive(field, "external").length === 0;
        if (contributed && field.type.kind === Kind.NON_NULL_TYPE) {
          problems.push(
            `${subgraph} contributes ${typeName}.${field.name.value} to ${owner}'s entity as non-null: ` +
              `make it nullable so that ${subgraph} failing nulls the field, not the ${typeName}`,
          );
        }
      }
    }
  }
  return problems;
}
