import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'emulators/**/*.test.ts'],
          // *.pg.test.ts need a PostgreSQL server: they join the suite when TEST_DATABASE_URL is set.
          exclude: [
            'test/browser/**',
            'node_modules/**',
            ...(process.env.TEST_DATABASE_URL ? [] : ['**/*.pg.test.ts']),
          ],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
