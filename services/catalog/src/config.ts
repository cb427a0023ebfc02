import { envField, loadConfig, loadServiceConfig, type ServiceConfig } from "@emporium/platform";
import { serviceDefaults } from "@emporium/registry";
import { z } from "zod";

export interface CatalogConfig extends ServiceConfig {
  /** Where product pictures are served from; each size's URL is `<base>/w<width>/<key>`. */
  imageBaseUrl: string;
}

/** The image store's address when none is configured: a reserved name, so nothing real is reached. */
export const DEFAULT_IMAGE_BASE_URL = "https://images.emporium.example/catalog";

/** Catalog's ports and database default to its registry entry; every value can come from env. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CatalogConfig> {
  const base = loadServiceConfig("catalog", serviceDefaults("catalog"), env);
  const own = loadConfig(z.object({ EMPORIUM_CATALOG_IMAGE_BASE_URL: envField.url(DEFAULT_IMAGE_BASE_URL) }), env);
  return Object.freeze({ ...base, imageBaseUrl: own.EMPORIUM_CATALOG_IMAGE_BASE_URL });
}
