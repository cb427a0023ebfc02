import { createHash } from "node:crypto";

/** The codes a request gets when its persisted document cannot be used (GraphQL extensions.code). */
export type PersistedDocumentCode =
  "PERSISTED_QUERY_NOT_FOUND" | "PERSISTED_QUERY_HASH_MISMATCH" | "PERSISTED_QUERY_REQUIRED" | "BAD_REQUEST";

/** Why a request's document cannot be used; answered before anything runs (HTTP 400, or a WS `error`). */
export class PersistedDocumentError extends Error {
  override name = "PersistedDocumentError";
  readonly statusCode = 400;
  constructor(
    readonly code: PersistedDocumentCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a request may carry: the document text, a hash of it (Apollo's `persistedQuery` extension), or both. */
export interface DocumentRequest {
  query?: unknown;
  extensions?: unknown;
}

/**
 * The documents a client may send by hash: sha256 hex of the document text → the text, as codegen writes
 * them to the client's `persisted-documents.json`. With `persistedOnly`, nothing else runs.
 */
export interface PersistedDocuments {
  readonly byHash: ReadonlyMap<string, string>;
  readonly persistedOnly: boolean;
}

export function persistedDocuments(
  manifest: Readonly<Record<string, string>> = {},
  persistedOnly = false,
): PersistedDocuments {
  return { byHash: new Map(Object.entries(manifest)), persistedOnly };
}

/** sha256 hex of a document's text: the key clients send (`extensions.persistedQuery.sha256Hash`). */
export const documentHash = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** The hash a request names in `extensions.persistedQuery.sha256Hash`, if it names one. */
export function requestedHash(request: DocumentRequest): string | undefined {
  const persisted = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  const hash = persisted?.sha256Hash;
  return typeof hash === "string" && hash !== "" ? hash : undefined;
}

const sentText = (request: DocumentRequest): string | undefined =>
  typeof request.query === "string" && request.query !== "" ? request.query : undefined;

/**
 * The document a request runs, by the same rules over HTTP and WebSocket: a hash alone is looked up
 * (unknown: PERSISTED_QUERY_NOT_FOUND); a hash with the text must be the text's hash
 * (PERSISTED_QUERY_HASH_MISMATCH); text alone runs unless `persistedOnly` (PERSISTED_QUERY_REQUIRED),
 * which also refuses text whose hash is not in the manifest. An empty `query` counts as none (the
 * WebSocket protocol requires the field).
 */
export function documentText(documents: PersistedDocuments, request: DocumentRequest): string {
  const hash = requestedHash(request);
  const text = sentText(request);
  if (hash === undefined) {
    if (text === undefined)
      throw new PersistedDocumentError("BAD_REQUEST", "send a query, or extensions.persistedQuery.sha256Hash");
    if (documents.persistedOnly)
      throw new PersistedDocumentError(
        "PERSISTED_QUERY_REQUIRED",
        "this server runs persisted documents only: send extensions.persistedQuery.sha256Hash",
      );
    return text;
  }
  const known = documents.byHash.get(hash);
  if (text === undefined) {
    if (known === undefined) throw notFound(hash);
    return known;
  }
  if (documentHash(text) !== hash)
    throw new PersistedDocumentError(
      "PERSISTED_QUERY_HASH_MISMATCH",
      "extensions.persistedQuery.sha256Hash is not the sha256 of the query sent",
    );
  if (known === undefined && documents.persistedOnly) throw notFound(hash);
  return text;
}

/**
 * The hash of a document a request sends as text that is not among the persisted documents, if it
 * does: what a BFF that runs both logs, to see which clients still send their own text.
 */
export function unknownDocumentHash(documents: PersistedDocuments, request: DocumentRequest): string | undefined {
  const text = sentText(request);
  if (text === undefined) return undefined;
  const hash = documentHash(text);
  return documents.byHash.has(hash) ? undefined : hash;
}

const notFound = (hash: string) =>
  new PersistedDocumentError(
    "PERSISTED_QUERY_NOT_FOUND",
    `no persisted document has the hash ${hash.slice(0, 64)}: regenerate the client's persisted documents`,
  );

interface MercuriusBody {
  query?: string;
  extensions?: unknown;
}

/**
 * mercurius' `persistedQueryProvider` built on documentText, so HTTP follows the WebSocket's rules. Every
 * refusal is thrown from getHash, which mercurius asks first whenever a request names a hash or must.
 */
export function persistedQueryProvider(documents: PersistedDocuments) {
  return {
    // No text: the document comes from the manifest (getHash refuses when there is nothing to look up).
    isPersistedQuery: (body: MercuriusBody) => sentText(body) === undefined,
    // Text and a hash, or text where only persisted documents run: checked before it runs.
    isPersistedQueryRetry: (body: MercuriusBody) =>
      sentText(body) !== undefined && (requestedHash(body) !== undefined || documents.persistedOnly),
    getHash: (body: MercuriusBody): string => {
      documentText(documents, body);
      // Only asked for a request that names a hash, or must (documentText refused it otherwise).
      return requestedHash(body) ?? "";
    },
    getQueryFromHash: async (hash: string) => documents.byHash.get(hash),
    getHashForQuery: documentHash,
    // The manifest is written by codegen and committed; clients never add to it.
    saveQuery: async () => undefined,
  };
}
