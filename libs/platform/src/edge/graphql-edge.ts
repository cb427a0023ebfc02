import type { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { sendGraphqlRefusal } from "../errors/graphql-refusal";
import { checkGraphqlLimits, GraphqlLimitError, parseWithinLimits, type GraphqlLimits } from "./graphql-limits";

declare module "fastify" {
  interface FastifyRequest {
    /** The cost of the request's operation, set by graphqlEdge once the operation passed its limits. */
    graphqlCost?: number;
  }
}

export interface GraphqlEdgeOptions {
  /** The schema the endpoint serves (gateway: the supergraph's API schema). */
  schema: () => GraphQLSchema;
  limits: GraphqlLimits;
  /** BFFs: the text of a persisted document by sha256 hash, so hash-only requests are checked too. */
  persistedDocument?: (hash: string) => string | undefined;
}

/** The codes of the refusals at the HTTP edge (docs/conventions.md "Edge policy"). */
export type EdgeRefusalCode =
  | "BAD_REQUEST"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_LIMIT_EXCEEDED"
  | "PERSISTED_QUERY_NOT_SUPPORTED";

/** Why a request is refused before the GraphQL server sees it: an HTTP status, a code and a human message. */
export class EdgeRefusal extends Error {
  override name = "EdgeRefusal";
  constructor(
    readonly statusCode: number,
    readonly code: EdgeRefusalCode,
    message: string,
    /** More `extensions` beside code and requestId (a limit's name, maximum and actual value). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/**
 * The headers that make a GET a non-simple request, so a browser preflights it (CSRF prevention).
 * Apollo's names, which its clients and GraphiQL know; every GraphQL endpoint of the platform asks for
 * one of them on a GET, and a POST must be application/json (which is never a simple request).
 */
export const CSRF_PREFLIGHT_HEADERS: readonly string[] = ["x-apollo-operation-name", "apollo-require-preflight"];

/** A body the JSON parser refused: kept as the body so graphqlEdge answers it, whatever server follows. */
class RefusedBody {
  constructor(readonly refusal: EdgeRefusal) {}
}

/**
 * The edge policy of a GraphQL endpoint (gateway, BFF, subgraph), as a Fastify plugin registered
 * inside the plugin that serves /graphql, after the bearer-token check and before the GraphQL server.
 * Before anything executes it refuses, with a coded GraphQL-shaped 4xx:
 * - a POST that is not application/json (415) and a GET without a CSRF preflight header (400);
 * - a body over `maxBodyBytes` (413), malformed JSON, a batch (array), a missing or non-string query,
 *   variables or extensions that are not objects (400 BAD_REQUEST);
 * - a document that does not parse (GRAPHQL_PARSE_FAILED) or has more tokens than `maxTokens`
 *   (parsing stops there), and one over any other limit (GRAPHQL_LIMIT_EXCEEDED naming the limit).
 * It sets `req.graphqlCost` for the rate limit that follows. A hash-only request is refused where
 * there is no `persistedDocument` (PERSISTED_QUERY_NOT_SUPPORTED); one whose hash the manifest lacks
 * passes to the server, which refuses it (PERSISTED_QUERY_NOT_FOUND): the servers run no document
 * that did not come through here.
 */
export const graphqlEdge = fp<GraphqlEdgeOptions>(
  async (app, options) => {
    const { limits } = options;
    const parseJson = app.getDefaultJsonParser("error", "error");
    // Only in the encapsulated /graphql context: the RPC routes and probes keep their own parsers.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", (req, payload, done) => {
      readBody(payload, req.headers["content-length"], limits.maxBodyBytes).then(
        (text) => {
          if (text === undefined) return done(null, new RefusedBody(tooLarge(limits.maxBodyBytes)));
          if (text.trim() === "") return done(null, new RefusedBody(badRequest("the request body is empty")));
          parseJson(req, text, (err, body) =>
            done(null, err ? new RefusedBody(badRequest(`the request body is not valid JSON: ${err.message}`)) : body),
          );
        },
        (err: Error) => done(err, undefined),
      );
    });
    app.addHook("onRequest", async (req, reply) => {
      const refusal = refusalBeforeBody(req, limits.maxBodyBytes);
      if (refusal) return refuse(reply, refusal);
    });
    app.addHook("preValidation", async (req, reply) => {
      try {
        req.graphqlCost = admit(graphqlRequestOf(req), options);
      } catch (err) {
        if (err instanceof EdgeRefusal) return refuse(reply, err);
        throw err;
      }
    });
  },
  { name: "emporium-graphql-edge" },
);

function refuse(reply: FastifyReply, refusal: EdgeRefusal): FastifyReply {
  // The rest of an oversized body is not read: the connection cannot carry another request.
  if (refusal.statusCode === 413) void reply.header("connection", "close");
  return sendGraphqlRefusal(reply, refusal.statusCode, refusal.code, refusal.message, refusal.details);
}

const badRequest = (message: string) => new EdgeRefusal(400, "BAD_REQUEST", message);

const tooLarge = (max: number) =>
  new EdgeRefusal(413, "PAYLOAD_TOO_LARGE", `the request body is larger than ${max} bytes: send a smaller request`, {
    max,
  });

/** What can be refused from the headers alone: the media type, the announced size, a GET without preflight. */
function refusalBeforeBody(req: FastifyRequest, maxBodyBytes: number): EdgeRefusal | undefined {
  if (req.method === "GET") {
    if (CSRF_PREFLIGHT_HEADERS.some((h) => typeof req.headers[h] === "string" && req.headers[h] !== "")) return;
    return badRequest(
      `a GET must carry the header ${CSRF_PREFLIGHT_HEADERS.join(" or ")} (CSRF prevention); ` +
        "or POST the request as application/json",
    );
  }
  if (req.method !== "POST") return;
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json")
    return new EdgeRefusal(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `POST the request as content-type application/json (got ${mediaType === "" ? "none" : mediaType.slice(0, 100)})`,
    );
  if (Number(req.headers["content-length"]) > maxBodyBytes) return tooLarge(maxBodyBytes);
}

/** The body as text, or undefined once it is larger than `max` bytes (the rest is not kept). */
function readBody(payload: Readable, contentLength: string | undefined, max: number): Promise<string | undefined> {
  if (Number(contentLength) > max) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      payload.off("data", onData);
      payload.off("end", onEnd);
      payload.off("error", onError);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > max) {
        stop();
        resolve(undefined);
      } else chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, received).toString("utf8"));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    payload.on("data", onData);
    payload.on("end", onEnd);
    payload.on("error", onError);
    payload.resume();
  });
}

/** The parts of a GraphQL-over-HTTP request the edge checks, as the client sent them. */
interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

/** The request from a POST's JSON body, or a GET's query string (whose variables and extensions are JSON). */
function graphqlRequestOf(req: FastifyRequest): GraphqlRequest {
  if (req.body instanceof RefusedBody) throw req.body.refusal;
  if (req.method !== "GET") {
    if (Array.isArray(req.body)) throw badRequest("batched requests are not supported: send one operation per request");
    if (!isObject(req.body)) throw badRequest("the request body must be a JSON object with a query");
    return req.body;
  }
  const params = (req.query ?? {}) as Record<string, unknown>;
  return {
    query: params.query,
    operationName: params.operationName,
    variables: jsonParameter(params.variables, "variables"),
    extensions: jsonParameter(params.extensions, "extensions"),
  };
}

function jsonParameter(value: unknown, name: string): unknown {
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string") throw badRequest(`send ${name} once, as JSON`);
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw badRequest(`${name} is not valid JSON`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks the request's shape and its document against the limits; returns the operation's cost. */
function admit(request: GraphqlRequest, options: GraphqlEdgeOptions): number | undefined {
  const { query, variables, operationName, extensions } = request;
  if (variables !== undefined && variables !== null && !isObject(variables))
    throw badRequest("variables must be a JSON object (name → value)");
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string")
    throw badRequest("operationName must be a string");
  if (extensions !== undefined && extensions !== null && !isObject(extensions))
    throw badRequest("extensions must be a JSON object");
  if (query !== undefined && query !== null && typeof query !== "string") throw badRequest("query must be a string");
  const hash = persistedHash(extensions);
  const text = typeof query === "string" && query !== "" ? query : hash && options.persistedDocument?.(hash);
  if (text === undefined || text === "") {
    if (hash && !options.persistedDocument)
      // Apollo's code, on which APQ clients fall back to sending the text.
      throw new EdgeRefusal(
        400,
        "PERSISTED_QUERY_NOT_SUPPORTED",
        "this endpoint takes no documents by hash: send the query text",
      );
    // The server answers a hash its manifest lacks (PERSISTED_QUERY_NOT_FOUND); it runs nothing.
    if (hash) return undefined;
    throw badRequest("send a query (or extensions.persistedQuery.sha256Hash of a persisted document)");
  }
  const schema = options.schema();
  const document = parseDocument(text, options.limits);
  return costWithinLimits(schema, document, variables ?? undefined, options.limits, operationName ?? undefined);
}

function persistedHash(extensions: unknown): string | undefined {
  const persisted = isObject(extensions) ? extensions.persistedQuery : undefined;
  const hash = isObject(persisted) ? persisted.sha256Hash : undefined;
  return typeof hash === "string" && hash !== "" ? hash : undefined;
}

function parseDocument(text: string, limits: GraphqlLimits): DocumentNode {
  try {
    return parseWithinLimits(text, limits);
  } catch (err) {
    if (err instanceof GraphqlLimitError) throw limitRefusal(err);
    if (err instanceof GraphQLError)
      throw new EdgeRefusal(
        400,
        "GRAPHQL_PARSE_FAILED",
        err.message,
        err.locations ? { locations: err.locations } : {},
      );
    throw err;
  }
}

/**
 * The limits, and the cost they allow. What graphql-js itself refuses while the limits are measured
 * (an invalid document, variables that do not fit their types, an unknown operation name) is the
 * server's to refuse, coded as it codes it (GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT): it runs
 * nothing either. Any other failure to measure is a fault, never a pass.
 */
function costWithinLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: GraphqlLimits,
  operationName: string | undefined,
): number | undefined {
  try {
    return checkGraphqlLimits(schema, document, variables, limits, operationName).cost;
  } catch (err) {
    if (err instanceof GraphqlLimitError) throw limitRefusal(err);
    if (err instanceof GraphQLError || validate(schema, document).length > 0) return undefined;
    throw err;
  }
}

/** GRAPHQL_LIMIT_EXCEEDED with the limit's own message and details (limit, max, actual, field). */
function limitRefusal(err: GraphqlLimitError): EdgeRefusal {
  const { code: _code, ...details } = err.extensions;
  return new EdgeRefusal(400, "GRAPHQL_LIMIT_EXCEEDED", err.message, details);
}
