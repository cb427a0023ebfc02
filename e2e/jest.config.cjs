// Whole-platform specs, one at a time; the restart specs are a target of their own (see below).
const restartSpecs = require("./jest.restart-specs.cjs");
const config = require("../jest.preset.cjs")(__dirname, { keycloak: true, rabbitmq: true });

module.exports = { ...config, testPathIgnorePatterns: [...config.testPathIgnorePatterns, ...restartSpecs] };
