import postgresSetup from "./jest-global-setup";
import { startRabbitmqForJestRun } from "./jest-global-rabbitmq";

/** Jest globalSetup for `{ rabbitmq: true }`: PostgreSQL as usual, plus one test broker for the run. */
export default async function globalSetup(): Promise<void> {
  await postgresSetup();
  await startRabbitmqForJestRun();
}
