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
      const { customer } = await answerOf(ctx.asCaller().customers.addMyAddress({ address: address(input) }), {
        ...inputFields("address", ""),
      });
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

/** `address.postal_code` → `postalCode`: addAddress takes the address itself as its input. */
function inputFields(from: string, to: string): Record<string, string> {
  const fields = ["recipient", "line1", "line2", "postal_code", "city", "country_code"];
  const camel = (f: string) => f.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  return Object.fromEntries(fields.map((f) => [`${from}.${f}`, to ? `${to}.${camel(f)}` : camel(f)]));
}
