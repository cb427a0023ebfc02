import { readFileSync } from "node:fs";
import path from "node:path";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import {
  callerClient,
  REQUEST_ID_HEADER,
  serviceClient,
  type BffConfig,
  type BffGraph,
  type BffRequest,
  type TokenSource,
} from "@emporium/platform";
import { bffMobileExamples } from "./examples";

export type BffMobileContext = BffRequest;

/**
 * bff-mobile's graph: categories from catalog (called as bff-mobile, client credentials) and the signed-in
 * customer from customers (called with the caller's own token). Each call carries the request id.
 */
export function bffMobileGraph(config: BffConfig, tokens: TokenSource): BffGraph<BffMobileContext> {
  const options = { timeoutMs: config.callTimeoutMs };
  const catalog = serviceClient(CatalogService, config.rpcUrls.catalog, { ...options, tokens });
  const customers = callerClient(CustomersService, config.rpcUrls.customers, options);
  const traced = (ctx: BffMobileContext) => ({ headers: { [REQUEST_ID_HEADER]: ctx.requestId } });
  return {
    schema: readFileSync(path.join(__dirname, "schema.graphql"), "utf8"),
    resolvers: {
      Query: {
        categories: async (_root: unknown, _args: unknown, ctx: BffMobileContext) => {
          const { categories } = await catalog.listCategories({}, traced(ctx));
          return categories.map(({ id, name }) => ({ id, name }));
        },
        me: async (_root: unknown, _args: unknown, ctx: BffMobileContext) => {
          if (!ctx.principal) return null;
          const { customer } = await customers(ctx.principal).getMyProfile({}, traced(ctx));
          return customer && { id: customer.id, displayName: customer.displayName };
        },
      },
    },
    context: (request) => request,
    examples: bffMobileExamples,
  };
}
