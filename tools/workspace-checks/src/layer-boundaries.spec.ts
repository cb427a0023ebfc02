import { lintSource } from "./lint-source";

/**
 * Layers inside a service (docs/conventions.md): the use cases depend on ports they declare, never
 * on an adapter or on what talks to the outside. Each case lints a sample file at a path in a
 * service, so nothing is written into the real tree.
 */
function layerErrors(filePath: string, code: string): string[] {
  return lintSource(filePath, code)
    .filter((m) => m.ruleId === "no-restricted-imports")
    .map((m) => m.message);
}

const APPLICATION = "services/catalog/src/application/probe.ts";
const DOMAIN = "services/catalog/src/domain/probe.ts";
const ADAPTER_REFUSED = "application/ must not import an adapter (db/, rpc/, graph/, events/, clients/)";

describe("layers inside a service", () => {
  it("refuses application/ importing a repository from db/, and says to declare a port", () => {
    const errors = layerErrors(
      APPLICATION,
      'import { PgProductRepository } from "../db/product-repository";\nexport const x = PgProductRepository;\n',
    );
    expect(errors).toEqual([expect.stringContaining(ADAPTER_REFUSED)]);
    expect(errors[0]).toContain(
      "declare the port (an interface) in application/<service>-deps.ts, implement it in db/",
    );
  });

  it("refuses application/ importing the other adapters, also from a folder deeper down", () => {
    const errors = layerErrors(
      "services/reviews/src/application/moderation/probe.ts",
      [
        'import { reviewsRoutes } from "../../rpc/reviews-routes";',
        'import { graphContext } from "../../graph/resolvers";',
        'import * as events from "../../events/subscriptions";',
        'import { ConnectCatalogPrices } from "../../clients/catalog-prices";',
        "export const x = [reviewsRoutes, graphContext, events, ConnectCatalogPrices];",
        "",
      ].join("\n"),
    );
    expect(errors).toEqual([
      expect.stringContaining(ADAPTER_REFUSED),
      expect.stringContaining(ADAPTER_REFUSED),
      expect.stringContaining(ADAPTER_REFUSED),
      expect.stringContaining(ADAPTER_REFUSED),
    ]);
  });

  it("refuses application/ using pg, Fastify or the kit's database pieces", () => {
    const errors = layerErrors(
      APPLICATION,
      [
        'import pg from "pg";',
        'import type { FastifyInstance } from "fastify";',
        'import { inTransaction, type Pool } from "@emporium/platform";',
        "export const x = [pg, inTransaction];",
        "export type Y = [FastifyInstance, Pool];",
        "",
      ].join("\n"),
    );
    expect(errors).toEqual([
      expect.stringContaining("application/ must not talk to the outside"),
      expect.stringContaining("application/ must not talk to the outside"),
      expect.stringContaining("application/ must not use the database"),
      expect.stringContaining("application/ must not use the database"),
    ]);
  });

  it("refuses domain/ importing application/ or an adapter", () => {
    const errors = layerErrors(
      DOMAIN,
      [
        'import type { CatalogDeps } from "../application/catalog-deps";',
        'import { PgProductRepository } from "../db/product-repository";',
        "export const x = PgProductRepository;",
        "export type Y = CatalogDeps;",
        "",
      ].join("\n"),
    );
    expect(errors).toEqual([
      expect.stringContaining("domain/ must not import application/"),
      expect.stringContaining("domain/ must not import an adapter"),
    ]);
  });

  it("allows application/ its ports, the domain, the kit's errors and the contracts", () => {
    const errors = layerErrors(
      APPLICATION,
      [
        'import { notFound } from "@emporium/platform";',
        'import { ProductCreatedSchema } from "@emporium/contracts/emporium/catalog/v1/events_pb";',
        'import type { Product } from "../domain/product";',
        'import type { CatalogDeps } from "./catalog-deps";',
        "export const x = [notFound, ProductCreatedSchema];",
        "export type Y = [Product, CatalogDeps];",
        "",
      ].join("\n"),
    );
    expect(errors).toEqual([]);
  });

  it("allows an adapter in db/ to implement the application's ports", () => {
    const errors = layerErrors(
      "services/catalog/src/db/probe.ts",
      [
        'import { inTransaction } from "@emporium/platform";',
        'import type { ProductRepository } from "../application/catalog-deps";',
        "export const x = inTransaction;",
        "export type Y = ProductRepository;",
        "",
      ].join("\n"),
    );
    expect(errors).toEqual([]);
  });
});
