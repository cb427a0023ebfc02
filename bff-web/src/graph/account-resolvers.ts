import type { GraphQLResolveInfo } from "graphql";
import { answerOf, selectionMask } from "@emporium/platform";
import { ACCOUNT_FIELDS, keyed } from "../composition/read-masks";
import type { WebContext } from "./web-context";

type AddressInput = {
  recipient: string;
  line1: string;
  line2?: string | null;
  postalCode: string;
  city: string;
  countryCode: string;
};

const address = (a: AddressInput) => ({ ...a, line2: a.line2 ?? "" });

const ADDRESS_AS_INPUT: Record<string, string> = {
  "address.recipient": "recipient",
  "address.line1": "line1",
  "address.line2": "line2",
  "address.postal_code": "postalCode",
  "address.city": "city",
  "address.country_code": "countryCode",
};

/** My account: the "My" RPCs of customers, always the token's own profile. */
export const accountResolvers = {
  Query: {
    async me(_: unknown, _args: unknown, ctx: WebContext, info: GraphQLResolveInfo) {
      const request = { readMask: keyed(selectionMask(info, ACCOUNT_FIELDS)) };
      const { customer } = await answerOf(ctx.asCaller().customers.getMyProfile(request));
      return customer;
    },
  },
  Mutation: {
    async updateProfile(_: unknown, { input }: { input: { displayName: string } }, ctx: WebContext) {
      const { customer } = await answerOf(ctx.asCaller().customers.updateMyProfile(input));
      return customer;
    },
    async addAddress(_: unknown, { input }: { input: AddressInput }, ctx: WebContext) {
      const request = { address: address(input) };
      // addAddress takes the address itself as its input: `address.postal_code` is `postalCode`.
      const { customer } = await answerOf(ctx.asCaller().customers.addMyAddress(request), ADDRESS_AS_INPUT);
      return customer;
    },
    async updateAddress(_: unknown, { input }: { input: { id: string; address: AddressInput } }, ctx: WebContext) {
      const request = { addressId: input.id, address: address(input.address) };
      const { customer } = await answerOf(ctx.asCaller().customers.updateMyAddress(request), {
        address_id: "id",
      });
      return customer;
    },
    async removeAddress(_: unknown, { input }: { input: { id: string } }, ctx: WebContext) {
      const { customer } = await answerOf(ctx.asCaller().customers.removeMyAddress({ addressId: input.id }), {
        address_id: "id",
      });
      return customer;
    },
  },
};
