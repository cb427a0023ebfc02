// ESLint flat config. The point of it is the module boundaries: a service may depend on libraries
// and contracts only, never on another service, the gateway or a BFF (docs/architecture.md#layout;
// tools/workspace-checks/src/module-boundaries.spec.ts shows the rule refuses such imports).
const nx = require("@nx/eslint-plugin");
const tseslint = require("typescript-eslint");

// Layers inside a service (docs/conventions.md, "Layers inside a service"): adapters -> application
// -> domain. The inner layers import no adapter, nothing that talks to the outside, and none of the
// kit's database pieces; application/ declares the ports it needs and db/ implements them.
const LAYERS = "docs/conventions.md, Layers inside a service";
const PORTS = `declare the port (an interface) in application/<service>-deps.ts, implement it in db/ and wire it in app.ts (${LAYERS})`;
const ioPackages = (layer) => ({
  group: [
    "pg",
    "pg-*",
    "fastify",
    "@fastify/*",
    "@connectrpc/*",
    "graphql",
    "mercurius",
    "@apollo/*",
    "rabbitmq-client",
  ],
  message: `${layer} must not talk to the outside (SQL, HTTP, RPC, GraphQL, the broker): ${PORTS}.`,
});
const adapters = (layer) => ({
  regex: "^(\\.\\./)+(db|rpc|graph|events|clients)(/.*)?$",
  message: `${layer} must not import an adapter (db/, rpc/, graph/, events/, clients/): ${PORTS}.`,
});
const compositionRoot = (layer) => ({
  regex: "^(\\.\\./)+(app|main)$",
  message: `${layer} must not import the composition root (app.ts, main.ts); it hands ${layer} its dependencies (${LAYERS}).`,
});
const platformDatabase = (layer) => ({
  name: "@emporium/platform",
  importNames: ["Pool", "PoolClient", "createPool", "inTransaction", "recordEvent"],
  message: `${layer} must not use the database (pools, clients, transactions): a repository or a transaction is a port too; ${PORTS}.`,
});

module.exports = tseslint.config(
  {
    ignores: [
      "**/*.cjs",
      "**/node_modules/**",
      "**/dist/**",
      "libs/contracts/src/gen/**",
      "sdk/*/src/gen/**",
      "proto-deps/**",
      "reports/**",
      ".nx/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "@nx": nx },
    rules: {
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: "type:service", onlyDependOnLibsWithTags: ["type:lib", "type:contracts"] },
            { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:lib", "type:contracts"] },
            { sourceTag: "type:lib", onlyDependOnLibsWithTags: ["type:lib", "type:contracts"] },
            { sourceTag: "type:contracts", onlyDependOnLibsWithTags: [] },
            // The client SDKs run in browsers and apps: nothing of the servers' code (Node APIs) in them.
            { sourceTag: "type:sdk", onlyDependOnLibsWithTags: ["type:sdk"] },
            { sourceTag: "type:infra", onlyDependOnLibsWithTags: ["type:lib", "type:infra"] },
            { sourceTag: "type:testing", onlyDependOnLibsWithTags: ["type:lib", "type:contracts", "type:infra"] },
            { sourceTag: "type:e2e", onlyDependOnLibsWithTags: ["*"] },
            { sourceTag: "type:bench", onlyDependOnLibsWithTags: ["*"] },
            { sourceTag: "type:tooling", onlyDependOnLibsWithTags: ["*"] },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["services/*/src/application/**/*.ts"],
    ignores: ["**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [platformDatabase("application/")],
          patterns: [adapters("application/"), compositionRoot("application/"), ioPackages("application/")],
        },
      ],
    },
  },
  {
    files: ["services/*/src/domain/**/*.ts"],
    ignores: ["**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [platformDatabase("domain/")],
          patterns: [
            {
              regex: "^(\\.\\./)+application(/.*)?$",
              message: `domain/ must not import application/: the use cases depend on the domain, not the other way (${LAYERS}).`,
            },
            adapters("domain/"),
            compositionRoot("domain/"),
            ioPackages("domain/"),
            {
              group: ["@emporium/contracts", "@emporium/contracts/*", "@bufbuild/*"],
              message: `domain/ knows no wire format: map contract messages in the adapters (${LAYERS}).`,
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of a service may use the shared test harness (libs/testing) on top of the libs.
    files: ["**/*.spec.ts", "**/test/**/*.ts"],
    rules: {
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: "type:service", onlyDependOnLibsWithTags: ["type:lib", "type:contracts", "type:testing"] },
            { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:lib", "type:contracts", "type:testing"] },
            { sourceTag: "*", onlyDependOnLibsWithTags: ["*"] },
          ],
        },
      ],
    },
  },
);
