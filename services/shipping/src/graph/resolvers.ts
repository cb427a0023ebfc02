import DataLoader from "dataloader";
import { ServiceLevel as ServiceLevelProto } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { QuoteShippingRequestSchema } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import {
  AppError,
  DateTimeScalar,
  graphqlFieldPath,
  invalidArgument,
  moneyResolvers,
  requireRole,
  validatedMessage,
  type Principal,
} from "@emporium/platform";
import { latestShipments, visibleShipment } from "../application/order-shipments";
import { quoteShipping } from "../application/quote-shipping";
import type { ShippingDeps } from "../application/shipping-deps";
import type { Shipment } from "../domain/shipment";
import type { ServiceLevel, ShippingQuote } from "../domain/shipping-quote";
import { quoteRequestFromProto } from "../rpc/proto-mapping";

export interface GraphContext {
  requestId: string;
  principal?: Principal;
  deps: ShippingDeps;
  /** Each order's latest shipment: every Order reference of one request costs one query. */
  shipmentOfOrder: DataLoader<string, Shipment | undefined>;
}

export const graphContext = (deps: ShippingDeps): Omit<GraphContext, "requestId" | "principal"> => ({
  deps,
  shipmentOfOrder: new DataLoader(async (orderIds) => {
    const latest = await latestShipments(deps, orderIds);
    return orderIds.map((id) => latest.get(id));
  }),
});

type QuoteInput = {
  countryCode: string;
  postalCode: string;
  lines: Array<{ skuId: string; quantity: number }>;
  serviceLevel: ServiceLevel;
};

/** proto field paths (lines[0].sku_id, destination.postal_code) → the input's (lines[0].skuId, postalCode). */
function inputPaths(err: unknown): never {
  if (err instanceof AppError && err.violations.length) {
    const field = (f: string) => graphqlFieldPath(f.replace(/^destination\./, ""));
    const violations = err.violations.map((v) => ({ ...v, field: field(v.field) }));
    throw err.code === "INVALID_ARGUMENT"
      ? invalidArgument(violations)
      : new AppError(err.code, err.message, violations);
  }
  throw err;
}

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    async shippingQuote(_: unknown, { input }: { input: QuoteInput }, ctx: GraphContext) {
      requireRole(ctx.principal, "customer", "admin");
      const req = (() => {
        try {
          return validatedMessage(QuoteShippingRequestSchema, {
            destination: { countryCode: input.countryCode, postalCode: input.postalCode },
            lines: input.lines,
            serviceLevel: ServiceLevelProto[input.serviceLevel],
          });
        } catch (err) {
          return inputPaths(err);
        }
      })();
      return quoteShipping(ctx.deps, ctx.principal, quoteRequestFromProto(req)).catch(inputPaths);
    },
  },
  ShippingQuote: {
    countryCode: (q: ShippingQuote) => q.destination.countryCode,
    postalCode: (q: ShippingQuote) => q.destination.postalCode,
    createdAt: (q: ShippingQuote) => q.createTime,
    expiresAt: (q: ShippingQuote) => q.expireTime,
  },
  Order: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    shipment: async (order: { id: string }, _: unknown, ctx: GraphContext) =>
      visibleShipment(ctx.principal, await ctx.shipmentOfOrder.load(order.id)),
  },
  Shipment: {
    failureReason: (s: Shipment) => s.failureReason || null,
    createdAt: (s: Shipment) => s.createTime,
    updatedAt: (s: Shipment) => s.updateTime,
  },
  ShipmentAddress: {
    line2: (a: Shipment["address"]) => a.line2 || null,
  },
  Money: moneyResolvers,
};
