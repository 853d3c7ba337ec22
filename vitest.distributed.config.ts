import { defineConfig } from 'vitest/config';

/**
 * `npm run test:distributed`: runs with a real redis-server (the Debian package, started by the tests
 * on a free loopback port) and `vnplan worker` child processes. Kept out of `npm test`, which needs
 * no server; .ci/run installs redis-server and runs these after it.
 */
export default defineConfig({
  test: {
    include: ['test/distributed/**/*.test.ts'],
    // One file at a time: each test starts its own Redis and workers on the 2 cores.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
