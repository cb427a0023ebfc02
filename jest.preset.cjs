// Shared Jest settings. TypeScript (and ESM-only dependencies, see docs/adr/0001) are transformed
// to CommonJS by swc; see docs/adr/0001-module-system.md.
const path = require("node:path");
const fs = require("node:fs");

// The test targets write Jest's JSON report here (--outputFile); Jest does not create the folder.
fs.mkdirSync(path.join(__dirname, "reports", "jest"), { recursive: true });

/**
 * Packages Jest must transform to CommonJS: ESM-only ones (Jest's registry does not use Node's
 * require(esm)) and CommonJS ones that load ESM with a dynamic import() (mercurius → quick-lru).
 */
const esmOnly = ["jose", "cockatiel", "content-disposition", "cookie", "quick-lru", "mercurius"];

/** One setup/teardown file per combination: "", "-keycloak", "-rabbitmq", "-keycloak-rabbitmq". */
const infrastructureSuffix = (keycloak, rabbitmq) => `${keycloak ? "-keycloak" : ""}${rabbitmq ? "-rabbitmq" : ""}`;

/**
 * `keycloak: true` for projects whose tests need real tokens: the global setup then also starts a
 * throwaway Keycloak (unless `npm test` already runs one for the whole run).
 * `rabbitmq: true` likewise starts one throwaway RabbitMQ (EMPORIUM_TEST_AMQP_URL); each test file
 * takes its own vhost with createTestVhost(). The two combine.
 */
module.exports = (projectDir, { keycloak = false, rabbitmq = false, ...overrides } = {}) => ({
  rootDir: projectDir,
  testEnvironment: "node",
  testMatch: ["<rootDir>/**/*.spec.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  transform: {
    "^.+\\.(t|j|mj|cj)sx?$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2023" },
        module: { type: "commonjs" },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join("|")})/)`],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  globalSetup: path.join(__dirname, `libs/testing/src/jest-global-setup${infrastructureSuffix(keycloak, rabbitmq)}.ts`),
  globalTeardown: path.join(
    __dirname,
    `libs/testing/src/jest-global-teardown${infrastructureSuffix(keycloak, rabbitmq)}.ts`,
  ),
  setupFilesAfterEnv: [path.join(__dirname, "libs/testing/src/jest-stop-strays.ts")],
  testTimeout: 60_000,
  ...overrides,
});
