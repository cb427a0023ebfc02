import { allocate } from "./stock";

describe("allocate", () => {
  const stock = [
    { warehouseId: "berlin", onHand: 5n, reserved: 3n },
    { warehouseId: "lyon", onHand: 10n, reserved: 0n },
    { warehouseId: "porto", onHand: 4n, reserved: 0n },
  ];

  it("takes from the fullest warehouse first", () => {
    expect(allocate(stock, 8n)).toEqual([{ warehouseId: "lyon", quantity: 8n }]);
  });

  it("spreads over warehouses when one is not enough, never taking reserved stock", () => {
    expect(allocate(stock, 15n)).toEqual([
      { warehouseId: "lyon", quantity: 10n },
      { warehouseId: "porto", quantity: 4n },
      { warehouseId: "berlin", quantity: 1n },
    ]);
  });

  it("refuses when everything together is short", () => {
    expect(allocate(stock, 17n)).toBeUndefined();
    expect(allocate([], 1n)).toBeUndefined();
  });
});
