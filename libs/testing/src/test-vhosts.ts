import { randomBytes } from "node:crypto";
import {
  amqpUrl,
  deleteRabbitmqUser,
  deleteRabbitmqVhost,
  ensureRabbitmqVhost,
  generatePassword,
  grantRabbitmqVhostAccess,
  provisionServiceBrokerUser,
  type RabbitmqManagement,
} from "@emporium/local-servers";
import type { ServiceName } from "@emporium/registry";

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
  /** Deletes the vhost with its queues and exchanges and the services' users, closing their connections. */
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
  const serviceUrls = new Map<string, Promise<string>>();
  const provision = async (service: ServiceName) => {
    const user = { user: `${vhost}.${service}`, password: generatePassword() };
    await provisionServiceBrokerUser(management, { vhost, service, ...user });
    return amqpUrl(amqpPort, user, vhost);
  };
  return {
    vhost,
    url: amqpUrl(amqpPort, management, vhost),
    serviceUrl(service) {
      if (!serviceUrls.has(service)) serviceUrls.set(service, provision(service));
      return serviceUrls.get(service)!;
    },
    async drop() {
      await deleteRabbitmqVhost(management, vhost);
      for (const service of serviceUrls.keys()) await deleteRabbitmqUser(management, `${vhost}.${service}`);
    },
  };
}
