import { Code } from "@connectrpc/connect";
import {
  describeAuthorizationMatrix,
  privateFieldsOutcome,
  matrixTokens,
  rpcError,
  rpcOutcome,
  serviceToken,
  testKeycloak,
  type EntryPoint,
  type Identity,
  type MatrixTokens,
} from "@emporium/testing";
import { eur, startPayments, type RunningPayments } from "./payments-harness";

/** Payments' rows of the authorization harness. */
let svc: RunningPayments;
/** Money moves for the orders service alone ("service" is its client-credentials token here). */
const ordersOnly: Identity[] = ["service"];
/** Reads: the orders service, admins, and the payment's customer (alice's payments are read here). */
const readers: Identity[] = ["customer", "admin", "service"];

/** A payment of alice's, made by orders, for rows that change or read one (each call its own). */
const freshPayment = async () => (await svc.authorize()).payment!;
const capturedPayment = async () =>
  (await svc.orders.capturePayment({ paymentId: (await freshPayment()).id })).payment!;

const entryPoints: EntryPoint[] = [
  {
    name: "rpc AuthorizePayment",
    allowed: ordersOnly,
    call: (t) => rpcOutcome(svc.client(t).authorizePayment(request())),
  },
  {
    name: "rpc CapturePayment",
    allowed: ordersOnly,
    call: async (t) => rpcOutcome(svc.client(t).capturePayment({ paymentId: (await freshPayment()).id })),
  },
  {
    name: "rpc VoidPayment",
    allowed: ordersOnly,
    call: async (t) => rpcOutcome(svc.client(t).voidPayment({ paymentId: (await freshPayment()).id })),
  },
  {
    name: "rpc RefundPayment",
    allowed: ordersOnly,
    call: async (t) =>
      rpcOutcome(svc.client(t).refundPayment({ paymentId: (await capturedPayment()).id, idempotencyKey: "matrix" })),
  },
  {
    name: "rpc GetPayment (alice's)",
    allowed: readers,
    call: async (t) => rpcOutcome(svc.client(t).getPayment({ id: (await freshPayment()).id })),
  },
  {
    name: "rpc BatchGetPaymentsByOrder (alice's)",
    allowed: readers,
    call: async (t) =>
      rpcOutcome(svc.client(t).batchGetPaymentsByOrder({ orderIds: [(await freshPayment()).orderId] })),
  },
  {
    name: "subgraph _entities Order.payment (alice's order)",
    allowed: ["customer", "admin"],
    call: async (t) => {
      const { orderId } = await freshPayment();
      const query = `{ _entities(representations: [{ __typename: "Order", id: "${orderId}" }]) { ... on Order { payment { id status } } } }`;
      return onlyThePayment(
        await fetch(`${svc.httpUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(t ? { authorization: `Bearer ${t}` } : {}) },
          body: JSON.stringify({ query }),
        }),
      );
    },
  },
];

/** The order entity itself comes back to anyone (it is orders' to guard): the payment is what counts. */
const onlyThePayment = privateFieldsOutcome((data) =>
  (data._entities as Array<{ payment: unknown } | null>).map((order) => order?.payment),
);

let keyCounter = 0;
function request() {
  return {
    orderId: `matrix-order-${process.pid}-${++keyCounter}`,
    customerId: "5b0c4f2e-0a1d-4c39-9a57-2f1d3f0a0001",
    amount: eur(100n),
    paymentMethodToken: "tok_approve",
    idempotencyKey: `matrix-${process.pid}-${keyCounter}`,
  };
}

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  svc = await startPayments();
  // orders' token names payments and orders may move money; inventory's token is not for payments.
  tokens = await matrixTokens(kc, {
    service: "orders",
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "inventory") },
  });
}, 120_000);
afterAll(() => svc?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

it("a token with payments' audience issued to another client (test-only test-intruder) is refused everywhere", async () => {
  const intruder = svc.client(await serviceToken(testKeycloak(), "test-intruder"));
  const payment = await capturedPayment();
  const refusals = await Promise.all([
    rpcError(intruder.authorizePayment(request())),
    rpcError(intruder.capturePayment({ paymentId: (await freshPayment()).id })),
    rpcError(intruder.voidPayment({ paymentId: (await freshPayment()).id })),
    rpcError(intruder.refundPayment({ paymentId: payment.id, idempotencyKey: "intruder" })),
    rpcError(intruder.getPayment({ id: payment.id })),
    rpcError(intruder.batchGetPaymentsByOrder({ orderIds: [payment.orderId] })),
  ]);
  expect(refusals.map((e) => [e.code, e.rawMessage])).toEqual([
    [Code.PermissionDenied, "AuthorizePayment is open to orders, not to test-intruder"],
    [Code.PermissionDenied, "CapturePayment is open to orders, not to test-intruder"],
    [Code.PermissionDenied, "VoidPayment is open to orders, not to test-intruder"],
    [Code.PermissionDenied, "RefundPayment is open to orders, not to test-intruder"],
    [Code.PermissionDenied, "payments are open to orders, not to test-intruder"],
    [Code.PermissionDenied, "payments are open to orders, not to test-intruder"],
  ]);
  // Nothing moved: the payment is as orders left it.
  expect((await svc.orders.getPayment({ id: payment.id })).payment).toEqual(payment);
});
