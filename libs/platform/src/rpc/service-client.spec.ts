import { create } from "@bufbuild/protobuf";
import { Code, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CategorySchema, ProductSchema } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { testKeycloak, userToken } from "@emporium/testing";
import http2 from "node:http2";
import net, { type AddressInfo } from "node:net";
import { serviceTokens } from "../auth/client-credentials";
import { principalKey, rpcAuthInterceptor } from "../auth/rpc-auth-interceptor";
import { createTokenVerifier } from "../auth/token-verifier";
import { toConnectError } from "../errors/rpc-error-map";
import { anonymousClient, callerClient, serviceClient } from "./service-client";
import { withRequestId } from "./outbound-request-id";
import { UpstreamError } from "./upstream-error";

/**
 * A stand-in "catalog" that answers with who called it: GetProduct is open to the orders service
 * only, BatchGetProducts to customers. Real Keycloak tokens, real HTTP/2.
 */
let server: http2.Http2Server;
let baseUrl = "";
beforeAll(async () => {
  const kc = testKeycloak();
  const verifier = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api", "catalog"] });
  const access = {
    [`${CatalogService.typeName}/GetProduct`]: { serviceCallers: ["orders"] as const },
    [`${CatalogService.typeName}/BatchGetProducts`]: { roles: ["customer"] },
    [`${CatalogService.typeName}/ListCategories`]: { public: true },
  } as const;
  const routes = (router: ConnectRouter) =>
    router.service(CatalogService, {
      getProduct: (_req, ctx) => ({ product: create(ProductSchema, { name: callerOf(ctx.values.get(principalKey)) }) }),
      batchGetProducts: (_req, ctx) => ({
        products: [create(ProductSchema, { name: callerOf(ctx.values.get(principalKey)) })],
      }),
      listCategories: (_req, ctx) => ({
        categories: [
          create(CategorySchema, {
            name: callerOf(ctx.values.get(principalKey)),
            slug: ctx.requestHeader.get("x-request-id") ?? "",
          }),
        ],
      }),
    });
  server = http2.createServer(
    connectNodeAdapter({ routes, interceptors: [mapErrors, rpcAuthInterceptor(verifier, access)] }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** The kit's one error model, as the service host applies it. */
const mapErrors: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (err) {
    throw toConnectError(err, "spec");
  }
};

const callerOf = (p: { kind: string; clientId: string; subject: string } | undefined) =>
  p ? `${p.kind} ${p.clientId} ${p.subject}` : "anonymous";

it("serviceClient calls with the service's own client-credentials token", async () => {
  const kc = testKeycloak();
  const tokens = serviceTokens({ service: "orders", authIssuer: kc.issuer, clientSecret: "dev-only-orders-secret" });
  const catalog = serviceClient(CatalogService, baseUrl, { tokens });
  expect((await catalog.getProduct({ id: "p" })).product!.name).toMatch(/^service orders /);
  // The same client is refused where only people may call.
  await expect(catalog.batchGetProducts({ ids: ["p"] })).rejects.toMatchObject({ code: Code.PermissionDenied });
});

it("anonymousClient sends no token: public RPCs answer, the others refuse, classified once", async () => {
  const catalog = anonymousClient(CatalogService, baseUrl);
  expect((await catalog.listCategories({})).categories[0]!.name).toBe("anonymous");
  const refused = await catalog.getProduct({ id: "p" }).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(UpstreamError);
  expect(refused).toMatchObject({ code: Code.Unauthenticated });
});

it("sends the request id of the request it runs for (withRequestId) to the callee", async () => {
  const catalog = anonymousClient(CatalogService, baseUrl);
  expect((await catalog.listCategories({})).categories[0]!.slug).toBe("");
  const inRequest = await withRequestId("req-42", async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return catalog.listCategories({});
  });
  expect(inRequest.categories[0]!.slug).toBe("req-42");
});

it("callerClient forwards the person's own token, and the principal never shows it", async () => {
  const kc = testKeycloak();
  const verifier = createTokenVerifier({ issuer: kc.issuer, audiences: ["emporium-api"] });
  const alice = await verifier.verify(await userToken(kc, "alice"));
  expect(JSON.stringify(alice)).not.toContain(alice.accessToken);
  const asCaller = callerClient(CatalogService, baseUrl);
  const res = await asCaller(alice).batchGetProducts({ ids: ["p"] });
  expect(res.products[0]!.name).toBe(`user ${alice.clientId} ${alice.subject}`);
  // A person may not do what only the orders service may.
  await expect(asCaller(alice).getProduct({ id: "p" })).rejects.toMatchObject({ code: Code.PermissionDenied });
});

it("callerClient refuses to call on behalf of a principal without a token", () => {
  const withoutToken = { subject: "s", roles: ["customer"], audience: [], clientId: "web", kind: "user" as const };
  expect(() => callerClient(CatalogService, baseUrl)(withoutToken)).toThrow(/needs their token/);
});

it("classifies another service's failures once: down is UNAVAILABLE, any other answer never passes on", async () => {
  const kc = testKeycloak();
  const tokens = serviceTokens({ service: "orders", authIssuer: kc.issuer, clientSecret: "dev-only-orders-secret" });
  // Nothing listens there: a client can retry later, and is told so.
  const closed = `http://127.0.0.1:${await closedPort()}`;
  await expect(serviceClient(CatalogService, closed, { tokens }).getProduct({ id: "p" })).rejects.toMatchObject({
    code: "UNAVAILABLE",
    message: "the catalog service cannot be reached right now; retry shortly",
  });
  // catalog refuses the caller: the adapter sees catalog's code, our caller would see INTERNAL.
  const refused = await serviceClient(CatalogService, baseUrl, { tokens })
    .batchGetProducts({ ids: ["p"] })
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(UpstreamError);
  expect(refused).toMatchObject({ code: Code.PermissionDenied, upstream: "the catalog service" });
  expect(toConnectError(refused, "req-7")).toMatchObject({
    code: Code.Internal,
    rawMessage: "internal error (request id req-7)",
  });
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
