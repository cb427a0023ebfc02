import { SHARED_EXCHANGES } from "@emporium/local-servers";
import { COMMANDS_EXCHANGE, EVENTS_EXCHANGE } from "./event-envelope";
import { DEAD_LETTER_EXCHANGE, RETRY_EXCHANGE } from "./topology";

/**
 * The broker policy (infra/local-servers) names the shared exchanges itself: the local platform's
 * tooling must not depend on the platform library (a contract change would then "affect" it).
 * Here, where both are in reach, they must agree.
 */
describe("the broker policy's exchanges", () => {
  it("are the ones the platform publishes to", () => {
    expect(SHARED_EXCHANGES).toEqual({
      events: EVENTS_EXCHANGE,
      commands: COMMANDS_EXCHANGE,
      retry: RETRY_EXCHANGE,
      deadLetter: DEAD_LETTER_EXCHANGE,
    });
  });
});
