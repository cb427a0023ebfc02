import path from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { seedProducts } from "../src/db/seed-data";
import { startCatalog, type RunningCatalog } from "./catalog-harness";

/**
 * A contract test: a client built only from proto/ with the reference gRPC stack (@grpc/grpc-js +
 * proto-loader), nothing from our generated code, calling the running service over h2c.
 */
const REPO = path.resolve(__dirname, "..", "..", "..");
const includeDirs = ["proto", "proto-deps", "proto-vendor"].map((d) => path.join(REPO, d));
const load = (file: string) =>
  grpc.loadPackageDefinition(
    protoLoader.loadSync(file, { includeDirs, longs: String, enums: String, defaults: true, oneofs: true }),
  ) as unknown as Record<string, never>;

type Ctor = new (
  address: string,
  creds: grpc.ChannelCredentials,
) => grpc.Client & Record<string, (...args: never[]) => unknown>;
const at = (pkg: unknown, dotted: string): Ctor =>
  dotted.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], pkg) as Ctor;

function unary<T>(
  client: grpc.Client & Record<string, (...args: never[]) => unknown>,
  method: string,
  req: object,
): Promise<T> {
  return new Promise((resolve, reject) =>
    (client[method] as unknown as (r: object, cb: (e: grpc.ServiceError | null, v: T) => void) => void).call(
      client,
      req,
      (e, v) => (e ? reject(e) : resolve(v)),
    ),
  );
}

describe("catalog gRPC contract (grpc-js + proto-loader from proto/)", () => {
  let catalog: RunningCatalog;
  let address: string;
  beforeAll(async () => {
    catalog = await startCatalog();
    address = new URL(catalog.rpcUrl).host;
  });
  afterAll(() => catalog.stop());

  it("GetProduct returns the same product as the Connect client", async () => {
    const CatalogService = at(load("emporium/catalog/v1/catalog_service.proto"), "emporium.catalog.v1.CatalogService");
    const client = new CatalogService(address, grpc.credentials.createInsecure());
    try {
      const id = seedProducts[3]!.id;
      const viaGrpc = await unary<{
        product: {
          id: string;
          name: string;
          categoryId: string;
          skus: Array<{ code: string; price: { currencyCode: string; amountMinor: string } }>;
        };
      }>(client, "getProduct", { id });
      const { product } = await catalog.client().getProduct({ id });
      expect(viaGrpc.product).toMatchObject({ id, name: product!.name, categoryId: product!.categoryId });
      expect(viaGrpc.product.skus.map((s) => [s.code, s.price.currencyCode, s.price.amountMinor])).toEqual(
        product!.skus.map((s) => [s.code, s.price!.currencyCode, String(s.price!.amountMinor)]),
      );
      const err = await unary(client, "getProduct", { id: "nope" }).catch((e: grpc.ServiceError) => e);
      expect(err).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'product "nope" does not exist' });
    } finally {
      client.close();
    }
  });

  it("serves server reflection: the services and their file descriptors", async () => {
    const Reflection = at(load("grpc/reflection/v1/reflection.proto"), "grpc.reflection.v1.ServerReflection");
    const client = new Reflection(address, grpc.credentials.createInsecure());
    try {
      const call = (
        client.serverReflectionInfo as unknown as () => grpc.ClientDuplexStream<object, Record<string, never>>
      )();
      const responses: Array<Record<string, never>> = [];
      const done = new Promise<void>((resolve, reject) => {
        call.on("data", (r) => responses.push(r));
        call.on("end", resolve);
        call.on("error", reject);
      });
      call.write({ listServices: "" });
      call.write({ fileContainingSymbol: "emporium.catalog.v1.CatalogService.GetProduct" });
      call.write({ fileContainingSymbol: "emporium.nothing.Here" });
      call.end();
      await done;
      const [list, files, missing] = responses as unknown as [
        { listServicesResponse: { service: Array<{ name: string }> } },
        { fileDescriptorResponse: { fileDescriptorProto: Buffer[] } },
        { errorResponse: { errorCode: number } },
      ];
      expect(list.listServicesResponse.service.map((s) => s.name).sort()).toEqual([
        "emporium.catalog.v1.CatalogService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
      ]);
      const names = files.fileDescriptorResponse.fileDescriptorProto.map(
        (b) => fromBinary(FileDescriptorProtoSchema, b).name,
      );
      expect(names).toEqual(
        expect.arrayContaining([
          "emporium/catalog/v1/catalog_service.proto",
          "emporium/catalog/v1/catalog.proto",
          "emporium/type/v1/money.proto",
          "google/protobuf/timestamp.proto",
        ]),
      );
      expect(missing.errorResponse.errorCode).toBe(grpc.status.NOT_FOUND);
    } finally {
      client.close();
    }
  });

  it("serves v1alpha reflection too, for older grpcurl and Postman", async () => {
    const Reflection = at(load("grpc/reflection/v1alpha/reflection.proto"), "grpc.reflection.v1alpha.ServerReflection");
    const client = new Reflection(address, grpc.credentials.createInsecure());
    try {
      const call = (
        client.serverReflectionInfo as unknown as () => grpc.ClientDuplexStream<
          object,
          { listServicesResponse: { service: Array<{ name: string }> } }
        >
      )();
      const first = new Promise<{ listServicesResponse: { service: Array<{ name: string }> } }>((resolve, reject) => {
        call.once("data", resolve);
        call.once("error", reject);
      });
      call.write({ listServices: "*" });
      const response = await first;
      call.end();
      expect(response.listServicesResponse.service.map((s) => s.name)).toContain("emporium.catalog.v1.CatalogService");
    } finally {
      client.close();
    }
  });

  it("answers grpc.health.v1 Check: SERVING for the server and the catalog service, NOT_FOUND for others", async () => {
    const Health = at(load("grpc/health/v1/health.proto"), "grpc.health.v1.Health");
    const client = new Health(address, grpc.credentials.createInsecure());
    try {
      expect(await unary(client, "check", { service: "" })).toEqual({ status: "SERVING" });
      expect(await unary(client, "check", { service: "emporium.catalog.v1.CatalogService" })).toEqual({
        status: "SERVING",
      });
      const err = await unary(client, "check", { service: "no.Such" }).catch((e: grpc.ServiceError) => e);
      expect(err).toMatchObject({ code: grpc.status.NOT_FOUND });
    } finally {
      client.close();
    }
  });
});
