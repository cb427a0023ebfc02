import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import {
  ShipmentCancelledSchema,
  ShipmentCreatedSchema,
  ShipmentFailedSchema,
  ShipmentStatusChangedSchema,
} from "@emporium/contracts/emporium/shipping/v1/events_pb";
import { ServiceLevel, ShipmentStatus } from "@emporium/contracts/emporium/shipping/v1/shipping_pb";
import { violationsOf } from "@emporium/platform";
import {
  lastSeq,
  payloadAs,
  recordedEvents,
  recordedSince,
  rpcError,
  withBearer,
  type RecordedEvent,
} from "@emporium/testing";
import { ALICE, CARRIER_STEP_MS, startShipping, type RunningShipping } from "./shipping-harness";

/** Seeded catalog SKUs (services/catalog/src/db/seed-data.ts), with their packed weight and size. */
const SKILLET_20CM = "0192f000-0000-7000-8000-000000000002"; // 2600 g, 480×290×70 mm: charged 2600 g
const TENT_GREEN = "0192f000-0000-7000-8000-000000007d02"; // 2300 g, 500×180×180 mm: charged 3240 g by size
const BERLIN = { countryCode: "DE", postalCode: "10115" };
const SCHEMAS = [ShipmentCreatedSchema, ShipmentFailedSchema, ShipmentStatusChangedSchema, ShipmentCancelledSchema];
const T = "emporium.shipping.v1.";

describe("shipping over Connect/gRPC", () => {
  let svc: RunningShipping;
  let n = 0;
  beforeAll(async () => {
    svc = await startShipping();
  }, 120_000);
  afterAll(() => svc?.stop());

  const alice = () => svc.client(svc.tokens.alice);
  const count = async (table: "quotes" | "shipments") =>
    (await svc.app.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  const events = () => recordedEvents(svc.app.pool, SCHEMAS);
  async function eventsOf(command: () => Promise<unknown>): Promise<RecordedEvent[]> {
    const since = lastSeq(await events());
    await command();
    return recordedSince(await events(), since);
  }
  const quoteTo = async (destination = BERLIN) =>
    (await alice().quoteShipping({ destination, lines: [{ skuId: SKILLET_20CM, quantity: 1 }] })).quote!;
  const address = (destination = BERLIN) => ({
    recipientName: "Alice Example",
    line1: "Invalidenstraße 1",
    city: "Berlin",
    ...destination,
  });
  const shipRequest = (quoteId: string, destination = BERLIN) => ({
    orderId: `order-${++n}`,
    customerId: ALICE,
    quoteId,
    address: address(destination),
    idempotencyKey: `ship-${n}`,
    correlationId: `saga-${n}`,
  });

  describe("QuoteShipping", () => {
    it("prices the parcel from the catalog's weights and sizes, by zone and started kilogram, and stores the quote", async () => {
      const lines = [
        { skuId: SKILLET_20CM, quantity: 2 },
        { skuId: TENT_GREEN, quantity: 1 },
      ];
      // 2 × 2600 g + 3240 g (the tent is charged by size) = 8440 g: 9 started kilograms.
      const { quote } = await alice().quoteShipping({ destination: BERLIN, lines });
      expect(quote).toMatchObject({
        destination: BERLIN,
        serviceLevel: ServiceLevel.STANDARD,
        weightGrams: 8440n,
        price: { currencyCode: "EUR", amountMinor: 490n + 9n * 100n },
      });
      const created = svc.clock.now().getTime();
      expect(Number(quote!.createTime!.seconds) * 1000).toBe(created);
      expect(Number(quote!.expireTime!.seconds) * 1000).toBe(created + 30 * 60_000);
      const { rows } = await svc.app.pool.query("SELECT requested_by, price_minor::int FROM quotes WHERE id = $1", [
        quote!.id,
      ]);
      expect(rows).toEqual([{ requested_by: ALICE, price_minor: 1390 }]);

      const price = async (destination: typeof BERLIN, serviceLevel = ServiceLevel.STANDARD) =>
        (await alice().quoteShipping({ destination, lines, serviceLevel })).quote!.price!.amountMinor;
      expect(await price(BERLIN, ServiceLevel.EXPRESS)).toBe(2780n);
      expect(await price({ countryCode: "FR", postalCode: "75001" })).toBe(990n + 9n * 250n);
      expect(await price({ countryCode: "US", postalCode: "10001" })).toBe(1990n + 9n * 600n);
    });

    it("refuses invalid input with every violation, and SKUs the catalog does not know, storing nothing", async () => {
      const before = await count("quotes");
      const invalid = await rpcError(
        alice().quoteShipping({
          destination: { countryCode: "de", postalCode: "" },
          lines: [{ skuId: SKILLET_20CM, quantity: 0 }],
        }),
      );
      expect(invalid.code).toBe(Code.InvalidArgument);
      expect(violationsOf(invalid).map((v) => [v.field, v.ruleId])).toEqual(
        expect.arrayContaining([
          ["destination.country_code", "string.pattern"],
          ["destination.postal_code", "string.pattern"],
          ["lines[0].quantity", "int32.gt_lte"],
        ]),
      );
      const empty = await rpcError(alice().quoteShipping({ lines: [] }));
      expect(violationsOf(empty).map((v) => [v.field, v.ruleId])).toEqual(
        expect.arrayContaining([
          ["destination", "required"],
          ["lines", "repeated.min_items"],
        ]),
      );
      const unknown = await rpcError(
        alice().quoteShipping({
          destination: BERLIN,
          lines: [
            { skuId: SKILLET_20CM, quantity: 1 },
            { skuId: "no-such-sku", quantity: 1 },
          ],
        }),
      );
      expect(unknown.code).toBe(Code.InvalidArgument);
      expect(violationsOf(unknown)).toEqual([
        { field: "lines[1].sku_id", ruleId: "sku.exists", message: "no SKU no-such-sku" },
      ]);
      expect(await count("quotes")).toBe(before);
    });

    it("refuses a SKU the catalog has no weight for with FAILED_PRECONDITION naming it", async () => {
      const catalog = createClient(
        CatalogService,
        createGrpcTransport({
          baseUrl: svc.catalogRpcUrl,
          interceptors: withBearer(svc.tokens.admin),
        }),
      );
      const { product } = await catalog.createProduct({
        name: "Unweighed",
        categoryId: "cat-office",
        skus: [{ code: "UNWEIGHED-1", name: "Unweighed", price: { currencyCode: "EUR", amountMinor: 100n } }],
      });
      const skuId = product!.skus[0]!.id;
      const err = await rpcError(alice().quoteShipping({ destination: BERLIN, lines: [{ skuId, quantity: 1 }] }));
      expect(err.code).toBe(Code.FailedPrecondition);
      expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "lines[0].sku_id", ruleId: "sku.weighed" })]);
      expect(err.rawMessage).toContain(skuId);
    });
  });

  describe("GetShippingQuote", () => {
    it("gives orders a stored quote, expired or not, with who asked for it", async () => {
      const quote = await quoteTo();
      svc.clock.advance(31 * 60_000);
      const got = await svc.orders.getShippingQuote({ quoteId: quote.id });
      expect(got).toMatchObject({ quote, requestedBy: ALICE });
    });

    it("is NOT_FOUND for an unknown id and refuses a blank one with a violation", async () => {
      const unknown = await rpcError(svc.orders.getShippingQuote({ quoteId: "no-such-quote" }));
      expect([unknown.code, unknown.rawMessage]).toEqual([Code.NotFound, "no shipping quote no-such-quote"]);
      const blank = await rpcError(svc.orders.getShippingQuote({ quoteId: "" }));
      expect(blank.code).toBe(Code.InvalidArgument);
      expect(violationsOf(blank)).toEqual([expect.objectContaining({ field: "quote_id", ruleId: "string.min_len" })]);
    });
  });

  describe("CreateShipment", () => {
    it("ships an order under a quote: label created, at the quote's price, ShipmentCreated with order and correlation ids", async () => {
      const quote = await quoteTo();
      const request = shipRequest(quote.id);
      let shipmentId = "";
      const recorded = await eventsOf(async () => {
        const { shipment } = await svc.orders.createShipment(request);
        expect(shipment).toMatchObject({
          orderId: request.orderId,
          customerId: ALICE,
          quoteId: quote.id,
          status: ShipmentStatus.LABEL_CREATED,
          price: quote.price,
          weightGrams: quote.weightGrams,
          failureReason: "",
          version: 1n,
        });
        shipmentId = shipment!.id;
      });
      expect(recorded.map((e) => [e.eventType, e.aggregateId, e.aggregateVersion, e.source])).toEqual([
        [`${T}ShipmentCreated`, shipmentId, 1n, "/emporium/shipping"],
      ]);
      expect(payloadAs(recorded[0]!, ShipmentCreatedSchema)).toMatchObject({
        shipmentId,
        orderId: request.orderId,
        correlationId: request.correlationId,
        quoteId: quote.id,
      });
      const { shipments } = await svc.orders.batchGetShipmentsByOrder({ orderIds: [request.orderId, "no-order"] });
      expect(shipments.map((s) => s.id)).toEqual([shipmentId]);
    });

    it("repeated with the same key (also concurrently) makes one shipment and one event; the key for another request is refused", async () => {
      const request = shipRequest((await quoteTo()).id);
      const before = await count("shipments");
      const recorded = await eventsOf(async () => {
        const results = await Promise.all(Array.from({ length: 5 }, () => svc.orders.createShipment(request)));
        expect(new Set(results.map((r) => r.shipment!.id)).size).toBe(1);
      });
      expect(recorded.map((e) => e.eventType)).toEqual([`${T}ShipmentCreated`]);
      expect(await count("shipments")).toBe(before + 1);
      const reused = await rpcError(svc.orders.createShipment({ ...request, correlationId: "another" }));
      expect(reused.code).toBe(Code.FailedPrecondition);
      expect(await count("shipments")).toBe(before + 1);
    });

    it("postal code 00000: the carrier refuses, the shipment is recorded FAILED and ShipmentFailed is published", async () => {
      const nowhere = { countryCode: "DE", postalCode: "00000" };
      const request = shipRequest((await quoteTo(nowhere)).id, nowhere);
      const recorded = await eventsOf(async () => {
        const { shipment } = await svc.orders.createShipment(request);
        expect(shipment).toMatchObject({
          status: ShipmentStatus.FAILED,
          failureReason: "the carrier does not deliver to postal code 00000",
        });
      });
      expect(recorded.map((e) => e.eventType)).toEqual([`${T}ShipmentFailed`]);
      expect(payloadAs(recorded[0]!, ShipmentFailedSchema)).toMatchObject({
        orderId: request.orderId,
        correlationId: request.correlationId,
        reason: "the carrier does not deliver to postal code 00000",
      });
      // A failed shipment never moves.
      svc.clock.advance(10 * CARRIER_STEP_MS);
      await svc.carrierRound();
      const { shipments } = await svc.orders.batchGetShipmentsByOrder({ orderIds: [request.orderId] });
      expect(shipments.map((s) => s.status)).toEqual([ShipmentStatus.FAILED]);
    });

    it("refuses an expired quote, a used quote, another destination and a second shipment under way, writing nothing", async () => {
      const expiring = await quoteTo();
      const used = await quoteTo();
      const first = shipRequest(used.id);
      await svc.orders.createShipment(first);
      const fresh = await quoteTo();
      const before = [await count("shipments"), lastSeq(await events())];

      const refusals = [
        [Code.FailedPrecondition, { ...shipRequest(used.id) }],
        [Code.FailedPrecondition, { ...shipRequest(fresh.id), orderId: first.orderId }],
        [Code.InvalidArgument, shipRequest(fresh.id, { countryCode: "DE", postalCode: "80331" })],
        [Code.NotFound, shipRequest("no-such-quote")],
      ] as const;
      for (const [code, request] of refusals)
        expect((await rpcError(svc.orders.createShipment(request))).code).toBe(code);
      const elsewhere = await rpcError(
        svc.orders.createShipment(shipRequest(fresh.id, { countryCode: "AT", postalCode: "1010" })),
      );
      expect(violationsOf(elsewhere).map((v) => [v.field, v.ruleId])).toEqual([
        ["address.country_code", "address.matches_quote"],
        ["address.postal_code", "address.matches_quote"],
      ]);

      svc.clock.advance(30 * 60_000);
      const expired = await rpcError(svc.orders.createShipment(shipRequest(expiring.id)));
      expect(expired.code).toBe(Code.FailedPrecondition);
      expect(expired.rawMessage).toMatch(/expired .*get a new quote/);
      expect([await count("shipments"), lastSeq(await events())]).toEqual(before);
    });

    it("refuses invalid input with InvalidArgument and every violation, writing nothing", async () => {
      const before = await count("shipments");
      const err = await rpcError(
        svc.orders.createShipment({ orderId: "", customerId: ALICE, quoteId: "q", idempotencyKey: "" }),
      );
      expect(err.code).toBe(Code.InvalidArgument);
      expect(violationsOf(err).map((v) => [v.field, v.ruleId])).toEqual(
        expect.arrayContaining([
          ["order_id", "string.min_len"],
          ["address", "required"],
          ["idempotency_key", "string.min_len"],
        ]),
      );
      const badAddress = await rpcError(
        svc.orders.createShipment({
          ...shipRequest("q"),
          address: { ...address(), recipientName: "", postalCode: "!" },
        }),
      );
      expect(violationsOf(badAddress).map((v) => v.field)).toEqual(
        expect.arrayContaining(["address.recipient_name", "address.postal_code"]),
      );
      expect(await count("shipments")).toBe(before);
    });
  });

  describe("CancelShipment", () => {
    it("cancels a shipment whose label is created, once: ShipmentCancelled carries the cancelling correlation id", async () => {
      const { shipment } = await svc.orders.createShipment(shipRequest((await quoteTo()).id));
      const recorded = await eventsOf(async () => {
        const { shipment: cancelled } = await svc.orders.cancelShipment({
          shipmentId: shipment!.id,
          correlationId: "compensate-1",
        });
        expect(cancelled).toMatchObject({ status: ShipmentStatus.CANCELLED, version: 2n });
        const again = await svc.orders.cancelShipment({ shipmentId: shipment!.id, correlationId: "compensate-2" });
        expect(again.shipment).toEqual(cancelled);
      });
      expect(recorded.map((e) => [e.eventType, e.aggregateVersion])).toEqual([[`${T}ShipmentCancelled`, 2n]]);
      expect(payloadAs(recorded[0]!, ShipmentCancelledSchema)).toMatchObject({
        orderId: shipment!.orderId,
        correlationId: "compensate-1",
      });
      // A cancelled shipment never moves, and the order may be shipped again under a new quote.
      svc.clock.advance(CARRIER_STEP_MS);
      await svc.carrierRound();
      expect((await svc.orders.batchGetShipmentsByOrder({ orderIds: [shipment!.orderId] })).shipments[0]!.status).toBe(
        ShipmentStatus.CANCELLED,
      );
      const reship = { ...shipRequest((await quoteTo()).id), orderId: shipment!.orderId };
      expect((await svc.orders.createShipment(reship)).shipment!.status).toBe(ShipmentStatus.LABEL_CREATED);
      const { shipments } = await svc.orders.batchGetShipmentsByOrder({ orderIds: [shipment!.orderId] });
      expect(shipments.map((s) => s.status)).toEqual([ShipmentStatus.LABEL_CREATED, ShipmentStatus.CANCELLED]);
    });

    it("refuses to cancel once the shipment is in transit, changing nothing", async () => {
      const { shipment } = await svc.orders.createShipment(shipRequest((await quoteTo()).id));
      svc.clock.advance(CARRIER_STEP_MS);
      await svc.carrierRound();
      const before = lastSeq(await events());
      const err = await rpcError(svc.orders.cancelShipment({ shipmentId: shipment!.id }));
      expect(err.code).toBe(Code.FailedPrecondition);
      expect(err.rawMessage).toBe(
        `shipment ${shipment!.id} is in transit: only a shipment whose label is created can be cancelled`,
      );
      const { shipments } = await svc.orders.batchGetShipmentsByOrder({ orderIds: [shipment!.orderId] });
      expect(shipments[0]).toMatchObject({ status: ShipmentStatus.IN_TRANSIT, version: 2n });
      expect(lastSeq(await events())).toBe(before);
      expect((await rpcError(svc.orders.cancelShipment({ shipmentId: "no-such-shipment" }))).code).toBe(Code.NotFound);
    });
  });

  it("BatchGetShipmentsByOrder and CancelShipment refuse invalid input with violations", async () => {
    const none = await rpcError(svc.orders.batchGetShipmentsByOrder({ orderIds: [] }));
    expect(violationsOf(none)).toEqual([expect.objectContaining({ field: "order_ids", ruleId: "repeated.min_items" })]);
    const many = await rpcError(
      svc.orders.batchGetShipmentsByOrder({ orderIds: Array.from({ length: 101 }, (_, i) => `o-${i}`) }),
    );
    expect(violationsOf(many)).toEqual([expect.objectContaining({ field: "order_ids", ruleId: "repeated.max_items" })]);
    const blank = await rpcError(svc.orders.cancelShipment({ shipmentId: "" }));
    expect(blank.code).toBe(Code.InvalidArgument);
    expect(violationsOf(blank)).toEqual([expect.objectContaining({ field: "shipment_id", ruleId: "string.min_len" })]);
  });
});

describe("shipping while the catalog is down", () => {
  let svc: RunningShipping;
  beforeAll(async () => {
    svc = await startShipping({}, { withoutCatalog: true });
  }, 120_000);
  afterAll(() => svc?.stop());

  it("a quote is UNAVAILABLE (retry later), not an internal error, and nothing is stored", async () => {
    const err = await rpcError(
      svc
        .client(svc.tokens.alice)
        .quoteShipping({ destination: BERLIN, lines: [{ skuId: SKILLET_20CM, quantity: 1 }] }),
    );
    expect(err.code).toBe(Code.Unavailable);
    expect(err.rawMessage).toBe("the catalog service cannot be reached right now; retry shortly");
    expect((await svc.app.pool.query("SELECT count(*)::int AS n FROM quotes")).rows[0].n).toBe(0);
  });
});
