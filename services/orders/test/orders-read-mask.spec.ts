import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CartService } from "@emporium/contracts/emporium/orders/v1/cart_service_pb";
import { OrdersService } from "@emporium/contracts/emporium/orders/v1/orders_service_pb";
import { violationsOf } from "@emporium/platform";
import { rpcError, rpcJson, withBearer } from "@emporium/testing";
import { ALICE, appendPlacedOrder, projected, startOrders, type RunningOrders } from "./orders-harness";

/** A table or column moved away for the length of `check`: a read that needs it fails meanwhile. */
async function without(svc: RunningOrders, move: [string, string], check: () => Promise<void>) {
  const [away, back] = move;
  await svc.app.pool.query(away);
  try {
    await check();
  } finally {
    await svc.app.pool.query(back);
  }
}

describe("orders and carts read masks (on the wire)", () => {
  let svc: RunningOrders;
  let orderId: string;
  const carts = (token: string) =>
    createClient(CartService, createGrpcTransport({ baseUrl: svc.rpcUrl, interceptors: withBearer(token) }));
  beforeAll(async () => {
    svc = await startOrders();
    const placed = await appendPlacedOrder(svc, ALICE);
    await projected(svc, placed.position);
    orderId = placed.orderId;
    await svc.app.pool.query(
      `INSERT INTO carts (id, customer_id, currency, version, create_time, update_time)
       VALUES ('cart-mask', $1, 'EUR', 2, now(), now())`,
      [ALICE],
    );
    await svc.app.pool.query(
      `INSERT INTO cart_lines (cart_id, sku_id, position, product_id, name, quantity, unit_price_minor)
       VALUES ('cart-mask', 'sku-mug-blue', 1, 'prod-mug', 'Mug', 2, 1250),
              ('cart-mask', 'sku-tee-m', 2, 'prod-tee', 'T-shirt', 1, 1999)`,
    );
  });
  afterAll(() => svc.stop());

  it("GetOrder sends only the selected fields, nested ones within each line", async () => {
    const { status, body } = await rpcJson(
      svc.httpUrl,
      OrdersService.method.getOrder,
      { id: orderId, readMask: { paths: ["status", "total.amount_minor", "lines.quantity"] } },
      svc.tokens.alice,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      order: {
        status: "ORDER_STATUS_PENDING",
        total: { amountMinor: "4994" },
        lines: [{ quantity: "2" }, { quantity: "1" }],
      },
    });
  });

  it("ListMyOrders sends only the selected fields of each order", async () => {
    const { body } = await rpcJson(
      svc.httpUrl,
      OrdersService.method.listMyOrders,
      { readMask: { paths: ["id", "create_time"] } },
      svc.tokens.alice,
    );
    expect(body).toEqual({ orders: [{ id: orderId, createTime: expect.any(String) }] });
  });

  it("GetCart sends only the selected fields", async () => {
    const { body } = await rpcJson(
      svc.httpUrl,
      CartService.method.getCart,
      { readMask: { paths: ["item_count", "lines.sku_id"] } },
      svc.tokens.alice,
    );
    expect(body).toEqual({ cart: { itemCount: 3, lines: [{ skuId: "sku-mug-blue" }, { skuId: "sku-tee-m" }] } });
  });

  it("does not read an order's lines unless lines are selected", async () => {
    const alice = svc.client(svc.tokens.alice);
    const move: [string, string] = [
      "ALTER TABLE order_views RENAME COLUMN lines TO lines_moved_away",
      "ALTER TABLE order_views RENAME COLUMN lines_moved_away TO lines",
    ];
    await without(svc, move, async () => {
      const readMask = { paths: ["id", "status", "total", "shipping_address.city"] };
      const { order } = await alice.getOrder({ id: orderId, readMask });
      expect(order).toMatchObject({ id: orderId, shippingAddress: { city: "Berlin" }, lines: [] });
      expect((await alice.listMyOrders({ readMask })).orders.map((o) => o.id)).toEqual([orderId]);
      // Asking for the lines (or for everything) does read them, so the break is a real one.
      const withLines = { id: orderId, readMask: { paths: ["lines.name"] } };
      expect((await rpcError(alice.getOrder(withLines))).code).toBe(Code.Internal);
      expect((await rpcError(alice.listMyOrders({}))).code).toBe(Code.Internal);
    });
  });

  it("does not read a cart's lines unless something shown or computed from them is selected", async () => {
    const alice = carts(svc.tokens.alice);
    const move: [string, string] = [
      "ALTER TABLE cart_lines RENAME TO cart_lines_moved_away",
      "ALTER TABLE cart_lines_moved_away RENAME TO cart_lines",
    ];
    await without(svc, move, async () => {
      const { cart } = await alice.getCart({ readMask: { paths: ["id", "version"] } });
      expect(cart).toMatchObject({ id: "cart-mask", version: 2n });
      for (const path of ["lines", "subtotal", "item_count"])
        expect((await rpcError(alice.getCart({ readMask: { paths: [path] } }))).code).toBe(Code.Internal);
    });
  });

  it("refuses an unknown path with INVALID_ARGUMENT naming it", async () => {
    const order = await rpcError(
      svc.client(svc.tokens.alice).getOrder({ id: orderId, readMask: { paths: ["lines.price"] } }),
    );
    expect(order.code).toBe(Code.InvalidArgument);
    expect(order.rawMessage).toContain('unknown field path "lines.price" (OrderLine has no field "price")');
    expect(violationsOf(order)).toEqual([expect.objectContaining({ field: "read_mask", ruleId: "read_mask.paths" })]);
    const cart = await rpcError(carts(svc.tokens.alice).getCart({ readMask: { paths: ["total"] } }));
    expect(cart.code).toBe(Code.InvalidArgument);
    expect(cart.rawMessage).toContain('unknown field path "total"');
  });
});
