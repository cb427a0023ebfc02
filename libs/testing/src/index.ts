export * from "./postgres-for-tests";
export * from "./test-databases";
export { default as jestGlobalSetup } from "./jest-global-setup";
export { default as jestGlobalTeardown } from "./jest-global-teardown";
export * from "./processes";
export * from "./platform";
export * from "./chromium";
export * from "./tokens";
export * from "./auth-matrix";
