import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type CallOptions, type Client } from "@connectrpc/connect";
import { AppError, createServiceTransport, UpstreamError } from "@emporium/platform";

/** Down, slow or shedding load: worth a retry (as the kit's service clients classify it). */
const TRANSIENT = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.ResourceExhausted]);

/**
 * A client that calls without a token (a guest's cart, reached by its cart token), its failures
 * classified as the kit's service clients classify theirs: UNAVAILABLE when the service is down or
 * slow, else an UpstreamError with the service's answer, for answerOf to pass on.
 */
export function guestClient<S extends DescService>(service: S, baseUrl: string, timeoutMs: number): Client<S> {
  const client = createClient(service, createServiceTransport(baseUrl, { timeoutMs }));
  const upstream = `the ${service.typeName.split(".").at(-3)} service`;
  return new Proxy(client, {
    get(target, method, receiver) {
      const call = Reflect.get(target, method, receiver) as unknown;
      if (typeof call !== "function") return call;
      return (request: unknown, callOptions?: CallOptions) =>
        (call as (r: unknown, o?: CallOptions) => Promise<unknown>)
          .call(target, request, callOptions)
          .catch((err: unknown) => {
            const answer = ConnectError.from(err);
            throw TRANSIENT.has(answer.code)
              ? new AppError("UNAVAILABLE", `${upstream} cannot be reached right now; retry shortly`)
              : new UpstreamError(upstream, answer);
          });
    },
  });
}
