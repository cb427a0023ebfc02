import { ALL_FIELDS, AppError, notFound, requireRole, type FieldSelection, type Principal } from "@emporium/platform";
import { canSeePrivate, visibleTo, type AddressInput, type Customer } from "../domain/customer";
import type { CustomersDeps } from "./customers-deps";
import { registerCustomer } from "./register-customer";

/** The caller as a person: "my" operations never take a customer id from the request. */
function me(principal: Principal | undefined): Principal {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user") throw new AppError("PERMISSION_DENIED", "profiles belong to people, not services");
  return p;
}

/**
 * The caller's profile, created (and announced as CustomerRegistered) on their first use. Its
 * addresses are read only when the caller asked for them.
 */
export async function getMyProfile(
  deps: CustomersDeps,
  principal: Principal | undefined,
  fields: FieldSelection = ALL_FIELDS,
): Promise<Customer> {
  const p = me(principal);
  const options = { withAddresses: fields.has("addresses") };
  const [existing] = await deps.customers.byIds([p.subject], options);
  if (existing) return existing;
  await registerCustomer(deps, p);
  return (await deps.customers.byIds([p.subject], options))[0]!;
}

export async function updateMyProfile(
  deps: CustomersDeps,
  principal: Principal | undefined,
  changes: { displayName?: string },
): Promise<Customer> {
  const current = await getMyProfile(deps, principal);
  if (changes.displayName !== undefined) await deps.customers.setDisplayName(current.id, changes.displayName);
  return (await deps.customers.byIds([current.id]))[0]!;
}

export async function addMyAddress(
  deps: CustomersDeps,
  principal: Principal | undefined,
  address: AddressInput,
): Promise<Customer> {
  const current = await getMyProfile(deps, principal);
  if (current.addresses.length >= 20)
    throw new AppError("RESOURCE_EXHAUSTED", "a profile keeps at most 20 addresses; remove one first");
  await deps.customers.addAddress(current.id, deps.newId(), address, deps.clock());
  return (await deps.customers.byIds([current.id]))[0]!;
}

/** One of the caller's addresses; NOT_FOUND for any other id. A read: it creates no profile. */
export async function getMyAddress(deps: CustomersDeps, principal: Principal | undefined, addressId: string) {
  const [mine] = await deps.customers.byIds([me(principal).subject]);
  const found = mine?.addresses.find((a) => a.id === addressId);
  if (!found) throw notFound("address", addressId);
  return found;
}

export async function updateMyAddress(
  deps: CustomersDeps,
  principal: Principal | undefined,
  addressId: string,
  address: AddressInput,
): Promise<Customer> {
  const current = await getMyProfile(deps, principal);
  if (!(await deps.customers.updateAddress(current.id, addressId, address))) throw notFound("address", addressId);
  return (await deps.customers.byIds([current.id]))[0]!;
}

export async function removeMyAddress(
  deps: CustomersDeps,
  principal: Principal | undefined,
  addressId: string,
): Promise<Customer> {
  const current = await getMyProfile(deps, principal);
  if (!(await deps.customers.removeAddress(current.id, addressId))) throw notFound("address", addressId);
  return (await deps.customers.byIds([current.id]))[0]!;
}

/** Anyone may look a customer up; what they see depends on who they are. */
export async function getCustomer(
  deps: CustomersDeps,
  principal: Principal | undefined,
  id: string,
  fields: FieldSelection = ALL_FIELDS,
): Promise<Customer> {
  const withAddresses = fields.has("addresses") && canSeePrivate(id, principal);
  const [found] = await deps.customers.byIds([id], { withAddresses });
  if (!found) throw notFound("customer", id);
  return visibleTo(found, principal);
}

/**
 * Many customers in one query (the BFFs' review authors), each as getCustomer shows it to the
 * caller: in request order, each id once; unknown ids come back as `missingIds`.
 */
export async function batchGetCustomers(
  deps: CustomersDeps,
  principal: Principal | undefined,
  ids: readonly string[],
  fields: FieldSelection = ALL_FIELDS,
): Promise<{ customers: Customer[]; missingIds: string[] }> {
  const unique = [...new Set(ids)];
  const withAddresses = fields.has("addresses") && unique.some((id) => canSeePrivate(id, principal));
  const found = new Map((await deps.customers.byIds(unique, { withAddresses })).map((c) => [c.id, c]));
  return {
    customers: unique.flatMap((id) => {
      const customer = found.get(id);
      return customer ? [visibleTo(customer, principal)] : [];
    }),
    missingIds: unique.filter((id) => !found.has(id)),
  };
}
