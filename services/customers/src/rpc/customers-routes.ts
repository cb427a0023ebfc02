import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import { CustomerSchema } from "@emporium/contracts/emporium/customers/v1/customers_pb";
import {
  CustomersService,
  type AddressInput as AddressInputProto,
} from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import { principalKey, readMaskOf, type RpcAdapter } from "@emporium/platform";
import {
  addMyAddress,
  batchGetCustomers,
  getCustomer,
  getMyAddress,
  getMyProfile,
  removeMyAddress,
  updateMyAddress,
  updateMyProfile,
} from "../application/customers";
import type { CustomersDeps } from "../application/customers-deps";
import { customersAccess } from "./customers-access";
import type { AddressInput, Customer } from "../domain/customer";

const toProto = (c: Customer) =>
  create(CustomerSchema, {
    id: c.id,
    displayName: c.displayName,
    email: c.email,
    addresses: c.addresses,
    createTime: timestampFromDate(c.createTime),
  });
// `required` in the protos guarantees the address is there by the time this runs.
const address = (a: AddressInputProto | undefined): AddressInput => ({
  recipient: a!.recipient,
  line1: a!.line1,
  line2: a!.line2,
  postalCode: a!.postalCode,
  city: a!.city,
  countryCode: a!.countryCode,
});

export function customersRoutes(deps: CustomersDeps) {
  return (router: ConnectRouter) =>
    router.service(CustomersService, {
      async getMyProfile(req, ctx) {
        const mask = readMaskOf(CustomerSchema, req.readMask);
        return { customer: mask.apply(toProto(await getMyProfile(deps, ctx.values.get(principalKey), mask))) };
      },
      async updateMyProfile(req, ctx) {
        return {
          customer: toProto(
            await updateMyProfile(deps, ctx.values.get(principalKey), { displayName: req.displayName }),
          ),
        };
      },
      async addMyAddress(req, ctx) {
        return { customer: toProto(await addMyAddress(deps, ctx.values.get(principalKey), address(req.address))) };
      },
      async getMyAddress(req, ctx) {
        return { address: await getMyAddress(deps, ctx.values.get(principalKey), req.addressId) };
      },
      async updateMyAddress(req, ctx) {
        return {
          customer: toProto(
            await updateMyAddress(deps, ctx.values.get(principalKey), req.addressId, address(req.address)),
          ),
        };
      },
      async removeMyAddress(req, ctx) {
        return { customer: toProto(await removeMyAddress(deps, ctx.values.get(principalKey), req.addressId)) };
      },
      async getCustomer(req, ctx) {
        const mask = readMaskOf(CustomerSchema, req.readMask);
        return { customer: mask.apply(toProto(await getCustomer(deps, ctx.values.get(principalKey), req.id, mask))) };
      },
      async batchGetCustomers(req, ctx) {
        const mask = readMaskOf(CustomerSchema, req.readMask);
        const found = await batchGetCustomers(deps, ctx.values.get(principalKey), req.ids, mask);
        return { customers: found.customers.map((c) => mask.apply(toProto(c))), missingIds: found.missingIds };
      },
    });
}

/** The Connect surface the kit serves: the service, its routes and who may call each RPC. */
export const customersRpc: RpcAdapter<CustomersDeps> = {
  services: [CustomersService],
  routes: customersRoutes,
  access: customersAccess,
};
