#!/usr/bin/env node
/**
 * `npm run test:hardening`: runs the hardening tests and prints their figures as a table.
 *   1. test/e2e/hostile-corpus.test.ts (fixtures/hostile), hostile-property.test.ts (fast-check)
 *      and build-html.test.ts (HTML/PDF injection probes, local listener), through vitest;
 *   2. SIGKILL trials, alternating `build` and `summary --out 'reports/nightly-{date}.md'` on a
 *      copy of fixtures/summary, each killed at a random moment; the previous outputs of both
 *      (and summary's state file) must be intact byte for byte, and the next run of the same
 *      command must exit 0, take the stale lock over and leave no lock, staging folder or temp
 *      file behind. 50 trials (25 of each); HARDENING_KILL_TRIALS=N for N; HARDENING_KILL_SECONDS,
 *      when set, stops earlier once that many seconds have passed (at least one trial of each).
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

// ---- 1. vitest: run here, or (CI, after `npm test` ran them with HARDENING_STATS_DIR set)
// read from that run: HARDENING_RESULTS=<vitest JSON report>, HARDENING_STATS_DIR=<its stats folder>.
const testFiles = ['test/e2e/hostile-corpus.test.ts', 'test/e2e/hostile-property.test.ts', 'test/e2e/build-html.test.ts'];
const reuse = process.env.HARDENING_RESULTS;
const statsDir = reuse ? process.env.HARDENING_STATS_DIR ?? join(tmp, 'stats') : join(tmp, 'stats');
const jsonOut = reuse ?? join(tmp, 'vitest.json');
const vt = reuse
  ? { status: 0 }
  : spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...testFiles, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonOut}`], {
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

// ---- 2. SIGKILL trials during build and summary
const camp = join(tmp, 'campaign');
cpSync(join(ROOT, 'fixtures/summary'), camp, { recursive: true });
const out = join(camp, 'reports');
const env = { ...process.env, SOURCE_DATE_EPOCH: '1721001600' };
delete env.FORCE_COLOR;
const campaignFile = join(camp, 'campaign.yaml');
/** The two writing commands, both into `reports/` (one lock, one folder of staging sets). */
const commands = {
  build: [BIN, 'build', '--campaign', campaignFile, '--all-phases', '--format', 'md,html', '--out', out, '--quiet'],
  summary: [BIN, 'summary', '--campaign', campaignFile, '--since', '2024-07-14', '--until', '2024-07-15', '--out', 'reports/nightly-{date}.md', '--quiet'],
};
const runOpts = { cwd: camp, env, encoding: 'utf8' };
/** Every file (→ SHA-256) and folder under the campaign folder: its outputs, summary's state file, the inputs. */
const snapshot = () => {
  const m = new Map();
  const walk = (d, rel) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        m.set(`${rel}${e.name}/`, 'folder'); // an empty staging folder counts too
        walk(p, `${rel}${e.name}/`);
      }
      else m.set(`${rel}${e.name}`, createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(camp, '');
  return m;
};
for (const [name, args] of Object.entries(commands)) {
  const r = spawnSync(process.execPath, args, runOpts);
  if (r.status !== 0) throw new Error(`baseline ${name} failed (${r.status}): ${r.stderr}`);
}
const baseline = snapshot();
for (const f of ['reports/night-watch-jul.md', 'reports/nightly-2024-07-15.md', '.campaign-report-state.json']) {
  if (!baseline.has(f)) throw new Error(`baseline lacks ${f}: ${[...baseline.keys()].join(', ')}`);
}
const t0 = Date.now();
/** How long an undisturbed run of each takes: kills are spread over 0–110 % of it. */
const fullMs = {};
for (const [name, args] of Object.entries(commands)) {
  const s = Date.now();
  spawnSync(process.execPath, args, runOpts);
  fullMs[name] = Date.now() - s;
}
const cap = process.env.HARDENING_KILL_SECONDS ? Number(process.env.HARDENING_KILL_SECONDS) * 1000 : undefined;
const totalTrials = process.env.HARDENING_KILL_TRIALS ? Number(process.env.HARDENING_KILL_TRIALS) : 50;
const tally = { build: { trials: 0, survived: 0 }, summary: { trials: 0, survived: 0 } };
const killFailures = [];
for (let trial = 1; trial <= totalTrials; trial++) {
  if (cap !== undefined && trial > 2 && Date.now() - t0 > cap) break;
  const name = trial % 2 === 1 ? 'build' : 'summary';
  tally[name].trials++;
  const delay = Math.floor(Math.random() * fullMs[name] * 1.1);
  const child = spawn(process.execPath, commands[name], { cwd: camp, env, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, delay));
  child.kill('SIGKILL');
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
  const problems = [];
  // Every published file is whole: the same bytes as the baseline (outputs are reproducible).
  // What the killed run may leave (its lock, staging folder, a temp file) the next run must clear.
  const killed = snapshot();
  for (const [f, h] of baseline) {
    if (!killed.has(f)) problems.push(`${f} is gone`);
    else if (killed.get(f) !== h) problems.push(`${f} differs from the previous output`);
  }
  const again = spawnSync(process.execPath, commands[name], runOpts);
  if (again.status !== 0) problems.push(`next ${name} exited ${again.status}: ${again.stderr.slice(0, 300)}`);
  const after = snapshot();
  const left = [...after.keys()].filter((f) => !baseline.has(f));
  if (left.length > 0) problems.push(`left behind after the next run: ${left.join(', ')}`);
  for (const [f, h] of baseline) if (after.get(f) !== h) problems.push(`${f} differs after the next run`);
  if (problems.length === 0) tally[name].survived++;
  else killFailures.push(`trial ${trial} (${name} killed after ${delay} ms): ${problems.join('; ')}`);
}
const killSeconds = Math.round((Date.now() - t0) / 1000);
const kills = tally.build.trials + tally.summary.trials;
const killsSurvived = tally.build.survived + tally.summary.survived;
rmSync(tmp, { recursive: true, force: true });

// ---- table
const rows = [
  ['cases tried (fixtures/hostile)', `${corpus.cases}`, `${failedCases.size} fail their expectations${failedCases.size ? `: ${[...failedCases].join(', ')}` : ''}`],
  ['random inputs generated (fast-check)', `${property.generated}`, `seed ${property.seed}`],
  ['crashes (signal, stack trace, undocumented exit)', `${corpus.crashes + property.crashes}`, 'must be 0'],
  ['records unaccounted for (read ≠ accepted + rejected + duplicates + out_of_scope)', `${corpus.unaccounted + property.unaccounted}`, 'must be 0'],
  ['injection probes that got through (build-html.test.ts)', `${injection.failed}`, `must be 0; ${injection.total} tests`],
  ['kill trials survived (SIGKILL during build / summary)', `${tally.build.survived}/${tally.build.trials} + ${tally.summary.survived}/${tally.summary.trials}`, `${killSeconds} s; ${kills} trials${kills < totalTrials ? ` of ${totalTrials} (HARDENING_KILL_SECONDS cap)` : ''}; build ${fullMs.build} ms, summary ${fullMs.summary} ms undisturbed`],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`\n| ${'figure'.padEnd(w0)} | ${'value'.padStart(w1)} | note |`);
console.log(`|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 1)}:|------|`);
for (const r of rows) console.log(`| ${r[0].padEnd(w0)} | ${r[1].padStart(w1)} | ${r[2]} |`);
for (const f of killFailures.slice(0, 10)) console.log(`kill: ${f}`);
const bad = corpus.crashes + property.crashes !== 0 || corpus.unaccounted + property.unaccounted !== 0 || injection.failed !== 0 || killsSurvived !== kills || vt.status !== 0;
process.exitCode = bad ? 1 : 0;

