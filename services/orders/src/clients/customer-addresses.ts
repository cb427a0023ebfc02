import { Code, type Client } from "@connectrpc/connect";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { callerClient, UpstreamError, type Principal } from "@emporium/platform";
import type { CustomerAddresses } from "../application/orders-deps";
import type { ShippingAddress } from "../domain/order";

/**
 * The caller's address from the customers service (GetMyAddress), read with the caller's own token:
 * addresses are private to their owner, and customers decides that, not orders.
 */
export class ConnectCustomerAddresses implements CustomerAddresses {
  constructor(private readonly customersFor: (caller: Principal) => Client<typeof CustomersService>) {}

  static over(customersRpcUrl: string): ConnectCustomerAddresses {
    return new ConnectCustomerAddresses(callerClient(CustomersService, customersRpcUrl));
  }

  async addressOf(caller: Principal, addressId: string): Promise<ShippingAddress | undefined> {
    // Customers down or slow: UNAVAILABLE (the kit's client); NOT_FOUND: not one of the caller's.
    const found = await this.customersFor(caller)
      .getMyAddress({ addressId })
      .then(
        (r) => r.address,
        (err: unknown) => {
          if (err instanceof UpstreamError && err.code === Code.NotFound) return undefined;
          throw err;
        },
      );
    if (!found) return undefined;
    const { recipient, line1, line2, postalCode, city, countryCode } = found;
    return { addressId: found.id, recipient, line1, line2, postalCode, city, countryCode };
  }
}
