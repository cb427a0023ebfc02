import { startTestKeycloak, type TestKeycloakServer } from "./keycloak-for-tests";
import { startTestPostgres, type TestPostgres } from "./postgres-for-tests";
import { startTestRabbitmq, type TestRabbitmq } from "./rabbitmq-for-tests";
import { TEST_SIGNING_KEY_ENV } from "./test-signing-key";

/** A run's own PostgreSQL, Keycloak (its database on that PostgreSQL) and RabbitMQ. */
export interface TestServers {
  postgres: TestPostgres;
  keycloak: TestKeycloakServer;
  rabbitmq: TestRabbitmq;
  /** The `EMPORIUM_TEST_*` variables through which the test kit finds them. */
  env: Record<string, string>;
  /** Stops all three (and drops what they held). */
  stop(): Promise<void>;
}

/**
 * The throwaway servers a whole run uses (`npm test`, the chaos suite, the crash run): free
 * ports, never the `npm start` stack. Keycloak and RabbitMQ start side by side once PostgreSQL is
 * up; if one fails, those already started are stopped before the error is passed on.
 */
export async function startTestServers(options: { log?: (line: string) => void } = {}): Promise<TestServers> {
  const postgres = await startTestPostgres(options);
  const [keycloak, rabbitmq] = await Promise.allSettled([
    startTestKeycloak({ postgresAdminUrl: postgres.adminUrl, log: options.log }),
    startTestRabbitmq(options),
  ]);
  if (keycloak.status === "rejected" || rabbitmq.status === "rejected") {
    await Promise.allSettled([keycloak, rabbitmq].flatMap((s) => (s.status === "fulfilled" ? [s.value.stop()] : [])));
    await postgres.stop();
    throw keycloak.status === "rejected" ? keycloak.reason : (rabbitmq as PromiseRejectedResult).reason;
  }
  return {
    postgres,
    keycloak: keycloak.value,
    rabbitmq: rabbitmq.value,
    env: {
      EMPORIUM_TEST_PG_ADMIN_URL: postgres.adminUrl,
      EMPORIUM_TEST_KEYCLOAK_URL: keycloak.value.url,
      EMPORIUM_TEST_KEYCLOAK_ADMIN_PASSWORD: keycloak.value.adminPassword,
      [TEST_SIGNING_KEY_ENV]: keycloak.value.signingKey,
      EMPORIUM_TEST_AMQP_URL: rabbitmq.value.url,
      EMPORIUM_TEST_RABBITMQ_MANAGEMENT_URL: rabbitmq.value.managementUrl,
    },
    async stop() {
      await Promise.allSettled([keycloak.value.stop(), rabbitmq.value.stop()]);
      await postgres.stop();
    },
  };
}
