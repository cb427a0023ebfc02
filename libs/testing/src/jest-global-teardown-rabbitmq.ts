import postgresTeardown from "./jest-global-teardown";
import { stopRabbitmqForJestRun } from "./jest-global-rabbitmq";

export default async function globalTeardown(): Promise<void> {
  await stopRabbitmqForJestRun();
  await postgresTeardown();
}
