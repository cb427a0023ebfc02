// Nx loads a generator with require(). Under Node's own type stripping that fails on this
// package's extensionless imports, so tsx (the workspace's TypeScript runner) compiles it instead.
require("tsx/cjs/api").register();
module.exports = require("./service-generator.ts");
