import { cancellable, canSeeShipment, carrierRefusal, nextStatus, underWay, type ShipmentStatus } from "./shipment";

describe("shipment rules", () => {
  it("the carrier's route is label created, in transit, delivered, and no further", () => {
    const route: Array<ShipmentStatus | undefined> = ["LABEL_CREATED"];
    while (route.at(-1)) route.push(nextStatus(route.at(-1)!));
    expect(route).toEqual(["LABEL_CREATED", "IN_TRANSIT", "DELIVERED", undefined]);
    expect(nextStatus("CANCELLED")).toBeUndefined();
    expect(nextStatus("FAILED")).toBeUndefined();
  });

  it("only a shipment whose label is created can be cancelled; failed and cancelled ones are not under way", () => {
    const all: ShipmentStatus[] = ["LABEL_CREATED", "IN_TRANSIT", "DELIVERED", "CANCELLED", "FAILED"];
    expect(all.filter(cancellable)).toEqual(["LABEL_CREATED"]);
    expect(all.filter(underWay)).toEqual(["LABEL_CREATED", "IN_TRANSIT", "DELIVERED"]);
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
