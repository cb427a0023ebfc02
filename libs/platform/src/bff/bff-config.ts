import { z } from "zod";
import {
  SERVICES,
  bffNamed,
  defaultRpcUrl,
  envPrefix,
  rpcUrlVariable,
  type BffName,
  type ServiceName,
} from "@emporium/registry";
import { serviceTokens, type TokenSource } from "../auth/client-credentials";
import { envField, loadConfig } from "../config/load-config";

/** What a BFF process needs, read from `EMPORIUM_BFF_<NAME>_*` and the platform's shared variables. */
export interface BffConfig {
  /** The BFF's registry name (`bff-web`); also its Keycloak client. */
  name: BffName;
  host: string;
  port: number;
  logLevel: string;
  shutdownTimeoutMs: number;
  /** The Keycloak realm whose user access tokens it accepts (the `iss` claim). */
  authIssuer: string;
  /** The secret of its own Keycloak client, for client-credentials calls. Locally the realm's development secret. */
  clientSecret: string;
  /** Each service's RPC port (EMPORIUM_<SERVICE>_RPC_URL, else the registry's local default). */
  rpcUrls: Readonly<Record<ServiceName, string>>;
  /** The deadline of every call to a service. */
  callTimeoutMs: number;
}

/** A BFF's config: its port defaults to its registry entry; every value can come from env. */
export function loadBffConfig(name: BffName, env: NodeJS.ProcessEnv = process.env): Readonly<BffConfig> {
  const p = envPrefix(name);
  const rpcUrlFields = Object.fromEntries(
    SERVICES.map((s) => [rpcUrlVariable(s.name), envField.url(defaultRpcUrl(s.name))]),
  );
  const schema = z
    .object({
      [`${p}HOST`]: envField.host(),
      [`${p}PORT`]: envField.port(bffNamed(name).httpPort),
      [`${p}CLIENT_SECRET`]: z.string().min(1).default(`dev-only-${name}-secret`),
      [`${p}CALL_TIMEOUT_MS`]: envField.milliseconds(3_000),
      EMPORIUM_LOG_LEVEL: envField.logLevel(),
      EMPORIUM_SHUTDOWN_TIMEOUT_MS: envField.milliseconds(10_000),
      EMPORIUM_AUTH_ISSUER: envField.url("http://127.0.0.1:8080/realms/emporium"),
      ...rpcUrlFields,
    })
    .transform((e) => ({
      name,
      host: e[`${p}HOST`] as string,
      port: e[`${p}PORT`] as number,
      clientSecret: e[`${p}CLIENT_SECRET`] as string,
      callTimeoutMs: e[`${p}CALL_TIMEOUT_MS`] as number,
      logLevel: e.EMPORIUM_LOG_LEVEL as string,
      shutdownTimeoutMs: e.EMPORIUM_SHUTDOWN_TIMEOUT_MS as number,
      authIssuer: e.EMPORIUM_AUTH_ISSUER as string,
      rpcUrls: Object.fromEntries(SERVICES.map((s) => [s.name, e[rpcUrlVariable(s.name)] as string])) as Record<
        ServiceName,
        string
      >,
    }));
  return loadConfig(schema, env);
}

/** The BFF's own access tokens (client credentials of its Keycloak client, named like the BFF). */
export const bffTokens = (config: BffConfig): TokenSource =>
  serviceTokens({ service: config.name, authIssuer: config.authIssuer, clientSecret: config.clientSecret });
