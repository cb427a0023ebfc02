import { Client, fetchExchange, mapExchange, type AnyVariables, type OperationResult } from "@urql/core";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createLiveClient, type GetToken, type LiveClient, type LiveClientOptions } from "./live-client";
import { persistedOperation } from "./persisted-documents";

export interface EmporiumClientOptions {
  /** The BFF's GraphQL endpoint, e.g. https://shop.example/graphql; subscriptions use the same path over ws(s). */
  url: string;
  /** The access token to send (none for a guest): asked before every request and on every (re)connect. */
  getToken?: GetToken;
  /** Another fetch; by default the global one (browsers, React Native, Node). */
  fetch?: typeof fetch;
  webSocketImpl?: LiveClientOptions["webSocketImpl"];
  retryDelay?: LiveClientOptions["retryDelay"];
}

/** One BFF's client: typed queries and mutations over HTTP, subscriptions over graphql-ws. */
export interface EmporiumClient extends Pick<LiveClient, "subscribe" | "onSocketClosed"> {
  query<TData, TVariables extends AnyVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ): Promise<OperationResult<TData, TVariables>>;
  mutate<TData, TVariables extends AnyVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
  ): Promise<OperationResult<TData, TVariables>>;
  /** Closes the subscriptions' connection. */
  close(): Promise<void>;
}

/**
 * Queries and mutations go through urql (no document cache: each call asks the BFF; a screen that
 * wants a cache adds urql's exchanges to its own client), with the generated documents' hashes
 * sent as persisted documents; subscriptions through graphql-ws, resumed across lost connections
 * and expired tokens. Only `fetch` and `WebSocket` are needed: browsers and React Native alike.
 */
export function createEmporiumClient(options: EmporiumClientOptions): EmporiumClient {
  const http = new Client({
    url: options.url,
    exchanges: [mapExchange({ onOperation: persistedOperation }), fetchExchange],
    fetch: withToken(options.fetch ?? fetch, options.getToken),
    preferGetMethod: false,
  });
  const live = createLiveClient({
    url: webSocketUrl(options.url),
    getToken: options.getToken,
    webSocketImpl: options.webSocketImpl,
    retryDelay: options.retryDelay,
  });
  return {
    query: (document, variables) => http.query(document, variables).toPromise(),
    mutate: (document, variables) => http.mutation(document, variables).toPromise(),
    subscribe: live.subscribe,
    onSocketClosed: live.onSocketClosed,
    close: live.dispose,
  };
}

/** http(s)://host/graphql → ws(s)://host/graphql: the BFF serves both on one port and path. */
export function webSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):/i, "ws$1:");
}

function withToken(base: typeof fetch, getToken: GetToken | undefined): typeof fetch {
  if (!getToken) return base;
  return async (input, init) => {
    const token = await getToken({ refresh: false });
    const headers = new Headers(init?.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    return base(input, { ...init, headers });
  };
}
