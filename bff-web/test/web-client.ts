import { eventually, type RunningPlatform } from "@emporium/testing";

export interface GraphqlAnswer<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** One request to bff-web's /graphql, as the web client sends it (a bearer token when signed in). */
export async function webQuery<T = Record<string, unknown>>(
  bffWebUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlAnswer<T>> {
  const res = await fetch(`${bffWebUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphqlAnswer<T>, "status">;
  return { status: res.status, ...body };
}

/** webQuery that expects no error and returns the data. */
export async function webData<T = Record<string, unknown>>(
  bffWebUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const answer = await webQuery<T>(bffWebUrl, query, variables, token);
  expect(answer.errors).toBeUndefined();
  return answer.data!;
}

/**
 * How often each RPC was served, per service (`CatalogService/ListProducts`), read from every
 * service's /metrics (rpc_server_duration_seconds_count, all answer codes together).
 */
export async function rpcCounts(platform: RunningPlatform): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const pattern = /^rpc_server_duration_seconds_count\{([^}]*)\} (\d+)/gm;
  const texts = await Promise.all(
    Object.values(platform.services).map(async (s) => (await fetch(`${s.httpUrl}/metrics`)).text()),
  );
  for (const text of texts)
    for (const [, labels, value] of text.matchAll(pattern)) {
      const method = /method="([^"]+)"/.exec(labels!)?.[1];
      if (!method || method.startsWith("grpc.")) continue;
      const name = method.split(".").at(-1)!;
      counts.set(name, (counts.get(name) ?? 0) + Number(value));
    }
  return counts;
}

/** The RPCs the services served while `work` ran, by name, with how often: only those served. */
export async function callsDuring(platform: RunningPlatform, work: () => Promise<unknown>) {
  const before = await rpcCounts(platform);
  await work();
  const after = await rpcCounts(platform);
  const served: Record<string, number> = {};
  for (const [name, count] of after)
    if (count > (before.get(name) ?? 0)) served[name] = count - (before.get(name) ?? 0);
  return served;
}

export interface PlacedOrder {
  id: string;
  /** The placeOrder input it was placed with (sent again, it returns the same order). */
  input: Record<string, unknown>;
}

/** Through bff-web, as the customer: these SKUs (one each) in the cart, quoted to their first address, ordered. */
export async function placeOrder(bffWebUrl: string, token: string, skuIds: string[]): Promise<PlacedOrder> {
  for (const s of skuIds)
    await webData(
      bffWebUrl,
      `mutation ($s: ID!) { addCartLine(input: { skuId: $s, quantity: 1 }) { cartToken } }`,
      { s },
      token,
    );
  const { me } = await webData<{ me: { addresses: Array<{ id: string }> } }>(
    bffWebUrl,
    `{ me { addresses { id } } }`,
    {},
    token,
  );
  const shippingAddressId = me.addresses[0]!.id;
  const { quoteCheckout: q } = await webData<{
    quoteCheckout: { shippingQuoteId: string; cartVersion: string; total: { amount: string; currency: string } };
  }>(
    bffWebUrl,
    `mutation ($a: ID!) { quoteCheckout(input: { shippingAddressId: $a }) { shippingQuoteId cartVersion total { amount currency } } }`,
    { a: shippingAddressId },
    token,
  );
  const input = {
    idempotencyKey: `web-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    cartVersion: q.cartVersion,
    expectedTotal: q.total,
    shippingAddressId,
    shippingQuoteId: q.shippingQuoteId,
    paymentMethodToken: "tok_approve",
  };
  const placed = await webData<{ placeOrder: { id: string } }>(
    bffWebUrl,
    `mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }`,
    { i: input },
    token,
  );
  return { id: placed.placeOrder.id, input };
}

/**
 * Asks `query` again until it answers without errors and `done(data)` holds: a state that settles
 * (the saga, a notification); an answer with an error (a service briefly slow) is asked again.
 */
export async function eventuallyData<T>(
  bffWebUrl: string,
  query: string,
  token: string | undefined,
  done: (data: T) => boolean,
): Promise<T> {
  const answer = await eventually(
    () => webQuery<T>(bffWebUrl, query, {}, token),
    (a) => !a.errors && a.data != null && done(a.data),
  );
  return answer.data!;
}

/** What catalog's reads loaded so far, by part (`catalog_loads_total{part}`: skus, images, facets). */
export async function catalogLoads(platform: RunningPlatform): Promise<Record<string, number>> {
  const text = await (await fetch(`${platform.services.catalog.httpUrl}/metrics`)).text();
  const loads: Record<string, number> = {};
  for (const [, part, value] of text.matchAll(/^catalog_loads_total\{[^}]*part="(\w+)"[^}]*\} (\d+)/gm))
    loads[part!] = Number(value);
  return loads;
}
