/** @type {import('jest').Config} */
module.exports = {
  // Node's, with a temporary directory per test file that is removed when the file is done (and checked).
  testEnvironment: "<rootDir>/__tests__/setup/test-environment.ts",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type-checking is `tsc --noEmit` in `npm test`; jest only transpiles, which keeps it fast.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 120000,
  // Real Docker engine, Ceph RGW and PostgreSQL for the integration tests, stopped by PID afterwards.
  globalSetup: "<rootDir>/__tests__/setup/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/setup/global-teardown.ts",
};
