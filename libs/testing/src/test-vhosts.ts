import { randomBytes } from "node:crypto";
import {
  amqpUrl,
  deleteRabbitmqUser,
  deleteRabbitmqVhost,
  ensureRabbitmqVhost,
  generatePassword,
  grantRabbitmqVhostAccess,
  provisionBffBrokerUser,
  provisionServiceBrokerUser,
  type RabbitmqManagement,
} from "@emporium/local-servers";
import type { BffName, ServiceName } from "@emporium/registry";

/**
 * The shared test broker of a jest run, as the global setup (or `npm test`) left it in the
 * environment: EMPORIUM_TEST_AMQP_URL is the admin user on vhost "/", and
 * EMPORIUM_TEST_RABBITMQ_MANAGEMENT_URL its HTTP API (same credentials).
 */
export function testBroker(env: NodeJS.ProcessEnv = process.env): { amqpPort: number; management: RabbitmqManagement } {
  const url = env.EMPORIUM_TEST_AMQP_URL;
  const management = env.EMPORIUM_TEST_RABBITMQ_MANAGEMENT_URL;
  if (!url || !management) {
    throw new Error(
      "EMPORIUM_TEST_AMQP_URL and EMPORIUM_TEST_RABBITMQ_MANAGEMENT_URL are not set: give the project's jest.config.cjs " +
        "the preset option { rabbitmq: true } (its global setup starts a test broker), or run the tests through `npm test`",
    );
  }
  const parsed = new URL(url);
  return {
    amqpPort: Number(parsed.port || 5672),
    management: {
      url: management,
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
    },
  };
}

export interface TestVhost {
  vhost: string;
  /** AMQP URL as the test broker's admin user, on this vhost. */
  url: string;
  /**
   * AMQP URL of the service's own user on this vhost, with the rights `npm start` gives it
   * (docs/adr/0017), created on first use. Users are broker-wide, so it is named `<vhost>.<service>`.
   */
  serviceUrl(service: ServiceName): Promise<string>;
  /** The same for a BFF's user (`<vhost>.bff-web`): its live feed's rights, and no more. */
  bffUrl(bff: BffName): Promise<string>;
  /** Deletes the vhost with its queues and exchanges and the services' and BFFs' users, closing their connections. */
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named vhost on the run's shared test broker: each test file gets its own, so
 * queues, exchanges and messages never leak between files (or into the `npm start` platform).
 */
export async function createTestVhost(prefix = "test"): Promise<TestVhost> {
  const { amqpPort, management } = testBroker();
  // The pid helps find leaks; the random part keeps two files of one worker apart.
  const vhost = `${prefix}-${process.pid}-${randomBytes(4).toString("hex")}`;
  await ensureRabbitmqVhost(management, vhost);
  await grantRabbitmqVhostAccess(management, vhost, management.user);
  // Users by name (services' and BFFs' names never clash), each provisioned once.
  const userUrls = new Map<string, Promise<string>>();
  const userUrl = (name: string, provision: (user: { user: string; password: string }) => Promise<void>) => {
    if (!userUrls.has(name)) {
      const user = { user: `${vhost}.${name}`, password: generatePassword() };
      userUrls.set(
        name,
        provision(user).then(() => amqpUrl(amqpPort, user, vhost)),
      );
    }
    return userUrls.get(name)!;
  };
  return {
    vhost,
    url: amqpUrl(amqpPort, management, vhost),
    serviceUrl: (service) =>
      userUrl(service, (user) => provisionServiceBrokerUser(management, { vhost, service, ...user })),
    bffUrl: (bff) => userUrl(bff, (user) => provisionBffBrokerUser(management, { vhost, bff, ...user })),
    async drop() {
      await deleteRabbitmqVhost(management, vhost);
      for (const name of userUrls.keys()) await deleteRabbitmqUser(management, `${vhost}.${name}`);
    },
  };
}
