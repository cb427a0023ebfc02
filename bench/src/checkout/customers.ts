import { randomBytes } from "node:crypto";
import { MY_ADDRESSES } from "../bench-operations";
import { connectCall, gql, keycloakAdmin, userToken, type BenchStack } from "./stack";
import { percentile, round } from "./stats";

/**
 * The customers and the stock a benchmark that places orders needs, on the platform `npm start`
 * runs (the checkout and live benchmarks share them).
 */

/** Two SKUs of one seeded product (catalog and inventory seed them under `npm start`). */
export const SKUS = ["0192f000-0000-7000-8000-000000000002", "0192f000-0000-7000-8000-000000000012"];
const SKU_PRODUCT = "0192f000-0000-7000-8000-000000000001";
const WAREHOUSE = "wh-lyon";
/** The checkout is over: a confirmed order may already be on its way (SHIPPED, DELIVERED) when seen. */
export const SETTLED: ReadonlySet<string> = new Set(["CONFIRMED", "SHIPPED", "DELIVERED", "CANCELLED", "FAILED"]);

export interface Customer {
  username: string;
  password: string;
  token: string;
  address: { id: string; countryCode: string; postalCode: string };
  /** In the middle of a checkout (one cart each). */
  busy: boolean;
}

/** `count` customers in Keycloak (bench-customer-1…), each signed in and with an address in customers. */
export async function prepareCustomers(
  stack: BenchStack,
  count: number,
  log: (line: string) => void,
): Promise<Customer[]> {
  log(`==> ${count} customers in Keycloak (bench-customer-1…), each with an address`);
  const admin = await keycloakAdmin(stack.keycloakUrl, stack.keycloakAdminPassword);
  const customers: Customer[] = [];
  for (let i = 1; i <= count; i++) {
    const username = `bench-customer-${i}`;
    // A fresh password every run: nothing to store, and no fixed password on a reachable account.
    const password = randomBytes(18).toString("base64url");
    await admin.ensureCustomer(username, password);
    const token = await userToken(stack.keycloakUrl, username, password);
    type Me = { me: { addresses: Customer["address"][] } };
    const read = () => gql<Me>(stack.gatewayUrl, token, MY_ADDRESSES);
    let { addresses } = (await read()).me;
    if (addresses.length === 0) {
      await connectCall(stack.serviceUrls.customers!, "emporium.customers.v1.CustomersService/AddMyAddress", token, {
        address: {
          recipient: `Bench ${i}`,
          line1: `Benchstraße ${i}`,
          postalCode: "10115",
          city: "Berlin",
          countryCode: "DE",
        },
      });
      ({ addresses } = (await read()).me);
    }
    customers.push({ username, password, token, address: addresses[0]!, busy: false });
  }
  return customers;
}

/** Fresh tokens for everyone (they live 5 minutes), timed: Keycloak's cost, kept out of the measurement. */
export async function refreshTokens(stack: BenchStack, customers: Customer[]) {
  const samples: number[] = [];
  const started = performance.now();
  for (const c of customers) {
    const t = performance.now();
    c.token = await userToken(stack.keycloakUrl, c.username, c.password);
    samples.push(performance.now() - t);
  }
  return {
    tokens: samples.length,
    totalMs: round(performance.now() - started),
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
  };
}

/** Enough stock of both SKUs for `units` orders, as an admin would deliver it (AdjustStock). */
export async function restock(stack: BenchStack, units: number) {
  const admin = await userToken(stack.keycloakUrl, "ada", "dev-only-ada-password");
  for (const skuId of SKUS)
    await connectCall(stack.serviceUrls.inventory!, "emporium.inventory.v1.InventoryService/AdjustStock", admin, {
      skuId,
      warehouseId: WAREHOUSE,
      delta: String(units),
      reason: "benchmark delivery",
      productId: SKU_PRODUCT,
    });
}

/**
 * Round robin over the customers not in the middle of a checkout: marks the one it returns busy;
 * undefined when every customer is busy.
 */
export function nextFreeCustomer(customers: Customer[], cursor: { next: number }): Customer | undefined {
  for (let tried = 0; tried < customers.length; tried++) {
    const customer = customers[cursor.next++ % customers.length]!;
    if (customer.busy) continue;
    customer.busy = true;
    return customer;
  }
  return undefined;
}
