// The public API of @emporium/local-servers: PostgreSQL, RabbitMQ and Keycloak as local processes,
// for the local stack (infra/local) and the tests' own servers (libs/testing). Named exports only.
export { ensureKeycloakInstalled } from "./keycloak-install";
export { applyRealm, ensureRealm, loadRealmExport } from "./keycloak-realm";
export { keycloakPid, startKeycloakServer, stopKeycloakServer, type RunningKeycloak } from "./keycloak-server";
export { generatePassword } from "./passwords";
export { describePortOwner, freePort, isPortFree, PortInUseError } from "./port-check";
export {
  clusterPaths,
  clusterStatus,
  initCluster,
  startCluster,
  stopCluster,
  superuserUrl,
  type ClusterSpec,
  type ClusterStatus,
} from "./postgres-cluster";
export { ensurePostgresInstalled, findPostgres } from "./postgres-install";
export {
  databaseUrlFor,
  ensureLoginRole,
  ensurePrivateDatabase,
  provisionServiceDatabase,
  withAdminClient,
  withAdvisoryLock,
} from "./postgres-provision";
export { alive } from "./process-alive";
export { ensureRabbitmqInstalled, findRabbitmq } from "./rabbitmq-install";
export {
  killRabbitmqNode,
  rabbitmqctl,
  rabbitmqNodeStatus,
  startRabbitmqNode,
  stopRabbitmqNode,
  type RabbitmqNodeStatus,
} from "./rabbitmq-node";
export {
  amqpUrl,
  managementUrl,
  rabbitmqNodeName,
  rabbitmqNodePaths,
  type RabbitmqNodeSpec,
} from "./rabbitmq-node-config";
export {
  deleteRabbitmqVhost,
  ensureRabbitmqUser,
  ensureRabbitmqVhost,
  grantRabbitmqVhostAccess,
  provisionRabbitmqVhost,
  rabbitmqCredentialsWork,
  rabbitmqListeners,
  rabbitmqRequest,
  rabbitmqVhostExists,
  type RabbitmqManagement,
} from "./rabbitmq-provision";
export { assertServiceName, quoteIdent } from "./sql-identifiers";
export { migrateLegacyTopology, type LegacyTopologyMigration } from "./rabbitmq-legacy-topology";
export {
  bffBrokerPolicy,
  deleteRabbitmqUser,
  provisionBffBrokerUser,
  provisionServiceBrokerUser,
  serviceBrokerPolicy,
  SHARED_EXCHANGES,
  type ServiceBrokerPolicy,
} from "./rabbitmq-service-users";
