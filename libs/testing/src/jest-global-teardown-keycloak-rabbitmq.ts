import keycloakTeardown from "./jest-global-teardown-keycloak";
import { stopRabbitmqForJestRun } from "./jest-global-rabbitmq";

export default async function globalTeardown(): Promise<void> {
  await stopRabbitmqForJestRun();
  await keycloakTeardown();
}
