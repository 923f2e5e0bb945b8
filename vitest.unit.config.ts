import { defineConfig } from 'vitest/config';

// The unit tier alone, for Stryker (`npm run test:mutation`): pure code, in process, so it needs
// no bundle and no global setup (the full config rebuilds dist/ before every run).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
