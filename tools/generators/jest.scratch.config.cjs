// Generates a service into a scratch copy of the repository, then type-checks, lints, builds and
// tests it there against the test infrastructure (PostgreSQL, Keycloak): a few minutes.
const config = require("../../jest.preset.cjs")(__dirname, { keycloak: true });

module.exports = { ...config, testMatch: ["<rootDir>/test/**/*.spec.ts"], testTimeout: 600_000 };
