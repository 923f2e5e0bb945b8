/**
 * The layers of src/, top to bottom (README, Development → Layout). An import
 * may only point down: each layer gets one rule forbidding imports of every
 * layer above it, render and output (one level) may not import each other, and
 * no import cycle is allowed anywhere. Type-only imports count too: a type that
 * two layers share lives in the lower one (or in src/core/).
 *
 * `npm run lint` (and so `npm test` and CI) runs `depcruise src` with this file;
 * test/unit/layers.test.ts checks on a fixture tree that the rules bite.
 */
const LAYERS = [
  { name: 'cli', paths: ['^src/cli\\.ts$'] },
  { name: 'commands', paths: ['^src/commands/'] },
  { name: 'render-output', paths: ['^src/render/', '^src/output/'] },
  { name: 'pipeline', paths: ['^src/pipeline/'] },
  { name: 'ingest', paths: ['^src/ingest/'] },
  { name: 'aggregate', paths: ['^src/aggregate/'] },
  { name: 'validate', paths: ['^src/validate/'] },
  { name: 'config', paths: ['^src/config/'] },
  { name: 'normalize', paths: ['^src/normalize/'] },
  { name: 'base', paths: ['^src/errors\\.ts$', '^src/util/', '^src/core/', '^src/data/'] },
];

/** Command files are entries that cli.ts loads lazily; what two commands share lives in commands/common.ts and friends. */
const COMMAND_ENTRIES = '^src/commands/(aggregate|build|export|init|summary|templates|validate)\\.ts$';

const layerRules = LAYERS.slice(1).map((layer, i) => ({
  name: `${layer.name}-points-down`,
  comment: `${layer.name} may not import ${LAYERS.slice(0, i + 1).map((l) => l.name).join(', ')} (layers only point down)`,
  severity: 'error',
  from: { path: layer.paths },
  to: { path: LAYERS.slice(0, i + 1).flatMap((l) => l.paths) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle anywhere in src.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'render-output-apart',
      comment: 'render and output are one level: neither imports the other (what both need lives lower, e.g. src/util/escape.ts).',
      severity: 'error',
      from: { path: '^src/(render|output)/' },
      to: { path: '^src/(render|output)/', pathNot: '^src/$1/' },
    },
    {
      name: 'commands-apart',
      comment: 'A command file does not import another command (cli.ts loads each one lazily); shared helpers live in their own files.',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: COMMAND_ENTRIES },
    },
    {
      name: 'every-file-in-a-layer',
      comment: 'A new folder of src/ must be given its place in LAYERS, or the rules above would not see it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: LAYERS.flatMap((l) => l.paths) },
    },
    {
      name: 'every-importer-in-a-layer',
      comment: 'As every-file-in-a-layer, for a file outside every layer that imports something.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.flatMap((l) => l.paths) },
      to: {},
    },
  ],
  options: {
    includeOnly: '^src/',
    // Type-only imports are dependencies too: a shared type must live low enough for both sides.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
