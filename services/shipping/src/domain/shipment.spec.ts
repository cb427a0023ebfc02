import {
  cancellable,
  canSeeShipment,
  carrierStep,
  carrierRefusal,
  nextStatus,
  shipmentOfOrder,
  underWay,
  type Shipment,
  type ShipmentStatus,
} from "./shipment";

describe("shipment rules", () => {
  it("the carrier's route is label created, in transit, delivered, and no further", () => {
    const route: Array<ShipmentStatus | undefined> = ["LABEL_CREATED"];
    while (route.at(-1)) route.push(nextStatus(route.at(-1)!));
    expect(route).toEqual(["LABEL_CREATED", "IN_TRANSIT", "DELIVERED", undefined]);
    expect(nextStatus("CANCELLED")).toBeUndefined();
    expect(nextStatus("FAILED")).toBeUndefined();
  });

  it("a carrier step moves one status on and schedules the next one step after this one was due", () => {
    const due = new Date("2026-06-01T10:01:00Z");
    const labelled = { status: "LABEL_CREATED", version: 1n, nextStepTime: due } as Shipment;
    const late = new Date("2026-06-01T10:05:00Z");
    const inTransit = carrierStep(labelled, 60_000, late)!;
    expect(inTransit).toMatchObject({ status: "IN_TRANSIT", version: 2n, updateTime: late });
    expect(inTransit.nextStepTime).toEqual(new Date("2026-06-01T10:02:00Z"));
    const delivered = carrierStep(inTransit, 60_000, late)!;
    expect(delivered).toMatchObject({ status: "DELIVERED", version: 3n, nextStepTime: undefined });
    expect(carrierStep(delivered, 60_000, late)).toBeUndefined();
  });

  it("only a shipment whose label is created can be cancelled; failed and cancelled ones are not under way", () => {
    const all: ShipmentStatus[] = ["LABEL_CREATED", "IN_TRANSIT", "DELIVERED", "CANCELLED", "FAILED"];
    expect(all.filter(cancellable)).toEqual(["LABEL_CREATED"]);
    expect(all.filter(underWay)).toEqual(["LABEL_CREATED", "IN_TRANSIT", "DELIVERED"]);
  });

  it("the order's shipment the saga acts on is the one under way, else the latest", () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute));
    const shipment = (id: string, status: ShipmentStatus, minute: number) =>
      ({ id, status, createTime: at(minute) }) as Shipment;
    expect(shipmentOfOrder([])).toBeUndefined();
    const failed = shipment("s-1", "FAILED", 0);
    const cancelled = shipment("s-2", "CANCELLED", 1);
    const labelled = shipment("s-3", "LABEL_CREATED", 2);
    expect(shipmentOfOrder([cancelled, labelled, failed])?.id).toBe("s-3");
    expect(shipmentOfOrder([failed, cancelled])?.id).toBe("s-2");
    expect(shipmentOfOrder([{ ...labelled, createTime: at(0) }, shipment("s-4", "FAILED", 5)])?.id).toBe("s-3");
  });

  it("the carrier refuses postal code 00000 only", () => {
    expect(carrierRefusal({ postalCode: "00000" })).toMatch(/00000/);
    expect(carrierRefusal({ postalCode: "10115" })).toBeUndefined();
  });

  it("the order's customer and admins see a shipment; another customer does not", () => {
    const shipment = { customerId: "alice" };
    expect(canSeeShipment(shipment, { subject: "alice", roles: ["customer"] })).toBe(true);
    expect(canSeeShipment(shipment, { subject: "ada", roles: ["admin"] })).toBe(true);
    expect(canSeeShipment(shipment, { subject: "bob", roles: ["customer"] })).toBe(false);
  });
});
