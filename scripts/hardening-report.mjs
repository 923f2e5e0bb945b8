#!/usr/bin/env node
/**
 * `npm run test:hardening`: runs the hardening tests and prints their figures as a table.
 *   1. test/e2e/hostile-corpus.test.ts (fixtures/hostile), hostile-property.test.ts (fast-check)
 *      and build-html.test.ts (HTML/PDF injection probes, local listener), through vitest;
 *   2. SIGKILL trials during `build`: a build of a copy of fixtures/summary is killed at a
 *      random moment; the previous outputs must be intact byte for byte, and the next run must
 *      exit 0, take the stale lock over and leave no staging folder or lock behind.
 *      HARDENING_KILL_TRIALS=N runs exactly N trials; otherwise as many as fit in
 *      HARDENING_KILL_SECONDS (default 60), at least 1.
 * Exits 1 when a figure that must be 0 is not, or a test failed.
 * Assumes the CLI is built (`npm run build`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/campaign-report.js');
const tmp = mkdtempSync(join(tmpdir(), 'campaign-report-hardening-'));
const statsDir = join(tmp, 'stats');

// ---- 1. vitest
const testFiles = ['test/e2e/hostile-corpus.test.ts', 'test/e2e/hostile-property.test.ts', 'test/e2e/build-html.test.ts'];
const jsonOut = join(tmp, 'vitest.json');
const vt = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...testFiles, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonOut}`], {
  cwd: ROOT,
  env: { ...process.env, HARDENING_STATS_DIR: statsDir },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const results = existsSync(jsonOut) ? JSON.parse(readFileSync(jsonOut, 'utf8')) : { testResults: [] };
const perFile = (suffix) => {
  const f = results.testResults.find((t) => t.name.endsWith(suffix));
  const a = f?.assertionResults ?? [];
  return { total: a.length, failed: a.filter((x) => x.status === 'failed').length, failedNames: a.filter((x) => x.status === 'failed').map((x) => x.fullName) };
};
const readStats = (name) => (existsSync(join(statsDir, name)) ? JSON.parse(readFileSync(join(statsDir, name), 'utf8')) : undefined);
const corpus = readStats('hostile-corpus.json') ?? { cases: 0, crashes: NaN, unaccounted: NaN };
const property = readStats('hostile-property.json') ?? { generated: 0, crashes: NaN, unaccounted: NaN };
const corpusTests = perFile('hostile-corpus.test.ts');
const injection = perFile('build-html.test.ts');
const failedCases = new Set(corpusTests.failedNames.map((n) => /hostile corpus: (\S+)/.exec(n)?.[1]).filter(Boolean));

// ---- 2. SIGKILL trials during build
const camp = join(tmp, 'campaign');
cpSync(join(ROOT, 'fixtures/summary'), camp, { recursive: true });
const out = join(camp, 'reports');
const env = { ...process.env, SOURCE_DATE_EPOCH: '1721001600' };
delete env.FORCE_COLOR;
const buildArgs = [BIN, 'build', '--campaign', join(camp, 'campaign.yaml'), '--all-phases', '--format', 'md,html', '--out', out, '--quiet'];
const snapshot = () => {
  const m = new Map();
  const walk = (d, rel) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else m.set(`${rel}${e.name}`, createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  if (existsSync(out)) walk(out, '');
  return m;
};
const isHouseKeeping = (f) => f.startsWith('.campaign-report-staging-') || f === '.campaign-report.lock';
const first = spawnSync(process.execPath, buildArgs, { env, encoding: 'utf8' });
if (first.status !== 0) throw new Error(`baseline build failed (${first.status}): ${first.stderr}`);
const baseline = snapshot();
const t0 = Date.now();
const fullMs = (() => {
  const s = Date.now();
  spawnSync(process.execPath, buildArgs, { env });
  return Date.now() - s;
})();
const budget = Number(process.env.HARDENING_KILL_SECONDS ?? 60) * 1000;
const fixedTrials = process.env.HARDENING_KILL_TRIALS ? Number(process.env.HARDENING_KILL_TRIALS) : undefined;
let trials = 0;
let survived = 0;
const killFailures = [];
while (fixedTrials !== undefined ? trials < fixedTrials : trials === 0 || Date.now() - t0 < budget) {
  trials++;
  const delay = Math.floor(Math.random() * fullMs * 1.1);
  const child = spawn(process.execPath, buildArgs, { env, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, delay));
  child.kill('SIGKILL');
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
  const problems = [];
  // every published file is whole: the same bytes as the baseline (outputs are reproducible)
  for (const [f, h] of snapshot()) {
    if (isHouseKeeping(f.split('/')[0])) continue;
    if (baseline.get(f) !== h) problems.push(`${f} differs from the previous output`);
  }
  for (const f of baseline.keys()) if (!existsSync(join(out, f))) problems.push(`${f} is gone`);
  const again = spawnSync(process.execPath, buildArgs, { env, encoding: 'utf8' });
  if (again.status !== 0) problems.push(`next run exited ${again.status}: ${again.stderr.slice(0, 300)}`);
  const left = readdirSync(out).filter(isHouseKeeping);
  if (left.length > 0) problems.push(`left behind after the next run: ${left.join(', ')}`);
  const after = snapshot();
  for (const [f, h] of baseline) if (after.get(f) !== h) problems.push(`${f} differs after the next run`);
  if (problems.length === 0) survived++;
  else killFailures.push(`trial ${trials} (kill after ${delay} ms): ${problems.join('; ')}`);
}
const killSeconds = Math.round((Date.now() - t0) / 1000);
rmSync(tmp, { recursive: true, force: true });

// ---- table
const rows = [
  ['cases tried (fixtures/hostile)', `${corpus.cases}`, `${failedCases.size} fail their expectations${failedCases.size ? `: ${[...failedCases].join(', ')}` : ''}`],
  ['random inputs generated (fast-check)', `${property.generated}`, `seed ${property.seed}`],
  ['crashes (signal, stack trace, undocumented exit)', `${corpus.crashes + property.crashes}`, 'must be 0'],
  ['records unaccounted for (read ≠ accepted + rejected + duplicates + out_of_scope)', `${corpus.unaccounted + property.unaccounted}`, 'must be 0'],
  ['injection probes that got through (build-html.test.ts)', `${injection.failed}`, `must be 0; ${injection.total} tests`],
  ['kill trials survived (SIGKILL during build)', `${survived} / ${trials}`, `${killSeconds} s${fixedTrials === undefined ? `, as many as fit in ${budget / 1000} s` : ''}`],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`\n| ${'figure'.padEnd(w0)} | ${'value'.padStart(w1)} | note |`);
console.log(`|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 1)}:|------|`);
for (const r of rows) console.log(`| ${r[0].padEnd(w0)} | ${r[1].padStart(w1)} | ${r[2]} |`);
for (const f of killFailures.slice(0, 10)) console.log(`kill: ${f}`);
const bad = corpus.crashes + property.crashes !== 0 || corpus.unaccounted + property.unaccounted !== 0 || injection.failed !== 0 || survived !== trials || vt.status !== 0;
process.exitCode = bad ? 1 : 0;

