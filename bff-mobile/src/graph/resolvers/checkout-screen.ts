import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Address } from "@emporium/contracts/emporium/customers/v1/customers_pb";
import type { Cart } from "@emporium/contracts/emporium/orders/v1/carts_pb";
import { ServiceLevel, type ShippingQuote } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { AppError, type Money } from "@emporium/platform";
import type { CallerCalls } from "../../composition/clients";
import { mask } from "../../composition/loaders";
import { money } from "../../composition/product-views";
import { callsAs, type MobileContext } from "../context";

type ServiceLevelName = "STANDARD" | "EXPRESS";

/**
 * The checkout screen's parts, each read at most once and only when a selected field needs it:
 * the cart (orders), the addresses (customers), then the quote (shipping) from both.
 */
class Checkout {
  private cartRead?: Promise<Cart | null>;
  private addressesRead?: Promise<Address[]>;
  private quoteRead?: Promise<ShippingQuote | null>;

  constructor(
    private readonly calls: CallerCalls,
    private readonly addressId: string | undefined,
    private readonly serviceLevel: ServiceLevelName,
  ) {}

  cart(): Promise<Cart | null> {
    const readMask = mask("version", "item_count", "subtotal", "lines");
    this.cartRead ??= this.calls.carts
      .getCart({ readMask })
      .then((r) => (r.cart && r.cart.lines.length > 0 ? r.cart : null));
    return this.cartRead;
  }

  addresses(): Promise<Address[]> {
    this.addressesRead ??= this.calls.customers
      .getMyProfile({ readMask: mask("addresses") })
      .then((r) => r.customer?.addresses ?? []);
    return this.addressesRead;
  }

  async address(): Promise<Address | null> {
    const addresses = await this.addresses();
    if (!this.addressId) return addresses[0] ?? null;
    const chosen = addresses.find((a) => a.id === this.addressId);
    if (!chosen)
      throw new AppError("NOT_FOUND", `address ${JSON.stringify(this.addressId)} is not one of yours`, [
        { field: "addressId", ruleId: "address.exists", message: "must be one of your addresses" },
      ]);
    return chosen;
  }

  quote(): Promise<ShippingQuote | null> {
    this.quoteRead ??= Promise.all([this.cart(), this.address()]).then(async ([cart, address]) => {
      if (!cart || !address) return null;
      const res = await this.calls.shipping.quoteShipping({
        destination: { countryCode: address.countryCode, postalCode: address.postalCode },
        lines: cart.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
        serviceLevel: ServiceLevel[this.serviceLevel],
      });
      return res.quote ?? null;
    });
    return this.quoteRead;
  }
}

const oneLine = (a: Address) =>
  [a.recipient, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.countryCode].filter(Boolean).join(", ");

export const checkoutScreenResolvers = {
  Query: {
    checkoutScreen(
      _: unknown,
      args: { addressId?: string | null; serviceLevel: ServiceLevelName },
      ctx: MobileContext,
    ) {
      // Checking out is for customers (orders places orders for them only).
      return new Checkout(callsAs(ctx, "customer"), args.addressId ?? undefined, args.serviceLevel);
    },
  },
  CheckoutScreen: {
    cart: (c: Checkout) => c.cart(),
    addresses: (c: Checkout) => c.addresses(),
    addressId: async (c: Checkout) => (await c.address())?.id ?? null,
    quote: (c: Checkout) => c.quote(),
    async total(c: Checkout): Promise<Money | null> {
      const [cart, quote] = await Promise.all([c.cart(), c.quote()]);
      const subtotal = money(cart?.subtotal);
      const shipping = money(quote?.price);
      if (!subtotal || !shipping) return null;
      return { currency: subtotal.currency, amountMinor: subtotal.amountMinor + shipping.amountMinor };
    },
  },
  AddressOption: {
    label: (a: Address) => oneLine(a),
  },
  ShippingOption: {
    quoteId: (q: ShippingQuote) => q.id,
    serviceLevel: (q: ShippingQuote) => ServiceLevel[q.serviceLevel],
    price: (q: ShippingQuote) => money(q.price),
    expiresAt: (q: ShippingQuote) => (q.expireTime ? timestampDate(q.expireTime) : null),
  },
};
