import { BFFS, SERVICES } from "@emporium/registry";
import { SHARED_EXCHANGES, bffBrokerPolicy, serviceBrokerPolicy } from "./rabbitmq-service-users";

/** The policy as data, for every registered service; the broker's enforcement is specified in libs/testing. */
const matches = (pattern: string, name: string) => new RegExp(pattern).test(name);

describe("serviceBrokerPolicy", () => {
  it.each(SERVICES.map((s) => s.name))("%s writes to no default exchange and no other service's queue", (service) => {
    const { permissions } = serviceBrokerPolicy(service);
    for (const name of ["amq.default", "amq.topic", "orders.x", "catalogue", "notifications"].filter(
      (n) => !n.startsWith(`${service}.`) && n !== service,
    ))
      expect([name, matches(permissions.write, name)]).toEqual([name, false]);
    for (const name of [service, `${service}.commands`, `${service}.commands.retry.1000ms`, SHARED_EXCHANGES.events])
      expect([name, matches(permissions.configure, name), matches(permissions.write, name)]).toEqual([
        name,
        true,
        true,
      ]);
  });

  it("lets only orders write to emporium.commands, and only the participants' commands", () => {
    const writers = SERVICES.filter((s) => matches(serviceBrokerPolicy(s.name).permissions.write, "emporium.commands"));
    expect(writers.map((s) => s.name)).toEqual(["orders"]);
    const commands = serviceBrokerPolicy("orders").topicPermissions.find((t) => t.exchange === "emporium.commands")!;
    expect(matches(commands.write, "emporium.shipping.v1.CreateShipmentCommand")).toBe(true);
    expect(matches(commands.write, "emporium.catalog.v1.DeleteProductCommand")).toBe(false);
    expect(matches(commands.write, "emporium.payments.v1.PaymentAuthorized")).toBe(false);
  });

  it("limits the routing keys on every shared exchange (an exchange without a topic permission allows all)", () => {
    for (const service of SERVICES.map((s) => s.name)) {
      const topics = serviceBrokerPolicy(service).topicPermissions;
      expect(topics.map((t) => t.exchange).sort()).toEqual(Object.values(SHARED_EXCHANGES).sort());
      const commands = topics.find((t) => t.exchange === "emporium.commands")!;
      if (service !== "orders")
        expect(["", "x", "emporium.payments.v1.X"].some((k) => matches(commands.write, k))).toBe(false);
    }
  });

  it("refuses a service the registry does not know", () => {
    expect(() => serviceBrokerPolicy("recommendations")).toThrow(/no service "recommendations" in the registry/);
  });
});

describe("bffBrokerPolicy", () => {
  it.each(BFFS.map((b) => b.name))("%s configures, binds and consumes only its own live queues", (bff) => {
    const { permissions } = bffBrokerPolicy(bff);
    const own = `${bff}.live.3f9a0c1d2e4b`;
    for (const right of ["configure", "write", "read"] as const) {
      expect([right, matches(permissions[right], own)]).toEqual([right, true]);
      for (const name of [`${bff}.live`, `${bff}.other`, `${bff}xlive.1`, "orders", "notifications.live.1"])
        expect([right, name, matches(permissions[right], name)]).toEqual([right, name, false]);
    }
    for (const other of BFFS.filter((b) => b.name !== bff))
      expect(matches(permissions.read, `${other.name}.live.1`)).toBe(false);
  });

  it.each(BFFS.map((b) => b.name))("%s declares and binds from emporium.events and writes to no exchange", (bff) => {
    const { permissions, topicPermissions } = bffBrokerPolicy(bff);
    expect(matches(permissions.configure, SHARED_EXCHANGES.events)).toBe(true);
    expect(matches(permissions.read, SHARED_EXCHANGES.events)).toBe(true);
    for (const exchange of ["amq.default", ...Object.values(SHARED_EXCHANGES)])
      expect([exchange, matches(permissions.write, exchange)]).toEqual([exchange, false]);
    for (const exchange of [SHARED_EXCHANGES.commands, SHARED_EXCHANGES.retry, SHARED_EXCHANGES.deadLetter])
      expect([exchange, matches(permissions.read, exchange), matches(permissions.configure, exchange)]).toEqual([
        exchange,
        false,
        false,
      ]);
    // Belt and braces: every shared exchange has a topic permission whose write matches no key.
    expect(topicPermissions.map((t) => t.exchange).sort()).toEqual(Object.values(SHARED_EXCHANGES).sort());
    for (const topic of topicPermissions)
      expect(["", "emporium.orders.v1.OrderPlaced", "x"].some((k) => matches(topic.write, k))).toBe(false);
  });

  it("refuses a BFF the registry does not know", () => {
    expect(() => bffBrokerPolicy("bff-tv")).toThrow(/no BFF "bff-tv" in the registry/);
  });
});
