/** Jest runs TypeScript through SWC (fast, no type check; `npm run typecheck` does that). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/tests/support/globalSetup.mjs',
  globalTeardown: '<rootDir>/tests/support/globalTeardown.mjs',
  testTimeout: 30000,
  maxWorkers: 2,
  // A worker whose tests left nothing open still takes 150-700 ms to end after its last file: its event
  // loop is empty and its 'exit' event fires at once, then Node disposes V8 and the native addons (SWC,
  // the resolver) and frees the heap, slower on a loaded machine. Jest's default grace of 500 ms then
  // reports a leak that is not there. A real leak (a handle that keeps the loop alive) is still reported,
  // after this longer wait; this is not forceExit.
  workerGracefulExitTimeout: 3000,
};
