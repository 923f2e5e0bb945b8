// Mutation testing of the domain core (`npm run test:mutation`): each rule of normalize, validate
// and aggregate must be pinned by a fast unit test. See README → Development → Mutation testing.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.unit.config.ts' },
  // Each mutant runs only the unit tests that reach it.
  coverageAnalysis: 'perTest',
  mutate: ['src/normalize/**/*.ts', 'src/validate/**/*.ts', 'src/aggregate/**/*.ts'],
  // Mutants in module-level code (tables, constants) would re-run every test each; the data tables
  // are pinned instead by table-driven tests (test/unit/alias-tables.test.ts, goods-spellings.test.ts).
  ignoreStatic: true,
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  // The survivors and the score per file; not the list of every test.
  clearTextReporter: { reportTests: false, allowEmojis: false },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Used by `npm run test:mutation` (scripts/mutation.mjs, which says when every mutant is tested again).
  incrementalFile: 'test/mutation/stryker-incremental.json',
  concurrency: 2,
};
