import { randomUUID } from "node:crypto";
import { createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { clientCredentialsTokenSource } from "@emporium/platform";
import {
  describeAuthorizationMatrix,
  graphqlOutcome,
  matrixTokens,
  rpcOutcome,
  serviceToken,
  testKeycloak,
  type EntryPoint,
  type Identity,
  type MatrixTokens,
} from "@emporium/testing";
import { seedProducts } from "../src/db/seed-data";
import { startCatalog, type RunningCatalog } from "./catalog-harness";

/**
 * The catalog's rows of the authorization harness: every RPC and subgraph operation, who may call
 * it, and the token and role matrices run over all of them against the real test Keycloak.
 */
let catalog: RunningCatalog;
const product = seedProducts[20]!;
const sku = () => `AUTH-${randomUUID().slice(0, 8).toUpperCase()}`;
const newProduct = () => ({
  name: "Auth probe",
  categoryId: "cat-office",
  skus: [{ code: sku(), name: "probe", price: { currencyCode: "EUR", amountMinor: 100n } }],
});
const gql = (query: string) => async (token?: string) =>
  graphqlOutcome(
    await fetch(`${catalog.httpUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    }),
  );
const everyone: Identity[] = ["anonymous", "customer", "admin", "service"];

const entryPoints: EntryPoint[] = [
  {
    name: "rpc GetProduct",
    allowed: everyone,
    call: (t) => rpcOutcome(catalog.client(t).getProduct({ id: product.id })),
  },
  {
    name: "rpc BatchGetProducts",
    allowed: everyone,
    call: (t) => rpcOutcome(catalog.client(t).batchGetProducts({ ids: [product.id] })),
  },
  {
    name: "rpc BatchGetSkus",
    allowed: everyone,
    call: (t) => rpcOutcome(catalog.client(t).batchGetSkus({ ids: [product.skus[0]!.id] })),
  },
  {
    name: "rpc ListProducts",
    allowed: everyone,
    call: (t) => rpcOutcome(catalog.client(t).listProducts({ pageSize: 1 })),
  },
  {
    name: "rpc ListCategories",
    allowed: everyone,
    call: (t) => rpcOutcome(catalog.client(t).listCategories({})),
  },
  {
    name: "rpc CreateProduct",
    allowed: ["admin"],
    call: (t) => rpcOutcome(catalog.client(t).createProduct(newProduct())),
  },
  {
    name: "rpc UpdateProduct",
    allowed: ["admin"],
    call: (t) => rpcOutcome(catalog.client(t).updateProduct({ id: product.id, description: `edited ${Date.now()}` })),
  },
  {
    name: "subgraph query product/products",
    allowed: everyone,
    call: gql(`{ product(id: "${product.id}") { id } products(first: 1) { edges { cursor } } categories { id } }`),
  },
  {
    name: "subgraph _entities",
    allowed: everyone,
    call: gql(
      `{ _entities(representations: [{ __typename: "Product", id: "${product.id}" }]) { ... on Product { name } } }`,
    ),
  },
  {
    name: "subgraph mutation createProduct",
    allowed: ["admin"],
    call: (t) =>
      gql(
        `mutation { createProduct(input: { name: "Auth probe", categoryId: "cat-office", skus: [{ code: "${sku()}", name: "probe", price: { amount: "1.00", currency: "EUR" } }] }) { id } }`,
      )(t),
  },
  {
    name: "subgraph mutation updateProduct",
    allowed: ["admin"],
    call: gql(`mutation { updateProduct(input: { id: "${product.id}", description: "edited" }) { id } }`),
  },
];

let tokens: MatrixTokens;
beforeAll(async () => {
  const kc = testKeycloak();
  catalog = await startCatalog();
  // reviews' client-credentials token is for customers, not catalog.
  tokens = await matrixTokens(kc, {
    service: "orders",
    wrongAudience: { name: "a service token for another service", token: await serviceToken(kc, "reviews") },
  });
}, 120_000);
afterAll(() => catalog?.stop());

describeAuthorizationMatrix(entryPoints, () => tokens);

it("a service calls catalog with its own client-credentials token, fetched once and reused", async () => {
  const kc = testKeycloak();
  let tokenRequests = 0;
  const source = clientCredentialsTokenSource({
    issuer: kc.issuer,
    clientId: "orders",
    clientSecret: "dev-only-orders-secret",
    fetch: ((url: string, init: RequestInit) => (tokenRequests++, fetch(url, init))) as typeof fetch,
  });
  const withServiceToken: Interceptor = (next) => async (req) => {
    req.header.set("authorization", `Bearer ${await source.token()}`);
    return next(req);
  };
  const client = createClient(
    CatalogService,
    createGrpcTransport({ baseUrl: catalog.rpcUrl, interceptors: [withServiceToken] }),
  );
  for (let i = 0; i < 5; i++) expect((await client.getProduct({ id: product.id })).product!.id).toBe(product.id);
  expect(tokenRequests).toBe(1);
  // Its token carries no admin role: writes stay closed to it.
  expect(await rpcOutcome(client.createProduct(newProduct()))).toBe("forbidden");
});
