import { loadBffConfig, type BffConfig } from "@emporium/platform";

export type BffWebConfig = BffConfig;

/** bff-web's port defaults to its registry entry, the services' RPC URLs to theirs; env overrides each. */
export const loadBffWebConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<BffWebConfig> =>
  loadBffConfig("bff-web", env);
