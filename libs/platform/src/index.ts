// The platform kit's public API: what services, the gateway and the tools build with. Named exports
// only; the pieces createServiceApp wires itself (interceptors, reflection, metrics, the outbox relay,
// the queue topology) stay inside. package.json's exports map makes this file the only entry point.

// Configuration and logging
export { ConfigError, envField, loadConfig, RUNTIME_MODES, type RuntimeMode } from "./config/load-config";
export { loadServiceConfig, type ServiceConfig, type ServiceDefaults } from "./server/service-config";
export { createLogger, type Logger } from "./logging/create-logger";
export { REQUEST_ID_HEADER, requestIdFrom } from "./logging/request-id";

// Errors: one error type, mapped once to Connect and GraphQL
export { aborted, AppError, invalidArgument, notFound, type ErrorCode, type FieldViolation } from "./errors/app-error";
export { violationsOf } from "./errors/rpc-error-map";
export { graphqlFieldPath, inGraphqlPaths, validatedInput, validatedMessage } from "./validation/validate-message";

// Composing and running a service
export {
  clockAndIds,
  createServiceApp,
  defineService,
  serviceMigrations,
  type BackgroundWorker,
  type ClockAndIds,
  type RpcAdapter,
  type ServiceApp,
  type ServiceAppConfig,
  type ServiceAppSpec,
  type ServiceDefinition,
  type ServiceMigrations,
  type ServiceParts,
  type SubgraphAdapter,
} from "./server/create-service-app";
export { runService, type Servable } from "./server/run-service";
export { runMain, runServiceMain, type MainConfig } from "./server/run-main";
// The HTTP host's pieces as Fastify plugins (the service host and the gateway are built from them)
export { proxyTrust, serverOptions, requestIdHeader } from "./server/server-options";
export { requestMetrics } from "./server/request-metrics";
export { createMetrics, type Metrics } from "./metrics/metrics";
export { probes, type Readiness } from "./server/probes";
// Overloaded listeners refuse early (docs/conventions.md "Load shedding")
export {
  DEFAULT_LOAD_LIMITS,
  LOAD_LIMIT_VARIABLES,
  LoadShedder,
  loadLimitsFromEnv,
  loadShedding,
  type LoadLimits,
  type LoadSheddingOptions,
  type Overload,
  type ShedReason,
} from "./server/load-shedding";
export type { ServiceHost, ServiceHostOptions } from "./server/service-host";
export type { HealthCheck, HealthMonitor, ServingStatus } from "./health/health-monitor";
export { createServiceTransport } from "./rpc/client-transport";
export { anonymousClient, callerClient, serviceClient, type ServiceClientOptions } from "./rpc/service-client";
export { currentRequestId, withRequestId } from "./rpc/outbound-request-id";
export { UpstreamError, upstreamName, upstreamUnavailable } from "./rpc/upstream-error";
export { ALL_FIELDS, readMaskOf, type FieldSelection, type ReadMask } from "./rpc/read-mask";

// Backend-for-Frontends: the host of a client-shaped graph, and its read masks
export {
  bffTokens,
  DEFAULT_SUBSCRIPTION_LIMITS,
  loadBffConfig,
  type BffConfig,
  type SubscriptionLimits,
} from "./bff/bff-config";
export { versionedUpdates, type VersionedUpdatesOptions } from "./bff/live-updates";
export type { BffGraph, BffRequest } from "./bff/bff-graph";
export { createBffApp, type BffAppOptions } from "./bff/create-bff-app";
export { SubscriptionCloseCode } from "./bff/subscription-server";
export type { SubscriptionFieldResolvers } from "./bff/subscription-fields";
export { documentHash } from "./bff/persisted-documents";
export { runBffMain } from "./bff/run-bff-main";
export { answerOf, passedOn } from "./bff/upstream-answer";
export {
  DEFAULT_REQUIRED_UPSTREAMS,
  edgeReadiness,
  oneErrorPerUnavailable,
  type UpstreamCheck,
} from "./bff/degradation";
export {
  LIVE_EVENTS,
  MAX_WATCHED_PRODUCTS,
  liveSubscriptionResolvers,
  startSubscriptionFeed,
  type LiveSubscriptionSources,
  type OrderStatusUpdate,
  type SkuAvailabilityUpdate,
} from "./bff/live-subscriptions";
export { selectionMask, type SelectionFields, type SelectionMaskOptions } from "./bff/selection-mask";
export { graphiqlPlugin, type GraphiqlExample, type GraphiqlOptions } from "./graphiql/graphiql-plugin";

// The edge policy of every GraphQL endpoint (gateway, BFFs, subgraphs): limits checked before execution
export {
  checkGraphqlLimits,
  DEFAULT_GRAPHQL_LIMITS,
  GRAPHQL_LIMIT_VARIABLES,
  graphqlLimitsFromEnv,
  GraphqlLimitError,
  parseWithinLimits,
  type EdgeKind,
  type GraphqlLimits,
} from "./edge/graphql-limits";
export {
  CSRF_PREFLIGHT_HEADERS,
  EdgeRefusal,
  graphqlEdge,
  type EdgeRefusalCode,
  type GraphqlEdgeOptions,
} from "./edge/graphql-edge";
export { sendGraphqlRefusal } from "./errors/graphql-refusal";
// How often each caller may ask (docs/conventions.md "Rate limits")
export {
  DEFAULT_RATE_LIMITS,
  graphqlRateLimit,
  rateLimitsFromEnv,
  rpcRateLimitInterceptor,
  type GraphqlRateLimitOptions,
  type RateLimitedEndpoint,
  type RateLimits,
} from "./edge/rate-limit";
// Production subgraphs answer the gateway only: its own token in GATEWAY_CREDENTIAL_HEADER
export {
  GATEWAY_CLIENT_ID,
  GATEWAY_CREDENTIAL_HEADER,
  requireGatewayCredential,
  type GatewayCredentialOptions,
} from "./edge/gateway-credential";

// Database
export { createPool, inTransaction, type Pool, type PoolClient } from "./db/create-pool";
export { migrate, type Migration } from "./db/migrate";
export { inSavepoint } from "./db/savepoint";

// Shared conventions (docs/conventions.md): page sizes and tokens, DateTime, Money
export { connectionLimit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageLimit } from "./pagination/page-size";
export { decodePageToken, encodePageToken, type KeysetList, type PagePosition } from "./pagination/page-token";
export { DateTimeScalar } from "./graphql/date-time-scalar";
export { loaderById, loaderByKey } from "./graphql/loader-by-id";
export { moneyFromInput, moneyResolvers } from "./graphql/money-fields";
export { decimalAmount, formatMoney, parseDecimalAmount, type Money } from "./money/money";

// Identity and access
export { requireRole, type Principal } from "./auth/principal";
export {
  createTokenVerifier,
  DEV_TOKEN_CLIENTS,
  type TokenVerifier,
  type TokenVerifierOptions,
} from "./auth/token-verifier";
export { principalKey, type RpcAccess } from "./auth/rpc-auth-interceptor";
export { verifyBearerTokens } from "./auth/http-auth-hook";
export { noIntrospection, productionError, withoutSuggestions } from "./edge/production-mode";
export {
  clientCredentialsTokenSource,
  serviceTokens,
  type ClientCredentialsOptions,
  type TokenSource,
} from "./auth/client-credentials";

// Events: the outbox on the way out, idempotent consumers on the way in, dead letters
export { recordCommand, recordEvent, type EventToRecord, type OutboxDestination } from "./events/record-event";
export { COMMANDS_EXCHANGE, EVENTS_EXCHANGE, newTraceparent, type EventEnvelope } from "./events/event-envelope";
export { MESSAGING_MIGRATIONS } from "./events/messaging-migrations";
export { connectToBroker, type BrokerConnection } from "./events/broker-connection";
export { RabbitEventBus, UnroutableCommandError, type EncodedEvent, type EventBus } from "./events/event-bus";
export { handleCommand, type CommandHandlers, type CommandSubscription } from "./events/command-handler";
export {
  answerCommand,
  commandName,
  expiredCommandReason,
  malformedCommand,
  refusalOf,
  requireCommandFields,
  type Arrival,
  type CommandAnswer,
  type SagaCommand,
} from "./events/command-answers";
export type { Messaging, MessagingOptions } from "./events/messaging";
export {
  PermanentEventError,
  startEventConsumer,
  subscribe,
  type EventConsumer,
  type EventConsumerOptions,
  type EventContext,
  type Subscription,
} from "./events/event-consumer";
export { DEAD_LETTER_EXCHANGE, RETRY_EXCHANGE } from "./events/topology";
export { inspectDeadLetters, replayDeadLetters, type DeadLetter } from "./events/dead-letters";
// The live feed: an instance's own exclusive queue for pushing changes to clients (no inbox)
export {
  liveQueue,
  liveQueueName,
  startLiveFeed,
  type LiveEvent,
  type LiveFeed,
  type LiveFeedOptions,
} from "./events/live-feed";
export {
  CRASH_EXIT_CODE,
  FAULT_FLAGS,
  type FaultFlags,
  type FaultFlagsInput,
  type FaultSetting,
  type FaultTarget,
} from "./faults/fault-flags";
export { FaultInjector, HANG_LIMIT_MS } from "./faults/fault-injector";
export { FaultFlagProvider } from "./faults/fault-flag-provider";
export { FAULTS_PATH } from "./faults/fault-admin";

// Resilience: a policy per upstream (deadline, retry for idempotent methods, breaker, bulkhead) on
// every outbound call, and the caller's budget passed down (docs/conventions.md "Resilience policies")
export {
  DEFAULT_UPSTREAM_POLICY,
  UPSTREAM_POLICY_VARIABLES,
  upstreamPolicyFromEnv,
  upstreamVariablePrefix,
  type UpstreamPolicyConfig,
} from "./resilience/upstream-policy-config";
export {
  BREAKER_STATE_VALUES,
  createUpstreamPolicy,
  fullJitter,
  UpstreamRejectedError,
  type BreakerState,
  type RejectionReason,
  type UpstreamCallOptions,
  type UpstreamFailureKinds,
  type UpstreamPolicy,
  type UpstreamPolicyOptions,
} from "./resilience/upstream-policy";
export {
  registerUpstreamMetrics,
  upstreamBreakersCheck,
  upstreamPolicies,
  UpstreamPolicies,
} from "./resilience/upstream-policies";
export {
  callBudgetInterceptor,
  callerGone,
  currentCallBudget,
  outboundDeadline,
  withCallBudget,
  type CallBudget,
} from "./resilience/call-budget";
export {
  CONNECT_TIMEOUT_CODE,
  connectFailureKinds,
  connectWithTimeout,
  isIdempotent,
  upstreamPolicyInterceptor,
} from "./resilience/connect-policy";
