import { SHARED_EXCHANGES } from "@emporium/local-servers";
import { COMMANDS_EXCHANGE, DEAD_LETTER_EXCHANGE, EVENTS_EXCHANGE, RETRY_EXCHANGE } from "@emporium/platform";

/**
 * The broker policy (infra/local-servers) names the shared exchanges itself, since the platform's
 * own specs use the test kit that uses it; here, where both are in reach, they must agree.
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
