import { defineConfig } from 'vitest/config';

const services = ['contracts', 'ingress', 'workers', 'ledger', 'admin-api', 'packages/*'];

export default defineConfig({
  test: {
    include: [
      '{contracts,ingress,workers,ledger,admin-api,packages/*,tests}/src/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // Integration tests share one NATS, Redis and PostgreSQL; each test file isolates
    // itself with its own subjects, pools and database rows, so files may run in parallel.
    pool: 'forks',
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: services.map((s) => `${s}/src/**/*.ts`),
      exclude: ['**/*.test.ts', '**/test-support/**', '**/main.ts', '**/index.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: Object.fromEntries(services.map((s) => [`${s}/src/**/*.ts`, { lines: 80 }])),
    },
  },
});
