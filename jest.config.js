/** One jest run: every area's tests, TypeScript compiled by swc (legacy decorators for TypeORM). */
module.exports = {
  testEnvironment: 'node',
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
  testTimeout: 30000,
};
