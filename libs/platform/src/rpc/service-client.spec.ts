import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { CatalogService } from "@emporium/contracts/emporium/catalog/v1/catalog_service_pb";
import { CategorySchema, ProductSchema } from "@emporium/contracts/emporium/catalog/v1/catalog_pb";
import { testKeycloak, userToken } from "@emporium/testing";
import http2 from "node:http2";
import net, { type AddressInfo } from "node:net";
import { serviceTokens } from "../auth/client-credentials";
import { principalKey, rpcAuthInterceptor } from "../auth/rpc-auth-interceptor";
import { createTokenVerifier } from "../auth/token-verifier";
import { AppError } from "../errors/app-error";
import { toConnectError, violationsOf } from "../errors/rpc-error-map";
import { createServiceTransport } from "./client-transport";
import { withRequestId } from "./outbound-request-id";
import { anonymousClient, callerClient, serviceClient } from "./service-client";
import { UpstreamError } from "./upstream-error";

/**
 * A stand-in "catalog" that answers with who called it: GetProduct is open to the orders service
 * only, BatchGetProducts to customers. ListCategories answers with the deadline it was given, or
 * never (`slow`); ListProducts refuses with a field violation. Real Keycloak tokens, real HTTP/2.
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
    [`${CatalogService.typeName}/ListProducts`]: { public: true },
  } as const;
  const routes = (router: ConnectRouter) =>
    router.service(CatalogService, {
      getProduct: (_req, ctx) => ({ product: create(ProductSchema, { name: callerOf(ctx.values.get(principalKey)) }) }),
      batchGetProducts: (_req, ctx) => ({
        products: [create(ProductSchema, { name: callerOf(ctx.values.get(principalKey)) })],
      }),
      // Who called (id), the deadline it brought (name) and the request id it carried (slug).
      listCategories: async (_req, ctx) => {
        if (ctx.requestHeader.get("x-slow"))
          await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
        return {
          categories: [
            create(CategorySchema, {
              id: callerOf(ctx.values.get(principalKey)),
              name: `deadline ${ctx.timeoutMs() ?? "none"}`,
              slug: ctx.requestHeader.get("x-request-id") ?? "",
            }),
          ],
        };
      },
      listProducts: () => {
        throw new AppError("INVALID_ARGUMENT", "page_size must be at most 50", [
          { field: "page_size", ruleId: "int32.lte", message: "must be at most 50" },
        ]);
      },
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
  expect((await catalog.listCategories({})).categories[0]!.id).toBe("anonymous");
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

it("sends every call's deadline to the callee, and a call past it is UNAVAILABLE, not a hang", async () => {
  const kc = testKeycloak();
  const tokens = serviceTokens({ service: "orders", authIssuer: kc.issuer, clientSecret: "dev-only-orders-secret" });
  const catalog = serviceClient(CatalogService, baseUrl, { tokens, timeoutMs: 3_000 });
  const [answer] = (await catalog.listCategories({})).categories;
  const deadline = Number(answer!.name.replace("deadline ", ""));
  expect(deadline).toBeGreaterThan(0);
  expect(deadline).toBeLessThanOrEqual(3_000);
  // The callee never answers: the caller gives up at the deadline and can tell its client to retry.
  const slow = serviceClient(CatalogService, baseUrl, { tokens, timeoutMs: 300 });
  await expect(slow.listCategories({}, { headers: { "x-slow": "1" } })).rejects.toMatchObject({
    code: "UNAVAILABLE",
    message: "the catalog service cannot be reached right now; retry shortly",
  });
});

it("passes the callee's code, message and field violations on to the adapter, as gRPC did", async () => {
  const kc = testKeycloak();
  const tokens = serviceTokens({ service: "orders", authIssuer: kc.issuer, clientSecret: "dev-only-orders-secret" });
  const refusal = await serviceClient(CatalogService, baseUrl, { tokens })
    .listProducts({})
    .catch((e: unknown) => e);
  expect(refusal).toBeInstanceOf(UpstreamError);
  const { code, cause } = refusal as UpstreamError;
  expect(code).toBe(Code.InvalidArgument);
  expect(cause.rawMessage).toBe("page_size must be at most 50");
  const violations = [{ field: "page_size", ruleId: "int32.lte", message: "must be at most 50" }];
  expect(violationsOf(cause)).toEqual(violations);
  // The port still serves gRPC to clients that ask for it, with the same answer.
  const grpc = createClient(CatalogService, createServiceTransport(baseUrl, { protocol: "grpc" }));
  const viaGrpc = await grpc.listProducts({}).catch((e: unknown) => ConnectError.from(e));
  expect(viaGrpc).toMatchObject({ code: Code.InvalidArgument, rawMessage: "page_size must be at most 50" });
  expect(violationsOf(viaGrpc as ConnectError)).toEqual(violations);
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
