import { documentHash, documentText, PersistedDocumentError, persistedDocuments } from "./persisted-documents";

const HELLO = "query Hello { hello }";
const hashOf = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: documentHash(text) } });

/** The code documentText refuses a request with, or the text it runs. */
function outcome(documents: ReturnType<typeof persistedDocuments>, request: { query?: unknown; extensions?: unknown }) {
  try {
    return documentText(documents, request);
  } catch (err) {
    if (err instanceof PersistedDocumentError) return err.code;
    throw err;
  }
}

describe("persisted documents (one set of rules for HTTP and WebSocket)", () => {
  const open = persistedDocuments({ [documentHash(HELLO)]: HELLO });
  const strict = persistedDocuments({ [documentHash(HELLO)]: HELLO }, true);

  it("hashes the document text as clients do: sha256, hex", () => {
    expect(documentHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(documentHash("{ hello }")).not.toBe(documentHash("{hello}"));
  });

  it("runs a hash alone from the manifest; an empty query (WebSocket) counts as none", () => {
    expect(outcome(open, { extensions: hashOf(HELLO) })).toBe(HELLO);
    expect(outcome(open, { query: "", extensions: hashOf(HELLO) })).toBe(HELLO);
    expect(outcome(open, { extensions: hashOf("{ other }") })).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("runs text with its own hash, known or not; refuses a hash that is not the text's", () => {
    expect(outcome(open, { query: HELLO, extensions: hashOf(HELLO) })).toBe(HELLO);
    expect(outcome(open, { query: "{ other }", extensions: hashOf("{ other }") })).toBe("{ other }");
    expect(outcome(open, { query: "{ other }", extensions: hashOf(HELLO) })).toBe("PERSISTED_QUERY_HASH_MISMATCH");
  });

  it("runs text alone unless persistedOnly; refuses a request with neither", () => {
    expect(outcome(open, { query: "{ other }" })).toBe("{ other }");
    expect(outcome(strict, { query: "{ other }" })).toBe("PERSISTED_QUERY_REQUIRED");
    expect(outcome(open, {})).toBe("BAD_REQUEST");
    expect(outcome(open, { query: "", extensions: { persistedQuery: { sha256Hash: 42 } } })).toBe("BAD_REQUEST");
  });

  it("persistedOnly runs manifest documents only, even when the text and its hash are sent", () => {
    expect(outcome(strict, { extensions: hashOf(HELLO) })).toBe(HELLO);
    expect(outcome(strict, { query: HELLO, extensions: hashOf(HELLO) })).toBe(HELLO);
    expect(outcome(strict, { query: "{ other }", extensions: hashOf("{ other }") })).toBe("PERSISTED_QUERY_NOT_FOUND");
  });
});
