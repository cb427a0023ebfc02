import { DateTimeScalar, moneyResolvers } from "@emporium/platform";
import { cartScreenResolvers } from "./cart-screen";
import { checkoutScreenResolvers } from "./checkout-screen";
import { homeScreenResolvers } from "./home-screen";
import { orderTrackingResolvers } from "./order-tracking-screen";
import { placeOrderResolvers } from "./place-order";
import { productScreenResolvers } from "./product-screen";

/** Every screen's resolvers, one file per screen; Query and Mutation gathered from them. */
export const mobileResolvers = {
  DateTime: DateTimeScalar,
  Money: {
    amount: moneyResolvers.amount,
    currency: moneyResolvers.currency,
    formatted: moneyResolvers.formatted,
  },
  Query: {
    ...homeScreenResolvers.Query,
    ...productScreenResolvers.Query,
    ...cartScreenResolvers.Query,
    ...checkoutScreenResolvers.Query,
    ...orderTrackingResolvers.Query,
  },
  Mutation: { ...cartScreenResolvers.Mutation, ...placeOrderResolvers.Mutation },
  HomeScreen: homeScreenResolvers.HomeScreen,
  Badges: homeScreenResolvers.Badges,
  ProductCard: homeScreenResolvers.ProductCard,
  ProductScreen: productScreenResolvers.ProductScreen,
  ProductOption: productScreenResolvers.ProductOption,
  ReviewLine: productScreenResolvers.ReviewLine,
  CartScreen: cartScreenResolvers.CartScreen,
  CartItem: cartScreenResolvers.CartItem,
  CheckoutScreen: checkoutScreenResolvers.CheckoutScreen,
  AddressOption: checkoutScreenResolvers.AddressOption,
  ShippingOption: checkoutScreenResolvers.ShippingOption,
  OrderTrackingScreen: orderTrackingResolvers.OrderTrackingScreen,
  TrackingLine: orderTrackingResolvers.TrackingLine,
};
