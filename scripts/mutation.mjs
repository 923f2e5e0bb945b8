// `npm run test:mutation`: Stryker over normalize, validate and aggregate (stryker.config.mjs),
// in incremental mode against the committed test/mutation/stryker-incremental.json.
//
// Stryker's incremental mode re-tests every mutant whose code changed, and every mutant a changed
// or new unit test reaches; it cannot see a change anywhere else that alters what a test does (the
// config, core and util layers the domain code imports, the goods data, test helpers, the lockfile,
// Stryker's and vitest's configuration). Those are fingerprinted in test/mutation/inputs.sha256:
// when the fingerprint differs from the committed one, every mutant is tested again (--force).
// After a run that passes the break threshold, the fingerprint is rewritten: commit it with the
// incremental file. Extra arguments go to Stryker (`npm run test:mutation -- --force`, `--concurrency 1`).
//
// Except in CI (CI=true): a full pass takes 40–80 minutes on a 2-core machine, over CI's budget, so
// CI re-tests only what Stryker sees as changed, says that the full pass is due, and leaves the
// fingerprint as it was; the full pass is run by whoever changed the input (README → Mutation testing).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const FINGERPRINT = join(root, 'test/mutation/inputs.sha256');
const INCREMENTAL = join(root, 'test/mutation/stryker-incremental.json');

/** What the unit tests of the mutated folders may depend on, beyond the mutated files and the test files themselves. */
const INPUTS = ['src/config', 'src/core', 'src/util', 'src/errors.ts', 'src/data', 'src/ingest/columns.ts', 'test/helpers', 'package-lock.json', 'stryker.config.mjs', 'vitest.unit.config.ts', 'tsconfig.json', 'scripts/mutation.mjs'];

function files(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [path];
  return readdirSync(abs).sort().flatMap((name) => files(join(path, name)));
}

function fingerprint() {
  const h = createHash('sha256');
  h.update(`node ${process.versions.node.split('.')[0]}\n`);
  for (const f of INPUTS.flatMap(files)) h.update(`${relative(root, join(root, f))}\0`).update(readFileSync(join(root, f))).update('\0');
  return h.digest('hex');
}

const args = process.argv.slice(2);
const now = fingerprint();
const committed = existsSync(FINGERPRINT) ? readFileSync(FINGERPRINT, 'utf8').trim() : '';
const inCi = ['true', '1'].includes(process.env.CI ?? '');
const stale = committed !== now;
const full = args.includes('--force') || !existsSync(INCREMENTAL) || (stale && !inCi);
if (full && !args.includes('--force')) {
  console.log(committed === '' || !existsSync(INCREMENTAL) ? 'mutation testing: no incremental file yet, testing every mutant' : 'mutation testing: an input outside the mutated files and tests changed (test/mutation/inputs.sha256), testing every mutant');
  args.push('--force');
}
if (stale && !full) {
  console.log('mutation testing: an input outside the mutated files and tests changed since the committed results (test/mutation/inputs.sha256);');
  console.log('  CI re-tests only the mutants Stryker sees as changed. A full pass is due: `npm run test:mutation`, then commit test/mutation/.');
}
// A mutant can make code allocate without end (a growth loop turned around) faster than Stryker's
// timeout stops it: on Linux, Stryker and its test processes are made the OOM killer's first choice
// (children inherit the score), so such a mutant kills its own worker, which Stryker replaces, and
// never another process of the machine.
try {
  writeFileSync('/proc/self/oom_score_adj', '1000\n');
} catch {
  // not Linux, or not allowed: nothing to do
}
const started = Date.now();
const r = spawnSync(process.execPath, [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', '--incremental', ...args], { cwd: root, stdio: 'inherit' });
console.log(`mutation testing: ${full ? 'every mutant' : 'incremental'}, ${Math.round((Date.now() - started) / 1000)} s, exit ${r.status ?? r.signal}`);
// Only a run that tested every mutant, or one whose inputs were already those of the results, vouches for them.
if (r.status === 0 && (full || !stale)) writeFileSync(FINGERPRINT, `${now}\n`);
process.exit(r.status ?? 1);
