import { create, createRegistry, toBinary, type DescFile, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import * as v1 from "@emporium/contracts/grpc/reflection/v1/reflection_pb";
import * as v1alpha from "@emporium/contracts/grpc/reflection/v1alpha/reflection_pb";

type Request = v1.ServerReflectionRequest;
type Answer = v1.ServerReflectionResponse["messageResponse"];

/**
 * gRPC server reflection (v1 and the v1alpha that older grpcurl and Postman still ask for), built
 * from the descriptors protoc-gen-es embeds, so tools can call a service without its .proto files.
 */
export function registerReflectionService(router: ConnectRouter, services: readonly DescService[]): void {
  const resolver = new DescriptorIndex(services);
  const impl = {
    async *serverReflectionInfo(requests: AsyncIterable<Request>) {
      for await (const req of requests) {
        yield { validHost: req.host, originalRequest: req, messageResponse: resolver.answer(req) };
      }
    },
  };
  router.service(v1.ServerReflection, impl);
  router.service(v1alpha.ServerReflection, impl as never);
}

class DescriptorIndex {
  private readonly files = new Map<string, DescFile>();
  private readonly registry;

  constructor(private readonly services: readonly DescService[]) {
    const visit = (file: DescFile) => {
      if (this.files.has(file.name + ".proto")) return;
      this.files.set(file.name + ".proto", file);
      file.dependencies.forEach(visit);
    };
    services.forEach((s) => visit(s.file));
    this.registry = createRegistry(...this.files.values());
  }

  answer(req: Request): Answer {
    const r = req.messageRequest;
    switch (r.case) {
      case "listServices":
        return {
          case: "listServicesResponse",
          value: create(v1.ListServiceResponseSchema, { service: this.services.map((s) => ({ name: s.typeName })) }),
        };
      case "fileByFilename":
        return this.filesResponse(this.files.get(r.value), `file ${r.value}`);
      case "fileContainingSymbol":
        return this.filesResponse(this.fileOfSymbol(r.value), `symbol ${r.value}`);
      case "fileContainingExtension": {
        const ext = this.registry.getExtensionFor(
          this.registry.getMessage(r.value.containingType)!,
          r.value.extensionNumber,
        );
        return this.filesResponse(ext?.file, `extension ${r.value.extensionNumber} of ${r.value.containingType}`);
      }
      case "allExtensionNumbersOfType": {
        const numbers = [...this.files.values()]
          .flatMap((f) => allExtensions(f))
          .filter((x) => x.extendee.typeName === r.value)
          .map((x) => x.number);
        return {
          case: "allExtensionNumbersResponse",
          value: create(v1.ExtensionNumberResponseSchema, { baseTypeName: r.value, extensionNumber: numbers }),
        };
      }
      default:
        return notFound(3 /* INVALID_ARGUMENT */, "empty reflection request");
    }
  }

  private fileOfSymbol(symbol: string): DescFile | undefined {
    const hit = this.registry.get(symbol);
    if (hit) return hit.file;
    // A method name: "pkg.Service.Method".
    const service = this.registry.getService(symbol.slice(0, symbol.lastIndexOf(".")));
    return service?.methods.some((m) => m.name === symbol.slice(symbol.lastIndexOf(".") + 1))
      ? service.file
      : undefined;
  }

  private filesResponse(file: DescFile | undefined, what: string): Answer {
    if (!file) return notFound(5 /* NOT_FOUND */, `${what} not found`);
    const closure: DescFile[] = [];
    const visit = (f: DescFile) => {
      if (closure.includes(f)) return;
      closure.push(f);
      f.dependencies.forEach(visit);
    };
    visit(file);
    return {
      case: "fileDescriptorResponse",
      value: create(v1.FileDescriptorResponseSchema, {
        fileDescriptorProto: closure.map((f) => toBinary(FileDescriptorProtoSchema, f.proto)),
      }),
    };
  }
}

function allExtensions(file: DescFile) {
  const nested = (msgs: DescFile["messages"]): DescFile["extensions"] =>
    msgs.flatMap((m) => [...m.nestedExtensions, ...nested(m.nestedMessages)]);
  return [...file.extensions, ...nested(file.messages)];
}

function notFound(errorCode: number, errorMessage: string): Answer {
  return { case: "errorResponse", value: create(v1.ErrorResponseSchema, { errorCode, errorMessage }) };
}
