import { Code } from "@connectrpc/connect";
import { ShippingService } from "@emporium/contracts/emporium/shipping/v1/shipping_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError, rpcJson } from "@emporium/testing";
import { ALICE, startShipping, type RunningShipping } from "./shipping-harness";

const SKILLET_20CM = "0192f000-0000-7000-8000-000000000002";
const BERLIN = { countryCode: "DE", postalCode: "10115" };

describe("shipping read masks (on the wire)", () => {
  let svc: RunningShipping;
  const orderId = `order-mask-${process.pid}`;
  let shipmentId: string;
  beforeAll(async () => {
    svc = await startShipping();
    const alice = svc.client(svc.tokens.alice);
    const { quote } = await alice.quoteShipping({ destination: BERLIN, lines: [{ skuId: SKILLET_20CM, quantity: 1 }] });
    const { shipment } = await svc.orders.createShipment({
      orderId,
      customerId: ALICE,
      quoteId: quote!.id,
      address: { recipientName: "Alice Example", line1: "Invalidenstraße 1", city: "Berlin", ...BERLIN },
      idempotencyKey: `ship-mask-${process.pid}`,
      correlationId: "saga-mask",
    });
    shipmentId = shipment!.id;
  }, 120_000);
  afterAll(() => svc?.stop());

  it("BatchGetShipmentsByOrder sends only the selected fields of each shipment", async () => {
    const { status, body } = await rpcJson(
      svc.httpUrl,
      ShippingService.method.batchGetShipmentsByOrder,
      { orderIds: [orderId], readMask: { paths: ["id", "status", "address.city"] } },
      svc.tokens.orders,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      shipments: [{ id: shipmentId, status: "SHIPMENT_STATUS_LABEL_CREATED", address: { city: "Berlin" } }],
    });
  });

  it("refuses an unknown path with INVALID_ARGUMENT naming it", async () => {
    const err = await rpcError(
      svc.orders.batchGetShipmentsByOrder({ orderIds: [orderId], readMask: { paths: ["tracking_url"] } }),
    );
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toContain('unknown field path "tracking_url"');
    expect(violationsOf(err)).toEqual([expect.objectContaining({ field: "read_mask", ruleId: "read_mask.paths" })]);
  });
});
