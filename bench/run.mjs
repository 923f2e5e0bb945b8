#!/usr/bin/env node
/**
 * Benchmark: campaign-report aggregate against Miller, DuckDB and a plain
 * csv-parse loop on the same 1,000,000-row export, plus `--help` startup time.
 * Prints a table and the targets, checks every tool's output against the
 * generator's exact totals, writes bench/results.json and bench/results.md.
 *
 * Exit 0 even when a target is missed (it prints FAIL); exit 1 when a tool
 * crashes or an output is wrong; exit 2 on a usage error.
 *
 * Usage: node bench/run.mjs [--rows N] [--runs N] [--help-runs N] [--no-write]
 * (npm run bench builds first.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { checkAggregate, checkBaseline, readStderr } from './lib/check.mjs';
import { detectRssMethod, measure, median, readSystemBusyMs } from './lib/measure.mjs';
import { mb, renderConsoleTable, renderMarkdown, renderTargets } from './lib/report.mjs';
import { DEFAULT_ROWS, DEFAULT_SEED, ensureData } from './generate.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const NODE = process.execPath;

const TARGET_RATIO = 1.0;
const TARGET_RSS_MB = 200;
const TARGET_HELP_MS = 150;

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      rows: { type: 'string', default: String(DEFAULT_ROWS) },
      runs: { type: 'string', default: '3' },
      'help-runs': { type: 'string', default: '10' },
      'no-write': { type: 'boolean', default: false },
    },
  }));
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exit(2);
}
const rowsWanted = Number(options.rows);
const runs = Number(options.runs);
const helpRuns = Number(options['help-runs']);
if (![rowsWanted, runs, helpRuns].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('bench: --rows, --runs and --help-runs take positive integers');
  process.exit(2);
}

const log = (m) => console.error(`bench: ${m}`);
const rel = (p) => relative(ROOT, p) || '.';

const data = ensureData({ rows: rowsWanted, seed: DEFAULT_SEED, log });
const expected = JSON.parse(readFileSync(data.expected, 'utf8'));
const rssMethod = detectRssMethod();
if (rssMethod !== 'gnu-time') log('/usr/bin/time not found: peak RSS is sampled from /proc/<pid>/status every 20 ms');

function commandVersion(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
const packageVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};

const mlrVersion = commandVersion('mlr', ['--version']);
const cliBuilt = existsSync(join(ROOT, 'dist', 'cli.js')) && existsSync(join(ROOT, 'bin', 'campaign-report.js'));
const cliMissing = 'not built: dist/cli.js or bin/campaign-report.js missing (npm run build)';

const csv = rel(data.csv);
/** `campaign-report aggregate` on the benchmark data, CAMPAIGN_REPORT_THREADS set to `threads` (unset: the default). */
const ours = (key, label, threads, note) => ({
  key,
  label,
  cmd: NODE,
  args: ['bin/campaign-report.js', 'aggregate', '--campaign', rel(data.campaign), '--by', 'commodity,route,country', '--format', 'csv'],
  skip: cliBuilt ? null : cliMissing,
  env: (({ CAMPAIGN_REPORT_THREADS: _, ...rest }) => (threads === undefined ? rest : { ...rest, CAMPAIGN_REPORT_THREADS: threads }))(process.env),
  note,
});
const tools = [
  ours('campaign-report', 'campaign-report aggregate', undefined, 'the default: 2 threads'),
  ours('campaign-report-1t', 'campaign-report aggregate, 1 thread', '1', 'CAMPAIGN_REPORT_THREADS=1'),
  {
    key: 'miller',
    label: `Miller ${mlrVersion?.replace(/^mlr\s*/, '') ?? ''}`.trim(),
    cmd: 'mlr',
    args: ['--icsv', '--ocsv', 'stats1', '-a', 'count,sum', '-f', 'quantity', '-g', 'commodity,route,reporting_country', csv],
    skip: mlrVersion ? null : 'mlr (Miller) is not installed: skipped, and no ratios can be given',
    check: { count: 'quantity_count', sum: 'quantity_sum', country: 'reporting_country' },
  },
  {
    key: 'duckdb',
    label: `DuckDB ${packageVersion('@duckdb/node-api') ?? ''} (node-api)`,
    cmd: NODE,
    args: ['bench/duckdb-groupby.mjs', csv],
    skip: packageVersion('@duckdb/node-api') ? null : '@duckdb/node-api is not installed',
    check: { count: 'count', sum: 'sum', country: 'reporting_country' },
    note: `${cpus().length} threads`,
  },
  {
    key: 'csv-parse',
    label: `csv-parse ${packageVersion('csv-parse') ?? ''} loop`,
    cmd: NODE,
    args: ['bench/csv-parse-loop.mjs', csv],
    check: { count: 'count', sum: 'sum', country: 'reporting_country' },
    note: 'parse + group only',
  },
];
const help = {
  key: 'help',
  label: 'campaign-report --help',
  cmd: NODE,
  args: ['bin/campaign-report.js', '--help'],
  skip: cliBuilt ? null : cliMissing,
};
/** Node itself starting and exiting: the floor under --help, to tell a slow machine from a slow CLI. */
const nodeAlone = {
  key: 'node',
  label: 'node -e "" (Node starting alone)',
  cmd: NODE,
  args: ['-e', ''],
  skip: null,
};

const outFile = (key) => join(data.csv, '..', `out-${key}.txt`);
const errFile = (key) => join(data.csv, '..', `err-${key}.txt`);
const crashes = [];
let childCpuMs = 0; // CPU time of every measured run, to tell our load from other processes'

/** One measured run; a non-zero exit or a signal marks the tool as crashed. */
async function runOnce(tool, { keepOutput }) {
  const r = await measure(tool.cmd, tool.args, {
    cwd: ROOT,
    stdout: keepOutput ? outFile(tool.key) : '/dev/null',
    stderr: errFile(tool.key),
    rssMethod,
    env: tool.env,
  });
  childCpuMs += r.cpuMs ?? 0;
  if (r.code !== 0) {
    const why = r.signal ? `killed by ${r.signal}` : `exit code ${r.code}`;
    const stderr = readFileSync(errFile(tool.key), 'utf8').trim().split('\n').slice(-15).join('\n');
    tool.status = 'crashed';
    tool.note = why;
    crashes.push(`${tool.label} (${tool.cmd} ${tool.args.join(' ')}): ${why}\n${stderr}`);
  }
  return r;
}

/** Every tool's warm-up, then `n` rounds of one run each: a slow spell of the machine hits all tools alike. */
async function benchAll(list, n) {
  for (const tool of list) {
    tool.status = 'ok';
    tool.runsMs = [];
    tool.rssKb = [];
    tool.cpuMs = [];
    log(`${tool.label}: warm-up`);
    await runOnce(tool, { keepOutput: true });
  }
  for (let i = 0; i < n; i++) {
    for (const tool of list) {
      if (tool.status !== 'ok') continue;
      const r = await runOnce(tool, { keepOutput: false });
      tool.runsMs.push(r.ms);
      if (r.rssKb != null) tool.rssKb.push(r.rssKb);
      if (r.cpuMs != null) tool.cpuMs.push(r.cpuMs);
    }
    log(`round ${i + 1} of ${n}: ${list.filter((t) => t.status === 'ok').map((t) => `${t.key} ${Math.round(t.runsMs.at(-1))} ms`).join(', ')}`);
  }
  for (const tool of list) {
    if (tool.status !== 'ok') continue;
    tool.wallMsMedian = median(tool.runsMs);
    tool.cpuMsMedian = tool.cpuMs.length ? median(tool.cpuMs) : null;
    // Peak over the timed runs: the figure a memory limit would have to allow.
    tool.peakRssMb = tool.rssKb.length ? mb(Math.max(...tool.rssKb)) : null;
    log(`${tool.label}: ${Math.round(tool.wallMsMedian)} ms, ${tool.peakRssMb} MB`);
  }
}

log(`${data.rows} rows, ${(data.bytes / 1e6).toFixed(1)} MB; ${runs} timed rounds after 1 warm-up each; peak RSS via ${rssMethod}`);
const busyStart = readSystemBusyMs();
const harnessStart = process.cpuUsage();
const wallStart = performance.now();
for (const tool of [...tools, help]) {
  if (tool.skip) {
    tool.status = 'skipped';
    tool.note = tool.skip;
    log(`${tool.label}: SKIPPED: ${tool.skip}`);
  }
}
await benchAll(tools.filter((t) => !t.skip), runs);
if (!help.skip) await benchAll([help, nodeAlone], helpRuns);

// Other work on the machine inflates wall times (much less CPU times): measure
// the CPU the machine spent beyond ours, as a share of its capacity meanwhile.
const busyEnd = readSystemBusyMs();
const harness = process.cpuUsage(harnessStart);
const ownMs = childCpuMs + (harness.user + harness.system) / 1000;
const otherCpuShare = busyStart == null || busyEnd == null || rssMethod !== 'gnu-time'
  ? null
  : Math.max(0, (busyEnd - busyStart - ownMs) / ((performance.now() - wallStart) * cpus().length));
const busy = otherCpuShare != null && otherCpuShare > 0.1;

const miller = tools.find((t) => t.key === 'miller');
for (const t of tools) {
  t.ratioToMiller = t.status === 'ok' && miller.status === 'ok' ? t.wallMsMedian / miller.wallMsMedian : null;
}

// Correctness, from the warm-up outputs.
const problems = [];
const read = (key) => readFileSync(outFile(key), 'utf8');
for (const t of tools.filter((x) => x.status === 'ok' && x.check)) {
  for (const p of checkBaseline(read(t.key), t.check, expected)) problems.push(`${t.label}: ${p}`);
}
const aggregate = tools[0];
const aggregate2 = tools[1];
let aggregateStderr = null;
for (const t of [aggregate, aggregate2]) {
  if (t.status !== 'ok') continue;
  const stderr = readFileSync(errFile(t.key), 'utf8');
  if (t === aggregate) aggregateStderr = readStderr(stderr);
  const millerText = miller.status === 'ok' ? read('miller') : null;
  for (const p of checkAggregate(read(t.key), stderr, expected, millerText)) problems.push(`${t.label}: ${p}`);
}
if (aggregate.status === 'ok' && aggregate2.status === 'ok' && read(aggregate.key) !== read(aggregate2.key)) {
  problems.push(`${aggregate2.label}: its table differs from the default's`);
}

// Targets: missing one prints FAIL but does not fail the run.
const verdict = (ok) => (ok == null ? 'SKIP' : ok ? 'PASS' : 'FAIL');
/** The two targets of an aggregate run: wall time against Miller's, and peak memory. */
const aggregateTargets = (t, what) => {
  const rss = t.status === 'ok' && t.peakRssMb != null ? t.peakRssMb : null;
  return [
    {
      name: `aggregate ${what} wall time vs Miller`,
      target: `≤ ${TARGET_RATIO.toFixed(1)}× Miller`,
      actual: t.ratioToMiller == null ? 'n/a' : `${t.ratioToMiller.toFixed(2)}×`,
      result: verdict(t.ratioToMiller == null ? null : t.ratioToMiller <= TARGET_RATIO),
    },
    {
      name: `aggregate ${what} peak RSS`,
      target: `< ${TARGET_RSS_MB} MB`,
      actual: rss == null ? 'n/a' : `${rss.toFixed(1)} MB`,
      result: verdict(rss == null ? null : rss < TARGET_RSS_MB),
    },
  ];
};
const targets = [
  // The targets are the default's; one thread's figures are in the table beside it, for reference.
  ...aggregateTargets(aggregate, '(default: 2 threads)'),
  {
    name: '--help startup',
    target: `< ${TARGET_HELP_MS} ms`,
    actual: help.status === 'ok' ? `${Math.round(help.wallMsMedian)} ms (median of ${helpRuns}; Node alone ${Math.round(nodeAlone.wallMsMedian)} ms)` : 'n/a',
    result: verdict(help.status === 'ok' ? help.wallMsMedian < TARGET_HELP_MS : null),
  },
];

const date = new Date().toISOString();
const results = {
  schemaVersion: 1,
  date,
  environment: {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${release()}`,
    rssMethod,
    otherCpuShare: otherCpuShare == null ? null : Math.round(otherCpuShare * 1000) / 1000,
    busy,
    mlr: mlrVersion,
    duckdb: packageVersion('@duckdb/node-api'),
    csvParse: packageVersion('csv-parse'),
    campaignReport: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
  },
  data: { rows: data.rows, seed: data.seed, bytes: data.bytes, file: rel(data.csv), campaign: rel(data.campaign) },
  runs,
  helpRuns,
  tools: [...tools, help, nodeAlone].map((t) => ({
    key: t.key,
    label: t.label,
    command: [t.cmd === NODE ? 'node' : t.cmd, ...t.args].join(' '),
    status: t.status,
    note: t.note ?? null,
    runsMs: t.runsMs?.map((ms) => Math.round(ms * 10) / 10) ?? [],
    wallMsMedian: t.wallMsMedian == null ? null : Math.round(t.wallMsMedian * 10) / 10,
    cpuMsMedian: t.cpuMsMedian ?? null,
    peakRssMb: t.peakRssMb ?? null,
    ratioToMiller: t.ratioToMiller == null ? null : Math.round(t.ratioToMiller * 1000) / 1000,
  })),
  targets,
  campaignReport: aggregateStderr,
  correctness: { ok: problems.length === 0 && crashes.length === 0, problems, crashes },
};
// The markdown table leaves out the --help row: it is a target, not a contender.
const mdResults = { ...results, tools: results.tools.filter((t) => t.key !== 'help' && t.key !== 'node') };

console.log('');
console.log(renderConsoleTable([...tools, help, nodeAlone]));
console.log('');
console.log('Targets:');
console.log(renderTargets(targets));
if (busy) {
  console.log(`\nWARNING: other processes used ${Math.round(otherCpuShare * 100)}% of the machine's CPU during the run: wall times are inflated; CPU times are steadier.`);
}
if (aggregateStderr?.buckets) {
  const b = aggregateStderr.buckets;
  console.log(`\ncampaign-report buckets: read ${b.read} = accepted ${b.accepted} + rejected ${b.rejected} + duplicates ${b.duplicates} + out_of_scope ${b.out_of_scope}`);
  const codes = Object.entries(aggregateStderr.diagnostics);
  if (codes.length) console.log(`campaign-report diagnostics on clean data: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
}

if (!options['no-write']) {
  writeFileSync(join(BENCH, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(BENCH, 'results.md'), renderMarkdown(mdResults));
  console.log('\nWrote bench/results.json and bench/results.md');
}

if (crashes.length || problems.length) {
  const bar = '!'.repeat(72);
  console.error(`\n${bar}`);
  if (crashes.length) {
    console.error('TOOL CRASHED:');
    for (const c of crashes) console.error(`  ${c.replaceAll('\n', '\n    ')}`);
  }
  if (problems.length) {
    console.error('CORRECTNESS FAILURE: outputs disagree with the generator’s exact totals');
    for (const p of problems) console.error(`  ${p}`);
  }
  console.error(bar);
  process.exitCode = 1;
} else {
  console.log('Correctness: OK (all tools agree with the exact totals)');
}
