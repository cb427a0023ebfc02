import { CustomersService } from "@emporium/contracts/emporium/customers/v1/customers_service_pb";
import type { RpcAccess } from "@emporium/platform";

const rpc = (method: keyof typeof CustomersService.method) =>
  `${CustomersService.typeName}/${CustomersService.method[method].name}`;
const signedIn: RpcAccess = { roles: ["customer", "admin"] };

/**
 * "My" RPCs need a signed-in person; GetCustomer and BatchGetCustomers are open but show private
 * fields only to owner and admins.
 */
export const customersAccess: Record<string, RpcAccess> = {
  [rpc("getMyProfile")]: signedIn,
  [rpc("updateMyProfile")]: signedIn,
  [rpc("addMyAddress")]: signedIn,
  [rpc("getMyAddress")]: signedIn,
  [rpc("updateMyAddress")]: signedIn,
  [rpc("removeMyAddress")]: signedIn,
  [rpc("getCustomer")]: { public: true },
  [rpc("batchGetCustomers")]: { public: true },
};
