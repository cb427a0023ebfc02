// The e2e specs that restart or kill infrastructure (jest.restart-specs.cjs), one at a time.
const restartSpecs = require("./jest.restart-specs.cjs");
const config = require("../jest.preset.cjs")(__dirname, { keycloak: true, rabbitmq: true });

module.exports = { ...config, testMatch: undefined, testRegex: restartSpecs };
