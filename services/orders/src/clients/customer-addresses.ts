import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { AppError, callerClient, type Principal } from "@emporium/platform";
import type { CustomerAddresses } from "../application/orders-deps";
import type { ShippingAddress } from "../domain/order";

/**
 * The caller's address from the customers service (GetMyAddress), read with the caller's own token: addresses
 * are private to their owner, and customers decides that, not orders.
 */
export class ConnectCustomerAddresses implements CustomerAddresses {
  constructor(private readonly customersFor: (caller: Principal) => Client<typeof CustomersService>) {}

  static over(customersRpcUrl: string): ConnectCustomerAddresses {
    return new ConnectCustomerAddresses(callerClient(CustomersService, customersRpcUrl));
  }

  async addressOf(caller: Principal, addressId: string): Promise<ShippingAddress | undefined> {
    const found = await this.customersFor(caller)
      .getMyAddress({ addressId })
      .then((r) => r.address, notFoundOrUnavailable);
    if (!found) return undefined;
    const { recipient, line1, line2, postalCode, city, countryCode } = found;
    return { addressId: found.id, recipient, line1, line2, postalCode, city, countryCode };
  }
}

/**
 * NOT_FOUND: not one of the caller's addresses. Customers down or slow: the caller may retry. Any
 * other failure is our bug (internal).
 */
function notFoundOrUnavailable(err: unknown): undefined {
  const code = err instanceof ConnectError ? err.code : undefined;
  if (code === Code.NotFound) return undefined;
  if (code === Code.Unavailable || code === Code.DeadlineExceeded || code === Code.ResourceExhausted)
    throw new AppError(
      "UNAVAILABLE",
      "the customers service cannot be reached for your address right now; retry shortly",
    );
  throw err;
}
