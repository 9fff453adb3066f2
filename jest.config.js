const { availableParallelism } = require('node:os');

/** One jest run: every area's tests, TypeScript compiled by swc (legacy decorators for TypeORM). */
module.exports = {
  // At least two files at once: most tests wait on a database or a browser, so two share even a two-core machine
  // (jest's default there is one).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testEnvironment: 'node',
  // The seeded demo, made once per run and copied for each test that starts one (bot-server/test-support/demo-snapshot.ts).
  globalSetup: '<rootDir>/bot-server/test-support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/bot-server/test-support/jest-global-teardown.ts',
  roots: ['<rootDir>/bot-server', '<rootDir>/entities', '<rootDir>/scripts', '<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // A test or hook that seeds a demo on MariaDB can take over 30 s on a loaded 2-core machine; a limit, not a claim.
  testTimeout: 90000,
};
