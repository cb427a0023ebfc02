module.exports = require("../../jest.preset.cjs")(__dirname, { globalSetup: undefined, globalTeardown: undefined });
