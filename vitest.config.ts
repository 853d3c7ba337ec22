import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that need a Redis server run in their own command: npm run test:distributed (vitest.distributed.config.ts).
    exclude: [...configDefaults.exclude, 'test/distributed/**'],
    // The end-to-end tests spawn the CLI, which loads the repair models: generous on a loaded 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
