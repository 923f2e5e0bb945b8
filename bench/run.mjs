#!/usr/bin/env node
/**
 * Benchmark, one command (npm run bench builds first, then runs this). Whole
 * processes, side by side: each section's commands run once per round, rounds
 * interleaved, so every ratio is measured in the same run.
 *   bench       aggregate on 1,000,000 generated rows against Miller, DuckDB and a
 *               csv-parse loop, default threads and the other count (one thread
 *               when the default is more, else every core)
 *   commands    validate, build --format md,html and summary on the same campaign,
 *               in the same rounds, default threads beside the other count
 *   no-case-id  aggregate on 1,000,000 rows of the second shape against Miller
 *               and DuckDB
 *   5m          aggregate on 5,000,000 rows against Miller (2 rounds, no warm-up)
 *   example     build of the example campaign, without and with PDF
 *   startup     --help against Node starting alone
 * Every output is checked against the generator's exact totals, and each command's
 * output must be the same on both thread counts (build: its .md, .html and charts).
 * Prints the tables and the targets (PASS/FAIL), writes bench/results.json and
 * bench/results.md. Targets (default threads, the worst run's peak RSS):
 *   aggregate      ≤ 1.0× Miller (bench, no-case-id, 5m); ≤ 2.0× DuckDB (bench);
 *                  ≤ 200 MB (bench, no-case-id), ≤ 400 MB (5m)
 *   validate       ≤ 1.3× aggregate
 *   build md,html  ≤ 1.5× aggregate, ≤ 250 MB
 *   summary        ≤ 1.5× aggregate
 *   example build  ≤ 1000 ms (md,html), ≤ 3000 ms (with PDF); --help < 150 ms
 * --rows sets the size of bench, commands and no-case-id; --big-rows of 5m.
 *
 * Exit 0 even when a target is missed (it prints FAIL); exit 1 when a command
 * crashes or an output is wrong; exit 2 on a usage error.
 *
 * Usage: node bench/run.mjs [--rows N] [--runs N] [--big-rows N] [--big-runs N]
 *   [--help-runs N] [--only LIST] [--no-5m] [--no-write]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Bench } from './lib/interleave.mjs';
import { detectRssMethod, readSystemBusyMs } from './lib/measure.mjs';
import { renderConsole, renderMarkdown } from './lib/report.mjs';
import { aggregateSection, exampleSection, startupSection } from './lib/sections.mjs';
import { campaignReportTools, toolVersions } from './lib/tools.mjs';
import { DEFAULT_ROWS } from './generate.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const SECTIONS = ['bench', 'commands', 'no-case-id', '5m', 'example', 'startup'];

const TARGET_RATIO = 1.0;
const TARGET_DUCKDB_RATIO = 2.0;
const TARGET_RSS_MB = 200;
/** validate, build and summary against aggregate with the same threads, in the same rounds. */
const TARGET_COMMANDS = { validate: { ratio: 1.3 }, build: { ratio: 1.5, rssMb: 250 }, summary: { ratio: 1.5 } };
const TARGET_BIG_RSS_MB = 400;
const TARGET_HELP_MS = 150;

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        rows: { type: 'string', default: String(DEFAULT_ROWS) },
        runs: { type: 'string', default: '3' },
        'big-rows': { type: 'string', default: '5000000' },
        'big-runs': { type: 'string', default: '2' },
        'help-runs': { type: 'string', default: '10' },
        only: { type: 'string', default: SECTIONS.join(',') },
        'no-5m': { type: 'boolean', default: false },
        'no-write': { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    return { error: e.message };
  }
  const n = Object.fromEntries(['rows', 'runs', 'big-rows', 'big-runs', 'help-runs'].map((k) => [k, Number(values[k])]));
  if (!Object.values(n).every((v) => Number.isInteger(v) && v > 0)) return { error: '--rows, --runs, --big-rows, --big-runs and --help-runs take positive integers' };
  const only = new Set(values.only.split(',').map((s) => s.trim()).filter(Boolean));
  const unknown = [...only].filter((s) => !SECTIONS.includes(s));
  if (unknown.length) return { error: `--only: unknown section ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})` };
  if (values['no-5m']) only.delete('5m');
  return { ...n, only, write: !values['no-write'] };
}

const options = readOptions();
if (options.error) {
  console.error(`bench: ${options.error}`);
  process.exit(2);
}
const log = (m) => console.error(`bench: ${m}`);
const rel = (p) => relative(ROOT, p) || '.';
/** 1M, 5M, 20,000: how a row count is named in titles and targets. */
const rowsName = (n) => (n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n.toLocaleString('en-US'));

const rssMethod = detectRssMethod();
if (rssMethod !== 'gnu-time') log('/usr/bin/time not found: peak RSS is sampled from /proc/<pid>/status every 20 ms');
const bench = new Bench({ cwd: ROOT, rssMethod, log });
const ctx = { bench, cli: campaignReportTools(ROOT), rel, root: ROOT, log };
const scratch = mkdtempSync(join(tmpdir(), 'campaign-report-bench-out-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const want = (s) => options.only.has(s);
const common = { ratioTarget: TARGET_RATIO, rssTargetMb: TARGET_RSS_MB, rounds: options.runs, warmup: true };
const sectionRuns = [];
if (want('bench') || want('commands')) {
  sectionRuns.push(() => aggregateSection(ctx, {
    ...common,
    key: 'bench',
    what: `${rowsName(options.rows)} rows, bench shape`,
    rows: options.rows,
    shape: 'bench',
    baselines: want('bench') ? ['miller', 'duckdb', 'csv-parse'] : [],
    duckdbRatioTarget: TARGET_DUCKDB_RATIO,
    commands: want('commands'),
    commandTargets: TARGET_COMMANDS,
  }));
}
if (want('no-case-id')) {
  sectionRuns.push(() => aggregateSection(ctx, {
    ...common, key: 'no-case-id', what: `${rowsName(options.rows)} rows, no-case-id shape`, rows: options.rows, shape: 'no-case-id', baselines: ['miller', 'duckdb'], commands: false,
  }));
}
if (want('5m')) {
  // Miller takes ~15 s a run at 5M rows: two rounds, and the first one keeps the outputs instead of a warm-up.
  sectionRuns.push(() => aggregateSection(ctx, {
    ...common,
    key: '5m',
    what: `${rowsName(options['big-rows'])} rows, bench shape`,
    rows: options['big-rows'],
    shape: 'bench',
    rounds: options['big-runs'],
    warmup: false,
    rssTargetMb: TARGET_BIG_RSS_MB,
    baselines: ['miller'],
    commands: false,
  }));
}
if (want('example')) sectionRuns.push(() => exampleSection(ctx, { rounds: options.runs, outDir: scratch }));
if (want('startup')) sectionRuns.push(() => startupSection(ctx, { rounds: options['help-runs'], dir: scratch, targetMs: TARGET_HELP_MS }));

const busyStart = readSystemBusyMs();
const harnessStart = process.cpuUsage();
const wallStart = performance.now();
const sections = [];
for (const run of sectionRuns) sections.push(await run());

// Other work on the machine inflates wall times (much less CPU times): measure
// the CPU the machine spent beyond ours, as a share of its capacity meanwhile.
const busyEnd = readSystemBusyMs();
const harness = process.cpuUsage(harnessStart);
const ownMs = bench.childCpuMs + (harness.user + harness.system) / 1000;
const otherCpuShare = busyStart == null || busyEnd == null || rssMethod !== 'gnu-time'
  ? null
  : Math.max(0, (busyEnd - busyStart - ownMs) / ((performance.now() - wallStart) * cpus().length));
const busy = otherCpuShare != null && otherCpuShare > 0.1;

const problems = sections.flatMap((s) => s.problems);
const crashes = bench.crashes;
const views = sections.flatMap((s) => s.views);
const results = {
  schemaVersion: 2,
  date: new Date().toISOString(),
  environment: {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${release()}`,
    rssMethod,
    otherCpuShare: otherCpuShare == null ? null : Math.round(otherCpuShare * 1000) / 1000,
    busy,
    ...toolVersions(ROOT),
  },
  options: { rows: options.rows, runs: options.runs, bigRows: options['big-rows'], bigRuns: options['big-runs'], helpRuns: options['help-runs'], sections: [...options.only] },
  sections: sections.map((s) => s.json),
  targets: sections.flatMap((s) => s.targets),
  correctness: { ok: problems.length === 0 && crashes.length === 0, problems, crashes },
};

console.log('');
console.log(renderConsole(views, results.targets));
if (busy) {
  console.log(`\nWARNING: other processes used ${Math.round(otherCpuShare * 100)}% of the machine's CPU during the run: wall times are inflated; CPU times are steadier.`);
}
const withBuckets = results.sections.filter((x) => x.campaignReport?.buckets);
if (withBuckets.length) console.log('');
for (const s of withBuckets) {
  const { buckets: b, diagnostics } = s.campaignReport;
  const codes = Object.entries(diagnostics);
  console.log(`campaign-report buckets (${s.title}): read ${b.read} = accepted ${b.accepted} + rejected ${b.rejected} + duplicates ${b.duplicates} + out_of_scope ${b.out_of_scope}` +
    (codes.length ? `; diagnostics on clean data: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}` : ''));
}

if (options.write) {
  writeFileSync(join(BENCH, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(BENCH, 'results.md'), renderMarkdown(results, views));
  console.log('\nWrote bench/results.json and bench/results.md');
}

if (crashes.length || problems.length) {
  const bar = '!'.repeat(72);
  console.error(`\n${bar}`);
  if (crashes.length) {
    console.error('COMMAND CRASHED:');
    for (const c of crashes) console.error(`  ${c.replaceAll('\n', '\n    ')}`);
  }
  if (problems.length) {
    console.error('CORRECTNESS FAILURE: outputs disagree with the generator’s exact totals, or between thread counts');
    for (const p of problems) console.error(`  ${p}`);
  }
  console.error(bar);
  process.exitCode = 1;
} else {
  console.log('Correctness: OK (every output agrees with the exact totals; each command’s output is the same on both thread counts)');
}
