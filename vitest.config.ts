import { defineConfig } from 'vitest/config';

// Two projects: fast pure-logic unit tests, and integration tests that start real containers.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['harness/**/*.test.ts', 'targets/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          // A few unit tests start the CLI as a child process; on a busy two-core host that alone can take seconds.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['harness/**/*.int.test.ts', 'targets/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // Integration tests share one Docker engine and two cores: run them one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
