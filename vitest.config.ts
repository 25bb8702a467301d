import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration tests start redis-server and child processes.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
