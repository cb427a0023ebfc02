import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as Status } from "@emporium/contracts/grpc/health/v1/health_pb";
import type { HealthMonitor, ServingStatus } from "./health-monitor";

const toProto = (s: ServingStatus) => (s === "SERVING" ? Status.SERVING : Status.NOT_SERVING);

/**
 * The standard grpc.health.v1.Health service, answered from the HealthMonitor: "" means the whole
 * server; each served service name reports the same status (one process, one database).
 */
export function registerHealthService(
  router: ConnectRouter,
  monitor: HealthMonitor,
  serviceNames: readonly string[],
): void {
  const known = new Set(["", ...serviceNames]);
  const statusOf = (service: string) => {
    if (!known.has(service)) throw new ConnectError(`unknown service ${JSON.stringify(service)}`, Code.NotFound);
    return toProto(monitor.status());
  };
  router.service(Health, {
    check(req) {
      return { status: statusOf(req.service) };
    },
    list() {
      const status = toProto(monitor.status());
      return { statuses: Object.fromEntries([...known].map((name) => [name, { status }])) };
    },
    async *watch(req, ctx: HandlerContext) {
      if (!known.has(req.service)) {
        yield { status: Status.SERVICE_UNKNOWN };
        return;
      }
      let last: Status | undefined;
      while (!ctx.signal.aborted) {
        const status = toProto(monitor.status());
        if (status !== last) {
          last = status;
          yield { status };
        }
        await nextChange(monitor, ctx.signal);
      }
    },
  });
}

function nextChange(monitor: HealthMonitor, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      monitor.off("change", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    monitor.on("change", done);
    signal.addEventListener("abort", done);
  });
}
