// ESLint flat config. The point of it is the module boundaries: a service may depend on libraries
// and contracts only, never on another service, the gateway or a BFF (docs/architecture.md#layout;
// tools/workspace-checks/src/module-boundaries.spec.ts shows the rule refuses such imports).
const nx = require("@nx/eslint-plugin");
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
  {
    ignores: [
      "**/*.cjs",
      "**/node_modules/**",
      "**/dist/**",
      "libs/contracts/src/gen/**",
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
