import { BFFS, GATEWAY, SERVICES, envPrefix, loadTestRateLimitEnv, rpcUrlVariable } from "@emporium/registry";
import { bffPort, gatewayPort, servicePorts } from "./stack-ports";
import type { ProcessSpec } from "./supervisor";

/**
 * What `npm start` runs, in start order (`npm stop` stops them in reverse): every registered service,
 * the gateway in front of their subgraphs, then the BFFs calling their RPC ports. `amqpUrls` holds
 * each service's and BFF's broker URL by name (its own user). Moved ports come
 * from `env`, as each process reads them. Without a database URL or issuer (stop, status) the
 * plan still names every process and its ports. Rate limits get budgets no load exhausts, since
 * benchmarks and chaos runs load this stack on purpose; a process with a budget set in `env` gets the
 * defaults beside it instead (to try limits here).
 */
export function platformProcesses(
  databaseUrls: Record<string, string>,
  authIssuer = "",
  amqpUrls: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): ProcessSpec[] {
  const auth: Record<string, string> = authIssuer ? { EMPORIUM_AUTH_ISSUER: authIssuer } : {};
  // A process whose budgets the environment sets keeps the defaults beside them (its window included).
  const budgets = (name: string) => {
    const loadTest = loadTestRateLimitEnv(name);
    return Object.keys(loadTest).some((variable) => env[variable] !== undefined) ? {} : loadTest;
  };
  // Every service and BFF learns where the services' RPC ports are, moved ports included.
  const rpcUrls = Object.fromEntries(
    SERVICES.map((s) => [rpcUrlVariable(s.name), `http://127.0.0.1:${servicePorts(s, env).rpc}`]),
  );
  const services: ProcessSpec[] = SERVICES.map((service) => {
    const prefix = envPrefix(service.name);
    const { rpc, http } = servicePorts(service, env);
    const amqp = amqpUrls[service.name];
    return {
      name: service.name,
      entry: `services/${service.name}/src/main.ts`,
      env: {
        [`${prefix}DATABASE_URL`]: databaseUrls[service.name] ?? "",
        [`${prefix}RPC_PORT`]: String(rpc),
        [`${prefix}HTTP_PORT`]: String(http),
        ...(amqp ? { [`${prefix}AMQP_URL`]: amqp } : {}),
        ...(service.seeds ? { EMPORIUM_SEED: "1" } : {}),
        ...rpcUrls,
        ...auth,
        ...budgets(service.name),
      },
      ports: [
        { port: rpc, what: "RPC", envVar: `${prefix}RPC_PORT` },
        { port: http, what: "HTTP", envVar: `${prefix}HTTP_PORT` },
      ],
      readyUrl: `http://127.0.0.1:${http}/readyz`,
    };
  });
  const subgraphUrls = SERVICES.filter((s) => s.subgraph).map((s) => [
    `${envPrefix(s.name)}GRAPHQL_URL`,
    `http://127.0.0.1:${servicePorts(s, env).http}/graphql`,
  ]);
  const gateway = gatewayPort(env);
  // A BFF's client secret is its realm client's development secret, the default of its config,
  // as the services' are (EMPORIUM_BFF_<NAME>_CLIENT_SECRET overrides it, like theirs).
  // Its broker URL (its own user: its live feed's queues only) is keyed by its name, like a service's.
  const bffs: ProcessSpec[] = BFFS.map((bff) => {
    const port = bffPort(bff, env);
    const variable = `${envPrefix(bff.name)}PORT`;
    const amqp = amqpUrls[bff.name];
    return {
      name: bff.name,
      entry: `${bff.name}/src/main.ts`,
      env: {
        [variable]: String(port),
        ...(amqp ? { [`${envPrefix(bff.name)}AMQP_URL`]: amqp } : {}),
        ...rpcUrls,
        ...auth,
        ...budgets(bff.name),
      },
      ports: [{ port, what: "HTTP", envVar: variable }],
      readyUrl: `http://127.0.0.1:${port}/readyz`,
    };
  });
  return [
    ...services,
    {
      name: GATEWAY.name,
      entry: "gateway/src/main.ts",
      env: {
        EMPORIUM_GATEWAY_PORT: String(gateway),
        ...Object.fromEntries(subgraphUrls),
        ...auth,
        ...budgets(GATEWAY.name),
      },
      ports: [{ port: gateway, what: "HTTP", envVar: "EMPORIUM_GATEWAY_PORT" }],
      readyUrl: `http://127.0.0.1:${gateway}/readyz`,
    },
    ...bffs,
  ];
}
