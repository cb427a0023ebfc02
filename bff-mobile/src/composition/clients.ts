import type { Client } from "@connectrpc/connect";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { CartService } from "@emporium/contracts/emporium/orders/v1/cart_service_pb";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import type { ServiceName } from "@emporium/registry";
import {
  anonymousClient,
  callerClient,
  serviceClient,
  type BffConfig,
  type Principal,
  type TokenSource,
} from "@emporium/platform";

/** The calls made as bff-mobile itself (its client-credentials token): what any named service may read. */
export interface ServiceCalls {
  catalog: Client<typeof CatalogService>;
  inventory: Client<typeof InventoryService>;
  reviews: Client<typeof ReviewsService>;
  /** BatchGetCustomers: review authors' public display names. */
  customers: Client<typeof CustomersService>;
  /** BatchGetShipmentsByOrder is open to the BFFs' own tokens only: call it for an order the caller owns. */
  shipping: Client<typeof ShippingService>;
  /** A guest's cart, reached by its cart token alone: no token at all (a service has no cart). */
  guestCarts: Client<typeof CartService>;
}

/** The calls made on a signed-in person's behalf, with their own token: the callee applies their rights. */
export interface CallerCalls {
  carts: Client<typeof CartService>;
  customers: Client<typeof CustomersService>;
  orders: Client<typeof OrdersService>;
  payments: Client<typeof PaymentsService>;
  notifications: Client<typeof NotificationsService>;
  shipping: Client<typeof ShippingService>;
}

export interface MobileClients {
  service: ServiceCalls;
  caller(principal: Principal): CallerCalls;
}

/** Typed Connect clients of every service bff-mobile composes; each call has the configured deadline. */
export function mobileClients(config: BffConfig, tokens: TokenSource): MobileClients {
  const url = (service: ServiceName) => config.rpcUrls[service];
  const timeoutMs = config.callTimeoutMs;
  const own = { tokens, timeoutMs };
  const service: ServiceCalls = {
    catalog: serviceClient(CatalogService, url("catalog"), own),
    inventory: serviceClient(InventoryService, url("inventory"), own),
    reviews: serviceClient(ReviewsService, url("reviews"), own),
    customers: serviceClient(CustomersService, url("customers"), own),
    shipping: serviceClient(ShippingService, url("shipping"), own),
    guestCarts: anonymousClient(CartService, url("orders"), { timeoutMs }),
  };
  const carts = callerClient(CartService, url("orders"), { timeoutMs });
  const customers = callerClient(CustomersService, url("customers"), { timeoutMs });
  const orders = callerClient(OrdersService, url("orders"), { timeoutMs });
  const payments = callerClient(PaymentsService, url("payments"), { timeoutMs });
  const notifications = callerClient(NotificationsService, url("notifications"), { timeoutMs });
  const shipping = callerClient(ShippingService, url("shipping"), { timeoutMs });
  return {
    service,
    caller: (p) => ({
      carts: carts(p),
      customers: customers(p),
      orders: orders(p),
      payments: payments(p),
      notifications: notifications(p),
      shipping: shipping(p),
    }),
  };
}
