import { loadBffConfig, type BffConfig } from "@emporium/platform";

export type BffMobileConfig = BffConfig;

/** bff-mobile's port defaults to its registry entry, the services' RPC URLs to theirs; env overrides each. */
export const loadBffMobileConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<BffMobileConfig> =>
  loadBffConfig("bff-mobile", env);
