/**
 * `npm start` / `npm stop` / `npm run status`: the local platform as supervised processes (a
 * supervisor per service restarts it when it dies; see supervisor.ts).
 * Ports follow ARCHITECTURE.md and move with the same variables the services read.
 */
import { localKeycloakPid, localKeycloakPorts, startLocalKeycloak, stopLocalKeycloak } from "./local-keycloak";
import { localPostgresStatus, startLocalPostgres, stopLocalPostgres } from "./local-postgres";
import { localRabbitmqStatus, startLocalRabbitmq, stopLocalRabbitmq } from "./local-rabbitmq";
import { ensureStateDir, stateDir } from "./state-dir";
import { Supervisor, describeStatus, type ProcessSpec } from "./supervisor";

const log = (line: string) => console.log(line);
const port = (name: string, fallback: number) => Number(process.env[name] || fallback);

function platformProcesses(databaseUrls: Record<string, string>, authIssuer = ""): ProcessSpec[] {
  const auth: Record<string, string> = authIssuer ? { EMPORIUM_AUTH_ISSUER: authIssuer } : {};
  const catalogRpc = port("EMPORIUM_CATALOG_RPC_PORT", 50051);
  const catalogHttp = port("EMPORIUM_CATALOG_HTTP_PORT", 4101);
  const inventoryRpc = port("EMPORIUM_INVENTORY_RPC_PORT", 50052);
  const inventoryHttp = port("EMPORIUM_INVENTORY_HTTP_PORT", 4102);
  const customersRpc = port("EMPORIUM_CUSTOMERS_RPC_PORT", 50056);
  const customersHttp = port("EMPORIUM_CUSTOMERS_HTTP_PORT", 4106);
  const reviewsRpc = port("EMPORIUM_REVIEWS_RPC_PORT", 50057);
  const reviewsHttp = port("EMPORIUM_REVIEWS_HTTP_PORT", 4107);
  const notificationsRpc = port("EMPORIUM_NOTIFICATIONS_RPC_PORT", 50058);
  const notificationsHttp = port("EMPORIUM_NOTIFICATIONS_HTTP_PORT", 4108);
  const gateway = port("EMPORIUM_GATEWAY_PORT", 4000);
  return [
    {
      name: "catalog",
      entry: "services/catalog/src/main.ts",
      env: {
        EMPORIUM_CATALOG_DATABASE_URL: databaseUrls.catalog ?? "",
        EMPORIUM_CATALOG_RPC_PORT: String(catalogRpc),
        EMPORIUM_CATALOG_HTTP_PORT: String(catalogHttp),
        EMPORIUM_SEED: "1",
        ...auth,
      },
      ports: [
        { port: catalogRpc, what: "RPC", envVar: "EMPORIUM_CATALOG_RPC_PORT" },
        { port: catalogHttp, what: "HTTP", envVar: "EMPORIUM_CATALOG_HTTP_PORT" },
      ],
      readyUrl: `http://127.0.0.1:${catalogHttp}/readyz`,
    },
    {
      name: "inventory",
      entry: "services/inventory/src/main.ts",
      env: {
        EMPORIUM_INVENTORY_DATABASE_URL: databaseUrls.inventory ?? "",
        EMPORIUM_INVENTORY_RPC_PORT: String(inventoryRpc),
        EMPORIUM_INVENTORY_HTTP_PORT: String(inventoryHttp),
        EMPORIUM_SEED: "1",
        ...auth,
      },
      ports: [
        { port: inventoryRpc, what: "RPC", envVar: "EMPORIUM_INVENTORY_RPC_PORT" },
        { port: inventoryHttp, what: "HTTP", envVar: "EMPORIUM_INVENTORY_HTTP_PORT" },
      ],
      readyUrl: `http://127.0.0.1:${inventoryHttp}/readyz`,
    },
    {
      name: "customers",
      entry: "services/customers/src/main.ts",
      env: {
        EMPORIUM_CUSTOMERS_DATABASE_URL: databaseUrls.customers ?? "",
        EMPORIUM_CUSTOMERS_RPC_PORT: String(customersRpc),
        EMPORIUM_CUSTOMERS_HTTP_PORT: String(customersHttp),
        EMPORIUM_SEED: "1",
        ...auth,
      },
      ports: [
        { port: customersRpc, what: "RPC", envVar: "EMPORIUM_CUSTOMERS_RPC_PORT" },
        { port: customersHttp, what: "HTTP", envVar: "EMPORIUM_CUSTOMERS_HTTP_PORT" },
      ],
      readyUrl: `http://127.0.0.1:${customersHttp}/readyz`,
    },
    {
      name: "reviews",
      entry: "services/reviews/src/main.ts",
      env: {
        EMPORIUM_REVIEWS_DATABASE_URL: databaseUrls.reviews ?? "",
        EMPORIUM_REVIEWS_RPC_PORT: String(reviewsRpc),
        EMPORIUM_REVIEWS_HTTP_PORT: String(reviewsHttp),
        EMPORIUM_SEED: "1",
        ...auth,
      },
      ports: [
        { port: reviewsRpc, what: "RPC", envVar: "EMPORIUM_REVIEWS_RPC_PORT" },
        { port: reviewsHttp, what: "HTTP", envVar: "EMPORIUM_REVIEWS_HTTP_PORT" },
      ],
      readyUrl: `http://127.0.0.1:${reviewsHttp}/readyz`,
    },
    {
      name: "notifications",
      entry: "services/notifications/src/main.ts",
      env: {
        EMPORIUM_NOTIFICATIONS_DATABASE_URL: databaseUrls.notifications ?? "",
        EMPORIUM_NOTIFICATIONS_RPC_PORT: String(notificationsRpc),
        EMPORIUM_NOTIFICATIONS_HTTP_PORT: String(notificationsHttp),
        ...auth,
      },
      ports: [
        { port: notificationsRpc, what: "RPC", envVar: "EMPORIUM_NOTIFICATIONS_RPC_PORT" },
        { port: notificationsHttp, what: "HTTP", envVar: "EMPORIUM_NOTIFICATIONS_HTTP_PORT" },
      ],
      readyUrl: `http://127.0.0.1:${notificationsHttp}/readyz`,
    },
    {
      name: "gateway",
      entry: "gateway/src/main.ts",
      env: {
        EMPORIUM_GATEWAY_PORT: String(gateway),
        EMPORIUM_CATALOG_GRAPHQL_URL: `http://127.0.0.1:${catalogHttp}/graphql`,
        EMPORIUM_INVENTORY_GRAPHQL_URL: `http://127.0.0.1:${inventoryHttp}/graphql`,
        EMPORIUM_CUSTOMERS_GRAPHQL_URL: `http://127.0.0.1:${customersHttp}/graphql`,
        EMPORIUM_REVIEWS_GRAPHQL_URL: `http://127.0.0.1:${reviewsHttp}/graphql`,
        EMPORIUM_NOTIFICATIONS_GRAPHQL_URL: `http://127.0.0.1:${notificationsHttp}/graphql`,
        ...auth,
      },
      ports: [{ port: gateway, what: "HTTP", envVar: "EMPORIUM_GATEWAY_PORT" }],
      readyUrl: `http://127.0.0.1:${gateway}/readyz`,
    },
  ];
}

const SERVICES_WITH_DATABASES = ["catalog", "inventory", "customers", "reviews", "notifications"];

async function start() {
  const supervisor = new Supervisor(ensureStateDir(stateDir()));
  // A taken service port is refused before a minute goes into starting the infrastructure.
  await supervisor.requirePortsFree(platformProcesses({}));
  // Keycloak keeps its users and signing keys in a database of its own on the same cluster.
  const postgres = await startLocalPostgres({ services: [...SERVICES_WITH_DATABASES, "keycloak"], log });
  const keycloak = await startLocalKeycloak({ postgresUrl: postgres.databaseUrls.keycloak!, log });
  const rabbitmq = await startLocalRabbitmq({ log });
  // Every process gets the broker (vhost emporium); a service that does not publish or consume ignores it.
  for (const spec of platformProcesses(postgres.databaseUrls, keycloak.issuer))
    await supervisor.start({ ...spec, env: { ...spec.env, EMPORIUM_AMQP_URL: rabbitmq.amqpUrl } }, log);
  const gateway = port("EMPORIUM_GATEWAY_PORT", 4000);
  log(`
Emporium is running.
  GraphiQL (playground)   http://127.0.0.1:${gateway}/graphiql
  GraphQL (gateway)       http://127.0.0.1:${gateway}/graphql
  catalog gRPC/Connect    http://127.0.0.1:${port("EMPORIUM_CATALOG_RPC_PORT", 50051)}  (h2c; reflection on)
  catalog HTTP/1.1        http://127.0.0.1:${port("EMPORIUM_CATALOG_HTTP_PORT", 4101)}  (/graphql /readyz /metrics, Connect for curl)
  inventory gRPC/Connect  http://127.0.0.1:${port("EMPORIUM_INVENTORY_RPC_PORT", 50052)}  (HTTP/1.1: ${port("EMPORIUM_INVENTORY_HTTP_PORT", 4102)})
  customers gRPC/Connect  http://127.0.0.1:${port("EMPORIUM_CUSTOMERS_RPC_PORT", 50056)}  (HTTP/1.1: ${port("EMPORIUM_CUSTOMERS_HTTP_PORT", 4106)})
  reviews gRPC/Connect    http://127.0.0.1:${port("EMPORIUM_REVIEWS_RPC_PORT", 50057)}  (HTTP/1.1: ${port("EMPORIUM_REVIEWS_HTTP_PORT", 4107)})
  notifications gRPC/Connect http://127.0.0.1:${port("EMPORIUM_NOTIFICATIONS_RPC_PORT", 50058)}  (HTTP/1.1: ${port("EMPORIUM_NOTIFICATIONS_HTTP_PORT", 4108)})
  Keycloak                ${keycloak.url}  (realm emporium; admin console: user admin, password in ${stateDir()}/secrets.json)
  PostgreSQL              127.0.0.1:${postgres.cluster.port}
  RabbitMQ                amqp://127.0.0.1:${new URL(rabbitmq.amqpUrl).port}  (vhost emporium, user emporium; password in ${stateDir()}/secrets.json)
  RabbitMQ management UI  ${rabbitmq.managementUrl}  (user admin, password in ${stateDir()}/secrets.json)
  logs                    ${supervisor.logDir}  (RabbitMQ: ${rabbitmq.logFile})
Stop it with: npm stop`);
}

async function stop() {
  const supervisor = new Supervisor(ensureStateDir(stateDir()));
  for (const spec of platformProcesses({}).reverse()) await supervisor.stop(spec, log);
  await stopLocalRabbitmq({ log });
  await stopLocalKeycloak({ log });
  await stopLocalPostgres({ log });
}

async function status(): Promise<number> {
  const supervisor = new Supervisor(ensureStateDir(stateDir()));
  let allUp = true;
  for (const spec of platformProcesses({})) {
    const processStatus = await supervisor.status(spec);
    allUp &&= processStatus.ready;
    log(describeStatus(processStatus));
  }
  const kcPid = localKeycloakPid();
  const kcReady = kcPid
    ? await fetch(`http://127.0.0.1:${localKeycloakPorts().management}/health/ready`, {
        signal: AbortSignal.timeout(2_000),
      }).then(
        (r) => r.ok,
        () => false,
      )
    : false;
  allUp &&= kcReady;
  log(`${"keycloak".padEnd(10)} ${kcPid ? `running (pid ${kcPid})${kcReady ? ", ready" : ", NOT ready"}` : "stopped"}`);
  const rmq = await localRabbitmqStatus();
  allUp &&= rmq.installed && rmq.ready;
  log(
    `${"rabbitmq".padEnd(10)} ${!rmq.installed ? "not installed" : rmq.running ? `running (pid ${rmq.pid}, port ${rmq.amqpPort})${rmq.ready ? `, ready; management ${rmq.managementUrl}` : ", NOT ready"}` : "stopped"}`,
  );
  const pg = await localPostgresStatus();
  const pgUp = pg.installed && pg.initialized && pg.running;
  log(
    `${"postgres".padEnd(10)} ${pgUp ? `running (pid ${pg.pid}, port ${pg.port})` : pg.installed ? "stopped" : "not installed"}`,
  );
  return allUp && pgUp ? 0 : 3;
}

async function main(command: string | undefined): Promise<number> {
  if (command === "start") return start().then(() => 0);
  if (command === "stop") return stop().then(() => 0);
  if (command === "status") return status();
  console.error("usage: stack-cli.ts start | stop | status");
  return 2;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`emporium: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
