import { makeOperation, stringifyDocument, type Operation } from "@urql/core";
import type { DocumentNode, OperationDefinitionNode } from "graphql";

/**
 * Persisted documents: the SDK's generator gives each document the sha256 (hex) of its text, and
 * writes hash → text into the BFF's persisted-documents.json, which the BFF loads. The client then
 * sends only `extensions.persistedQuery.sha256Hash`, never the text: requests stay small, and the
 * BFF runs only documents it knows (the manifest is its allow-list once it is enforced). A document
 * without a hash (written by hand, not generated) is sent as text.
 */
export interface PersistedQueryExtension {
  persistedQuery: { version: 1; sha256Hash: string };
}

/** The hash the generator gave `document` (`__meta__.hash`); undefined for a hand-written one. */
export function persistedHash(document: DocumentNode): string | undefined {
  const meta = (document as { __meta__?: { hash?: unknown } }).__meta__;
  return typeof meta?.hash === "string" ? meta.hash : undefined;
}

export function persistedQueryExtension(sha256Hash: string): PersistedQueryExtension {
  return { persistedQuery: { version: 1, sha256Hash } };
}

/**
 * A query or mutation of a generated document carries its hash; urql's fetch then leaves out the
 * query text (it sends the text only without `extensions.persistedQuery`).
 */
export function persistedOperation(operation: Operation): Operation {
  const hash = operation.kind === "teardown" ? undefined : persistedHash(operation.query as DocumentNode);
  if (!hash) return operation;
  return makeOperation(
    operation.kind,
    { ...operation, extensions: { ...operation.extensions, ...persistedQueryExtension(hash) } },
    operation.context,
  );
}

/**
 * A graphql-ws subscribe payload. graphql-transport-ws requires `query` to be a string, so a
 * persisted document sends an empty one beside its hash.
 */
export function subscribePayload(document: DocumentNode, variables: Record<string, unknown>) {
  const hash = persistedHash(document);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => "operation" in d);
  return {
    operationName: operation?.name?.value,
    query: hash ? "" : stringifyDocument(document),
    variables,
    ...(hash ? { extensions: { ...persistedQueryExtension(hash) } } : {}),
  };
}
