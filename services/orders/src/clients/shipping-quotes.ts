import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, type Client } from "@connectrpc/connect";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { serviceClient, UpstreamError, type TokenSource } from "@emporium/platform";
import type { ShippingQuotes } from "../application/orders-deps";
import type { ShippingQuote } from "../domain/shipping-quote";

/** Shipping's quotes over Connect (GetShippingQuote), called as the orders service (its client-credentials token). */
export class ConnectShippingQuotes implements ShippingQuotes {
  constructor(private readonly shipping: Client<typeof ShippingService>) {}

  static over(shippingRpcUrl: string, tokens: TokenSource): ConnectShippingQuotes {
    return new ConnectShippingQuotes(serviceClient(ShippingService, shippingRpcUrl, { tokens }));
  }

  async quoteById(quoteId: string): Promise<ShippingQuote | undefined> {
    // Shipping down or slow: UNAVAILABLE (the kit's client); NOT_FOUND: no such quote.
    const found = await this.shipping.getShippingQuote({ quoteId }).then(
      (r) => r,
      (err: unknown) => {
        if (err instanceof UpstreamError && err.code === Code.NotFound) return undefined;
        throw err;
      },
    );
    const quote = found?.quote;
    if (!found || !quote?.price || !quote.destination || !quote.expireTime) return undefined;
    return {
      quoteId: quote.id,
      requestedBy: found.requestedBy,
      price: { currency: quote.price.currencyCode, amountMinor: quote.price.amountMinor },
      expireTime: timestampDate(quote.expireTime),
      destination: { countryCode: quote.destination.countryCode, postalCode: quote.destination.postalCode },
    };
  }
}
