/**
 * `npm start` / `npm stop` / `npm run status`: the local platform as supervised processes (a
 * supervisor per service restarts it when it dies; see supervisor.ts).
 * Which processes and on which ports comes from the registry (libs/registry); every port moves with
 * the variable the process itself reads.
 */
import { localKeycloakPid, localKeycloakPorts, startLocalKeycloak, stopLocalKeycloak } from "./local-keycloak";
import { localPostgresStatus, startLocalPostgres, stopLocalPostgres } from "./local-postgres";
import { localRabbitmqPorts, localRabbitmqStatus, startLocalRabbitmq, stopLocalRabbitmq } from "./local-rabbitmq";
import { ensureStateDir, stateDir } from "./state-dir";
import { platformProcesses } from "./stack-plan";
import { bffPort, gatewayPort, servicePorts } from "./stack-ports";
import { Supervisor, describeStatus } from "./supervisor";
import { BFFS, SERVICES } from "@emporium/registry";

const log = (line: string) => console.log(line);

async function start() {
  const supervisor = new Supervisor(ensureStateDir(stateDir()));
  // A taken service port is refused before a minute goes into starting the infrastructure.
  await supervisor.requirePortsFree(platformProcesses({}));
  // Keycloak keeps its users and signing keys in a database of its own on the same cluster.
  const postgres = await startLocalPostgres({ services: [...SERVICES.map((s) => s.name), "keycloak"], log });
  const keycloak = await startLocalKeycloak({ postgresUrl: postgres.databaseUrls.keycloak!, log });
  const rabbitmq = await startLocalRabbitmq({ log });
  // Every service and BFF connects to the broker (vhost emporium) as its own user (a BFF only listens,
  // for its subscriptions' live feed); the gateway does not use it.
  const amqpUrls = { ...rabbitmq.serviceAmqpUrls, ...rabbitmq.bffAmqpUrls };
  for (const spec of platformProcesses(postgres.databaseUrls, keycloak.issuer, amqpUrls))
    await supervisor.start(spec, log);
  const gateway = gatewayPort();
  // gRPC needs HTTP/2 (the RPC port, reflection on); curl and browsers use the HTTP/1.1 port.
  const serviceLines = SERVICES.map((s) => {
    const { rpc, http } = servicePorts(s);
    return `  ${s.name.padEnd(23)} gRPC/Connect http://127.0.0.1:${rpc}, HTTP/1.1 http://127.0.0.1:${http}`;
  });
  const bffLines = BFFS.map((b) => `  ${`${b.name} (GraphiQL)`.padEnd(23)} http://127.0.0.1:${bffPort(b)}/graphiql`);
  log(`
Emporium is running.
  GraphiQL (playground)   http://127.0.0.1:${gateway}/graphiql
  GraphQL (gateway)       http://127.0.0.1:${gateway}/graphql
${bffLines.join("\n")}
${serviceLines.join("\n")}
                          (HTTP/1.1 serves /graphql /readyz /metrics, and Connect for curl)
  Keycloak                ${keycloak.url}  (realm emporium; admin console: user admin, password in ${stateDir()}/secrets.json)
  PostgreSQL              127.0.0.1:${postgres.cluster.port}
  RabbitMQ                amqp://127.0.0.1:${localRabbitmqPorts().amqp}  (vhost emporium, a user per service and BFF; passwords in ${stateDir()}/secrets.json)
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
