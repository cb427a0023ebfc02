import { GATEWAY, envPrefix, type BffEntry, type ServiceEntry } from "@emporium/registry";

/**
 * Where the local platform's processes listen: the registry's ports, moved by the variables the
 * processes themselves read. Shared by `npm start` and the tools that find a running platform.
 */
const port = (env: NodeJS.ProcessEnv, name: string, fallback: number) => Number(env[name] || fallback);

export function servicePorts(service: ServiceEntry, env: NodeJS.ProcessEnv = process.env) {
  const prefix = envPrefix(service.name);
  return {
    rpc: port(env, `${prefix}RPC_PORT`, service.rpcPort),
    http: port(env, `${prefix}HTTP_PORT`, service.httpPort),
  };
}

export const gatewayPort = (env: NodeJS.ProcessEnv = process.env) =>
  port(env, "EMPORIUM_GATEWAY_PORT", GATEWAY.httpPort);

/** A BFF's HTTP port: its registry entry, moved by EMPORIUM_BFF_<NAME>_PORT as the BFF reads it. */
export const bffPort = (bff: BffEntry, env: NodeJS.ProcessEnv = process.env) =>
  port(env, `${envPrefix(bff.name)}PORT`, bff.httpPort);
