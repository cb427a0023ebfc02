// The client SDKs' shared client (@emporium/sdk-client): typed queries and mutations over HTTP
// (urql), subscriptions over graphql-ws with token refresh, persisted-document hashes, and resumable
// ordered subscriptions. Only fetch and WebSocket are used, so it runs in browsers and React Native.
export { createEmporiumClient, webSocketUrl, type EmporiumClient, type EmporiumClientOptions } from "./emporium-client";
export {
  CloseCodes,
  createLiveClient,
  defaultRetryDelay,
  type GetToken,
  type LiveClient,
  type LiveClientOptions,
  type SocketClosed,
  type SubscriptionHandlers,
} from "./live-client";
export {
  subscribeInOrder,
  subscribeLatest,
  type InOrderOptions,
  type LatestOptions,
  type ResumableVariables,
} from "./ordered-updates";
export { liveOperations, type AvailabilityShape, type LiveDocuments, type OrderStatusShape } from "./live-operations";
export {
  persistedHash,
  persistedOperation,
  persistedQueryExtension,
  subscribePayload,
  type PersistedQueryExtension,
} from "./persisted-documents";
export { requireData, SubscriptionError, type GraphqlError } from "./errors";
