import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { subscribeInOrder, subscribeLatest, type LiveClient, type SubscriptionHandlers } from "../src";

/** A LiveClient stand-in that hands the test the handlers and the variables of each (re)subscription. */
function fakeLive() {
  const subscriptions: Array<{ variables: () => Record<string, unknown>; handlers: SubscriptionHandlers<unknown> }> =
    [];
  const live: Pick<LiveClient, "subscribe"> = {
    subscribe: (_document, variables, handlers) => {
      subscriptions.push({ variables, handlers: handlers as SubscriptionHandlers<unknown> });
      return () => undefined;
    },
  };
  return { live, last: () => subscriptions.at(-1)! };
}

type Order = { orderStatusChanged: { sequence: number; status: string } };
type Stock = { productAvailabilityChanged: { skuId: string; available: number; version: number } };
const ORDER = {} as TypedDocumentNode<Order, { orderId: string; after?: number | null }>;
const STOCK = {} as TypedDocumentNode<Stock, { productIds: string[] }>;

describe("ordered subscriptions", () => {
  it("subscribeInOrder asks for what follows the last sequence it delivered and drops repeats and regressions", () => {
    const { live, last } = fakeLive();
    const seen: number[] = [];
    subscribeInOrder(
      live,
      ORDER,
      { orderId: "o-1" },
      {
        after: 1,
        sequenceOf: (d) => d.orderStatusChanged.sequence,
        next: (d) => seen.push(d.orderStatusChanged.sequence),
      },
    );
    expect(last().variables()).toEqual({ orderId: "o-1", after: 1 });
    for (const sequence of [1, 2, 3, 2, 3, 5]) last().handlers.next({ orderStatusChanged: { sequence, status: "X" } });
    expect(seen).toEqual([2, 3, 5]);
    // A re-subscription (the SDK calls variables() again) resumes after the last one delivered.
    expect(last().variables()).toEqual({ orderId: "o-1", after: 5 });
  });

  it("subscribeLatest delivers per key only versions above the last one delivered", () => {
    const { live, last } = fakeLive();
    const seen: string[] = [];
    subscribeLatest(
      live,
      STOCK,
      { productIds: ["p-1"] },
      {
        keyOf: (d) => d.productAvailabilityChanged.skuId,
        versionOf: (d) => d.productAvailabilityChanged.version,
        next: (d) => seen.push(`${d.productAvailabilityChanged.skuId}@${d.productAvailabilityChanged.version}`),
      },
    );
    const send = (skuId: string, version: number) =>
      last().handlers.next({ productAvailabilityChanged: { skuId, available: 1, version } });
    send("a", 3);
    send("b", 1);
    send("a", 3); // a re-subscription's snapshot repeats what was delivered
    send("a", 2); // an older version arrives late
    send("a", 4);
    expect(seen).toEqual(["a@3", "b@1", "a@4"]);
  });
});
