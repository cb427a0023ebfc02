import keycloakSetup from "./jest-global-setup-keycloak";
import { startRabbitmqForJestRun } from "./jest-global-rabbitmq";

/** Jest globalSetup for `{ keycloak: true, rabbitmq: true }`: PostgreSQL, Keycloak and a test broker. */
export default async function globalSetup(): Promise<void> {
  await keycloakSetup();
  await startRabbitmqForJestRun();
}
