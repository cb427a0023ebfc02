import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { AppError, callerClient, type Principal } from "@emporium/platform";
import type { CustomerAddresses } from "../application/orders-deps";
import type { ShippingAddress } from "../domain/order";

/**
 * The caller's addresses from the customers service, read with the caller's own token: addresses
 * are private to their owner, and customers decides that, not orders.
 */
export class ConnectCustomerAddresses implements CustomerAddresses {
  constructor(private readonly customersFor: (caller: Principal) => Client<typeof CustomersService>) {}

  static over(customersRpcUrl: string): ConnectCustomerAddresses {
    return new ConnectCustomerAddresses(callerClient(CustomersService, customersRpcUrl));
  }

  async addressOf(caller: Principal, addressId: string): Promise<ShippingAddress | undefined> {
    const { customer } = await this.customersFor(caller).getMyProfile({}).catch(unavailableCustomers);
    const found = customer?.addresses.find((a) => a.id === addressId);
    if (!found) return undefined;
    const { recipient, line1, line2, postalCode, city, countryCode } = found;
    return { addressId: found.id, recipient, line1, line2, postalCode, city, countryCode };
  }
}

/** Customers down or slow: the caller may retry; any other failure is our bug (internal). */
function unavailableCustomers(err: unknown): never {
  const code = err instanceof ConnectError ? err.code : undefined;
  if (code === Code.Unavailable || code === Code.DeadlineExceeded || code === Code.ResourceExhausted)
    throw new AppError(
      "UNAVAILABLE",
      "the customers service cannot be reached for your address right now; retry shortly",
    );
  throw err;
}
