// These checks need no database: no PostgreSQL global setup.
module.exports = require("../../jest.preset.cjs")(__dirname, { globalSetup: undefined, globalTeardown: undefined });
