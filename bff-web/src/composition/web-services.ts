import type { DescService } from "@bufbuild/protobuf";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { InventoryService } from "@emporium/contracts/emporium/inventory/v1/inventory_service_pb";
import { NotificationsService } from "@emporium/contracts/emporium/notifications/v1/notifications_service_pb";
import { CartService } from "@emporium/contracts/emporium/orders/v1/cart_service_pb";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { PaymentsService } from "@emporium/contracts/emporium/payments/v1/payments_service_pb";
import { ReviewsService } from "@emporium/contracts/emporium/reviews/v1/reviews_service_pb";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import type { Client } from "@connectrpc/connect";
import {
  anonymousClient,
  AppError,
  callerClient,
  serviceClient,
  type Principal,
  type TokenSource,
} from "@emporium/platform";

/** Where the services listen and how long a call may take (BffConfig's part of it). */
export interface ServicesConfig {
  rpcUrls: Readonly<Record<string, string>>;
  callTimeoutMs: number;
}

/** The calls the BFF makes as itself: public reads, and shipments (shipping lets only BFFs read them). */
export interface BffCalls {
  catalog: Client<typeof CatalogService>;
  inventory: Client<typeof InventoryService>;
  reviews: Client<typeof ReviewsService>;
  customers: Client<typeof CustomersService>;
  shipping: Client<typeof ShippingService>;
}

/** The calls made on a person's behalf, with their own token: the callee applies their rights. */
export interface CallerCalls {
  carts: Client<typeof CartService>;
  orders: Client<typeof OrdersService>;
  customers: Client<typeof CustomersService>;
  payments: Client<typeof PaymentsService>;
  shipping: Client<typeof ShippingService>;
  notifications: Client<typeof NotificationsService>;
}

/**
 * Typed Connect clients of every service the web BFF composes, each call with the deadline
 * `callTimeoutMs`. Three ways to call: as the BFF (its client-credentials token), as the caller
 * (their token, forwarded), or as a guest (no token: orders reaches a guest cart by its cart token
 * alone, and refuses a service's token there, since a service has no cart).
 */
export interface WebServices {
  asBff: BffCalls;
  asCaller(principal: Principal | undefined): CallerCalls;
  guestCarts: Client<typeof CartService>;
}

export function webServices(config: ServicesConfig, tokens: TokenSource): WebServices {
  const options = { timeoutMs: config.callTimeoutMs };
  const url = (service: string) => {
    const found = config.rpcUrls[service];
    if (!found) throw new Error(`no RPC URL for the ${service} service`);
    return found;
  };
  const asBff = <S extends DescService>(s: S, name: string) => serviceClient(s, url(name), { ...options, tokens });
  const forCaller = <S extends DescService>(s: S, name: string) => callerClient(s, url(name), options);
  const caller = {
    carts: forCaller(CartService, "orders"),
    orders: forCaller(OrdersService, "orders"),
    customers: forCaller(CustomersService, "customers"),
    payments: forCaller(PaymentsService, "payments"),
    shipping: forCaller(ShippingService, "shipping"),
    notifications: forCaller(NotificationsService, "notifications"),
  };
  return {
    asBff: {
      catalog: asBff(CatalogService, "catalog"),
      inventory: asBff(InventoryService, "inventory"),
      reviews: asBff(ReviewsService, "reviews"),
      customers: asBff(CustomersService, "customers"),
      shipping: asBff(ShippingService, "shipping"),
    },
    asCaller(principal) {
      if (!principal) throw new AppError("UNAUTHENTICATED", "sign in: this operation needs an access token");
      return {
        carts: caller.carts(principal),
        orders: caller.orders(principal),
        customers: caller.customers(principal),
        payments: caller.payments(principal),
        shipping: caller.shipping(principal),
        notifications: caller.notifications(principal),
      };
    },
    guestCarts: anonymousClient(CartService, url("orders"), { timeoutMs: options.timeoutMs }),
  };
}
