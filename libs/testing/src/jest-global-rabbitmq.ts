import { startTestRabbitmq, type TestRabbitmq } from "./rabbitmq-for-tests";

/** Where setup leaves the broker for teardown (Jest runs both in the same context). */
export const TEST_RABBITMQ_HANDLE = Symbol.for("emporium.testing.rabbitmq");

const slot = globalThis as Record<symbol, TestRabbitmq | undefined>;

/**
 * One throwaway RabbitMQ for the whole jest run, unless the caller already runs one (`npm test`
 * starts a shared test broker and passes it down). Workers start after this and inherit the env;
 * each test file then takes its own vhost (createTestVhost).
 */
export async function startRabbitmqForJestRun(): Promise<void> {
  if (process.env.EMPORIUM_TEST_AMQP_URL) return;
  const broker = await startTestRabbitmq();
  process.env.EMPORIUM_TEST_AMQP_URL = broker.url;
  process.env.EMPORIUM_TEST_RABBITMQ_MANAGEMENT_URL = broker.managementUrl;
  slot[TEST_RABBITMQ_HANDLE] = broker;
}

/** Stops the broker startRabbitmqForJestRun started; leaves a caller's broker alone. */
export async function stopRabbitmqForJestRun(): Promise<void> {
  const broker = slot[TEST_RABBITMQ_HANDLE];
  if (!broker) return;
  slot[TEST_RABBITMQ_HANDLE] = undefined;
  delete process.env.EMPORIUM_TEST_AMQP_URL;
  delete process.env.EMPORIUM_TEST_RABBITMQ_MANAGEMENT_URL;
  await broker.stop();
}
