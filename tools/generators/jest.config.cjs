// The generator on an in-memory tree over the repository: no database, nothing written.
// Generating into a scratch copy and running the new service is `test-scratch` (minutes).
const config = require("../../jest.preset.cjs")(__dirname, { globalSetup: undefined, globalTeardown: undefined });

module.exports = { ...config, testPathIgnorePatterns: [...config.testPathIgnorePatterns, "<rootDir>/test/"] };
