// The test kit's public API: real servers for tests (PostgreSQL, RabbitMQ, Keycloak), per-file
// databases and vhosts, tokens, the authorization matrix, the service and platform under test.
// Named exports only. Jest's global setup files are referenced by path from jest.preset.cjs.

// Servers and per-test-file resources
export { startTestPostgres, type TestPostgres } from "./postgres-for-tests";
export { createTestDatabase, ensureTemplateDatabase, type TemplateOptions, type TestDatabase } from "./test-databases";
export { startTestRabbitmq, type TestRabbitmq } from "./rabbitmq-for-tests";
export { createTestVhost, testBroker, type TestVhost } from "./test-vhosts";
export { startTestKeycloak, type TestKeycloakServer } from "./keycloak-for-tests";
export { startTestServers, type TestServers } from "./test-servers";
export { startFaultProxy, type FaultProxy } from "./fault-proxy";
export {
  databaseOf,
  freezeProcess,
  httpProbe,
  processState,
  tcpProbe,
  terminateClientBackends,
  thawProcess,
} from "./process-faults";
export { clearFaults, setFaults, type FaultFlagsAnswer, type FaultFlagsBody } from "./faults";

// Processes: a service or the whole platform under test
export { eventually } from "./eventually";
export { freePort, REPO_ROOT, startNodeProcess, startTsProcess, waitForHttpOk, type RunningProcess } from "./processes";
export {
  bffQuery,
  gatewayQuery,
  graphqlQuery,
  startBffInstance,
  startPlatform,
  startServices,
  type PlatformOptions,
  type PlatformService,
  type PlatformServiceProcess,
  type RunningPlatform,
  type RestartOptions,
  type RunningServices,
} from "./platform";
export { describeBffHostChecks, type BffHostCheckQueries } from "./bff-host-checks";
export {
  describeGraphqlEdgeChecks,
  EDGE_CHECK_SDL,
  tokenCount,
  type EdgeAnswer,
  type EdgeCheckSetup,
  type EdgeEndpoint,
  type EdgeLimits,
  type EdgeRequest,
} from "./graphql-edge-checks";
export { liveClient, subscribeLive, type LiveError, type LiveMessage, type LiveSubscription } from "./live-client";
export { freshServiceDatabase, startServiceUnderTest, withBearer, type ServiceUnderTest } from "./service-under-test";
export {
  isLoopbackUrl,
  renderPage,
  DEFAULT_CHROMIUM_PATH,
  type RenderedPage,
  type RenderOptions,
  type RenderStep,
} from "./chromium";

// Identity: tokens and the authorization matrix
export {
  forgedTokens,
  createTestCustomer,
  keycloakAdmin,
  masterRealmToken,
  serviceToken,
  shortLivedSession,
  testKeycloak,
  userIdToken,
  userRefreshToken,
  userToken,
  type FixtureUser,
  type GeneratedCustomer,
  type ShortLivedSession,
  type TestKeycloak,
} from "./tokens";
export { signInWithPkce, type PkceSignInOptions, type SignedIn } from "./pkce-sign-in";
export {
  oneDefectTokens,
  REFUSAL,
  type OneDefectToken,
  type OneDefectTokens,
  type RefusalReason,
} from "./one-defect-tokens";
export {
  describeAuthorizationMatrix,
  graphqlOutcome,
  matrixTokens,
  rpcOutcome,
  type Answer,
  type EntryPoint,
  type Identity,
  type MatrixTokens,
  type Outcome,
} from "./auth-matrix";
export { privateFieldsOutcome } from "./private-fields";

// Assertions on what a service answered and recorded
export { rpcError } from "./rpc-errors";
export { rpcJson, type RpcJsonAnswer } from "./rpc-json";
export { lastSeq, payloadAs, recordedEvents, recordedSince, type RecordedEvent } from "./outbox";
export {
  captureEvents,
  consumedMessages,
  sendCommand,
  type CapturedEnvelope,
  type CapturedEvent,
  type CommandToSend,
  type EventCapture,
} from "./broker-messages";
export { loadBrokenVariant, writeBrokenVariant, type Defect, type VariantFile } from "./broken-variants";
