/**
 * One read path for any number of threads: with CAMPAIGN_REPORT_THREADS=N for
 * N = 1…4, every command (validate, aggregate, build, summary, aggregate
 * --format partial) writes the same bytes, the same diagnostics and the same
 * --report-json. The campaign has duplicates and conflicts across range and
 * file borders, rejected and out-of-scope rows, multi-item cases, a totals
 * source, a YAML source beside CSV sources and, in a second campaign, a partial.
 * CAMPAIGN_REPORT_DEBUG_PARALLEL prints the plan, so each test also checks the
 * sources really were cut and dealt to N threads.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';
import { keyHash } from '../helpers/records.js';
import { countNewlines, FileHash, hashFile, LineCounter, readUnit } from '../../src/pipeline/read-unit.js';
import { closePlan, likelyThreads, planReads, threadCount } from '../../src/pipeline/plan.js';
import { loadCampaign } from '../../src/config/load.js';
import { runPipeline, startReaders } from '../../src/pipeline/run.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

afterAll(cleanupTempDirs);

const HEAD = `campaign:
  id: par
  name: Parallel
  participants: [VN, TH, KR]
  commodities: [drugs, tobacco, cites]
phases:
  - { id: jan, name: January, start: 2024-01-01, end: 2024-01-31 }
  - { id: feb, name: February, start: 2024-02-01, end: 2024-02-29 }
`;
const HEADER = 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country,case_id';

/** A deterministic export of `n` rows (three item lines a case) from `prefix`-ed ids. */
function rows(n: number, seed: number, prefix = ''): string[] {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = pick(['VN', 'TH', 'KR']);
    const commodity = pick(['drugs', 'tobacco', 'cites', 'precursors']);
    const unit = commodity === 'tobacco' ? pick(['sticks', 'pack', 'carton']) : pick(['kg', 'g', 'lb', 'pieces']);
    const day = 1 + Math.floor(rnd() * 59);
    const date = day <= 31 ? `2024-01-${String(day).padStart(2, '0')}` : `2024-02-${String(day - 31).padStart(2, '0')}`;
    const qty = (rnd() * 1000).toFixed(Math.floor(rnd() * 4));
    out.push(`${prefix}${c}${i},${date},${c},${commodity},x${i % 7},${qty},${unit},${pick(['air', 'sea', 'land'])},${pick(['MM', 'LA', 'CN'])},${c},${prefix}C${Math.floor(i / 3)}`);
  }
  return out;
}

/** Repeats of earlier ids (same content: duplicates; changed: conflicts) and bad rows. */
function dirty(earlier: readonly string[], k: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < k; i++) {
    const r = earlier[(i * 37) % earlier.length]!;
    const f = r.split(',');
    f[5] = String(Number(f[5]) + 1);
    out.push(r, f.join(','), r);
  }
  out.push('', 'BAD1,2024-02-31,VN,drugs,meth,1,kg,air,MM,VN,', 'BAD2,2024-02-10,VN,drugs,meth,abc,kg,air,MM,VN,', 'BAD3,2024-02-10,VN,drugs');
  out.push('OOS1,2023-12-01,VN,drugs,meth,1,kg,air,MM,VN,', 'OOS2,2024-02-01,VN,precursors,pmk,1,kg,air,CN,VN,', 'NP1,2024-01-05,US,drugs,meth,1,kg,air,MM,US,');
  out.push(',,,,,,,,,,', '');
  return out;
}

/** Dirty stretches at a quarter, the middle and three quarters: every cut for N ≤ 4 has some on each side. */
function dirtyFile(n: number, seed: number, prefix = ''): string {
  const r = rows(n, seed, prefix);
  const q = Math.floor(n / 4);
  const parts = [r.slice(0, q), dirty(r.slice(0, q), 15), r.slice(q, 2 * q), dirty(r.slice(0, 2 * q), 15), r.slice(2 * q, 3 * q), dirty(r, 15), r.slice(3 * q)];
  return [HEADER, ...parts.flat()].join('\n') + '\n';
}

function yamlSource(): string {
  const items = rows(40, 99, 'Y').map((l) => {
    const f = l.split(',');
    return `  - { id: ${f[0]}, date: ${f[1]}, reporting_country: ${f[2]}, commodity: ${f[3]}, subtype: ${f[4]}, quantity: ${f[5]}, unit: ${f[6]}, route: ${f[7]} }`;
  });
  // One of data.csv's ids again (a duplicate across formats) and one bad item.
  return ['seizures:', ...items, '  - { id: BAD9, date: 2024-01-02, reporting_country: VN, commodity: drugs, quantity: -1, unit: kg, route: air }'].join('\n') + '\n';
}

function totalsSource(): string {
  const body = rows(600, 41, 'T').map((l, i) => `${l},${1 + (i % 4)}`);
  return [`${HEADER},count`, ...body].join('\n') + '\n';
}

const FILES = {
  'campaign.yaml': `${HEAD}sources:\n  - path: data.csv\n  - path: more.csv\n  - path: extra.yaml\n  - path: totals.csv\n`,
  'data.csv': dirtyFile(8000, 3),
  // A second file whose ids repeat data.csv's (duplicates and conflicts across files and threads).
  'more.csv': [HEADER, ...dirty(rows(8000, 3).slice(7000), 20), ...rows(3000, 8, 'M')].join('\n') + '\n',
  'extra.yaml': yamlSource(),
  'totals.csv': totalsSource(),
};

/** `steal` false: the main thread reads no unit a worker could (CAMPAIGN_REPORT_MAIN_STEALS=0), so the workers' path is taken whatever the timing. */
async function cli(dir: string, threads: number, args: string[], steal = true): Promise<CliResult> {
  const env = { CAMPAIGN_REPORT_THREADS: String(threads), CAMPAIGN_REPORT_DEBUG_PARALLEL: '1', SOURCE_DATE_EPOCH: '1710000000', ...(steal ? {} : { CAMPAIGN_REPORT_MAIN_STEALS: '0' }) };
  return runCli(args, { cwd: dir, env });
}

const planLine = (stderr: string) => (stderr.split('\n').find((l) => l.startsWith('threads: ')) ?? '').replace(/ \(at \d+ ms\)$/, '');
const withoutPlan = (stderr: string) => stderr.split('\n').filter((l) => !l.startsWith('threads: ')).join('\n').replace(/\(all in [^)]*\)/, '(all in …)');

/** Every file under `dir/sub`, by name. */
function outputs(dir: string, sub: string): Record<string, string> {
  return Object.fromEntries(readdirSync(join(dir, sub), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name), 'utf8')]));
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: string;
  files: Record<string, string>;
  plan: string;
  /** Units a worker read (the debug lines say). */
  byWorkers: number;
}

async function run(dir: string, threads: number, command: string[], outDir?: string, steal = true): Promise<Run> {
  const json = `r-${threads}.json`;
  // summary's --out is a file pattern, build's a folder.
  const out = outDir ? ['--out', command[0] === 'summary' ? `${outDir}-${threads}/s-{date}-{phase}.md` : `${outDir}-${threads}`] : [];
  // summary has no --report-json: its buckets line and files say it all.
  const reportJson = command[0] === 'summary' ? [] : ['--report-json', json];
  const r = await cli(dir, threads, [...command, ...out, ...reportJson], steal);
  const files = outDir ? Object.fromEntries(Object.entries(outputs(dir, `${outDir}-${threads}`)).map(([k, v]) => [k.replace(`-${threads}`, ''), v])) : {};
  return { code: r.code ?? -1, stdout: r.stdout, stderr: withoutPlan(r.stderr).replaceAll(`${outDir}-${threads}`, `${outDir}`), json: reportJson.length > 0 ? readFileSync(join(dir, json), 'utf8') : '', files, plan: planLine(r.stderr), byWorkers: (r.stderr.match(/^threads: unit \d+: read by a worker/gm) ?? []).length };
}

const COMMANDS: [string, string[], string?][] = [
  ['validate', ['validate']],
  ['aggregate', ['aggregate']],
  ['aggregate --by phase,week,commodity,subtype', ['aggregate', '--by', 'phase,week,commodity,subtype']],
  ['aggregate --phase feb --format json', ['aggregate', '--by', 'country,origin', '--phase', 'feb', '--format', 'json']],
  ['aggregate --format partial', ['aggregate', '--format', 'partial']],
  ['build --all-phases --format md,html', ['build', '--all-phases', '--format', 'md,html'], 'reports'],
  ['summary', ['summary', '--since', '2024-01-20', '--until', '2024-02-10', '--format', 'md,txt'], 'nightly'],
];

describe('CAMPAIGN_REPORT_THREADS=N gives the one-thread bytes for N = 2, 3, 4', () => {
  const dir = tempDir(FILES);
  for (const [name, command, outDir] of COMMANDS) {
    it(name, async () => {
      const one = await run(dir, 1, command, outDir && `${outDir}`);
      expect(one.plan).toBe('threads: 1; data.csv, more.csv, extra.yaml, totals.csv');
      // The data has duplicates, conflicts, rejected and out-of-scope records.
      expect(one.stderr).toMatch(/read \d+ = accepted \d+ \+ rejected [1-9]\d* \+ duplicates [1-9]\d* \+ out_of_scope [1-9]\d*/);
      if (one.json) expect(one.json).toContain('CONFLICTING_ID');
      expect(one.code).toBe(command[0] === 'validate' ? 1 : 0);
      // Two threads as they come (the main thread reads what no worker has claimed), then 2, 3 and 4
      // with the workers reading every source unit.
      for (const [n, steal] of [[2, true], [2, false], [3, false], [4, false]] as const) {
        const many = await run(dir, n, command, outDir, steal);
        // data.csv is cut into ranges.
        expect(many.plan).toMatch(new RegExp(`^threads: ${n}; data\\.csv\\[0,\\d+\\), data\\.csv\\[\\d+,`));
        // build leaves every byte range to the workers of its own accord (RunOptions.mainReads: its collector keeps the
        // main thread busiest) and reads the whole sources itself (a worker's would wait whole on the main thread).
        if (command[0] === 'build') expect(many.byWorkers).toBe(many.plan.split(', ').filter((u) => u.includes('[')).length);
        else if (!steal) expect(many.byWorkers).toBe(many.plan.split(', ').length);
        expect(many.code).toBe(one.code);
        expect(many.stdout).toBe(one.stdout);
        expect(many.stderr).toBe(one.stderr);
        expect(many.json).toBe(one.json);
        expect(many.files).toEqual(one.files);
      }
    }, 120_000);
  }
});

describe('a partial beside raw exports, on any number of threads', () => {
  it('aggregate and build give the one-thread bytes', async () => {
    const dir = tempDir({ ...FILES, 'campaign.yaml': `${HEAD}sources:\n  - path: data.csv\n  - path: th.partial.json\n  - path: extra.yaml\n`, 'th-only.yaml': `${HEAD}sources:\n  - path: more.csv\n` });
    const made = await cli(dir, 1, ['aggregate', '--campaign', 'th-only.yaml', '--format', 'partial', '--out', 'th.partial.json']);
    expect(made.code).toBe(0);
    for (const command of [['aggregate', '--by', 'phase,country,commodity'], ['build', '--phase', 'feb', '--format', 'md']]) {
      const one = await run(dir, 1, command, command[0] === 'build' ? 'rep' : undefined);
      for (const n of [2, 3, 4]) {
        const many = await run(dir, n, command, command[0] === 'build' ? 'rep' : undefined, false);
        expect(many.plan).toContain('th.partial.json');
        expect(many.plan).toMatch(/data\.csv\[\d+,\d+\)/);
        expect([many.code, many.stdout, many.stderr, many.json, many.files]).toEqual([one.code, one.stdout, one.stderr, one.json, one.files]);
      }
    }
  }, 120_000);
});

describe('the long id and many groups', () => {
  it('an id of 70,000 characters and over 65,536 subtypes read the same on two threads', async () => {
    const long = 'L'.repeat(70_000);
    const r = rows(150_000, 5).map((l, i) => (i < 75_000 ? l : l.replace(/,x\d,/, `,w${i},`)));
    // Each w-row is a group of its own, unless its commodity is out of scope (the worker codes them all: 75,000 subtypes).
    const wGroups = r.slice(75_000).filter((l) => !l.includes(',precursors,') && Number(l.split(',')[5]) > 0).length;
    const csv = [HEADER, ...r, `${long},2024-01-05,VN,drugs,meth,1,kg,air,MM,VN,`, r[9]!, `${long},2024-01-05,VN,drugs,meth,1,kg,air,MM,VN,`, `${long},2024-01-05,VN,drugs,meth,2,kg,air,MM,VN,`].join('\n') + '\n';
    const dir = tempDir({ 'campaign.yaml': `${HEAD}sources:\n  - path: data.csv\n`, 'data.csv': csv });
    const one = await run(dir, 1, ['aggregate', '--by', 'subtype']);
    const two = await run(dir, 2, ['aggregate', '--by', 'subtype'], undefined, false);
    expect(two.plan).toMatch(/^threads: 2; data\.csv\[0,\d+\), data\.csv\[\d+,\d+\), /);
    expect([two.stdout, two.stderr, two.json]).toEqual([one.stdout, one.stderr, one.json]);
    const doc = JSON.parse(one.json) as { diagnostics: { code: string; value?: string; line: number }[] };
    expect(doc.diagnostics.filter((d) => d.value === long).map((d) => d.code)).toEqual(['DUPLICATE', 'CONFLICTING_ID']);
    expect(one.stdout.split('\n').filter((l) => l.startsWith('w')).length).toBe(wGroups);
  }, 120_000);
});

describe('the plan', () => {
  it('cuts a plain CSV file at line starts after a record, and keeps a file with an early quote whole', async () => {
    const dir = tempDir({ ...FILES, 'quoted.csv': FILES['data.csv'].replace(/,x3,/, ',"x3",'), 'q.yaml': `${HEAD}sources:\n  - path: quoted.csv\n  - path: more.csv\n` });
    const campaign = await loadCampaign(join(dir, 'campaign.yaml'));
    const plan = planReads(campaign, { CAMPAIGN_REPORT_THREADS: '3' });
    const text = readFileSync(join(dir, 'data.csv'));
    const cuts = plan.units.filter((u) => u.fileIndex === 0).map((u) => u.range!);
    expect(cuts.length).toBeGreaterThanOrEqual(2);
    expect(cuts[0]!.start).toBe(0);
    expect(cuts.at(-1)!.end).toBe(text.length);
    for (let i = 1; i < cuts.length; i++) {
      expect(cuts[i]!.start).toBe(cuts[i - 1]!.end);
      expect(text[cuts[i]!.start - 1]).toBe(10);
    }
    // In campaign order, at least four units a thread (units no larger than the input over 4 × threads).
    expect(plan.units.every((u, i) => i === 0 || u.fileIndex >= plan.units[i - 1]!.fileIndex)).toBe(true);
    expect(cuts.length).toBeGreaterThanOrEqual(3 * 4 * (text.length / (text.length + readFileSync(join(dir, 'more.csv')).length)) - 1);
    const two = planReads(campaign, { CAMPAIGN_REPORT_THREADS: '2' });
    expect(two.threads).toBe(2);
    const quoted = planReads(await loadCampaign(join(dir, 'q.yaml')), { CAMPAIGN_REPORT_THREADS: '2' });
    expect(quoted.units[0]!.range).toBeUndefined();
    expect(planReads(campaign, { CAMPAIGN_REPORT_THREADS: '1' }).units.every((u) => !u.range)).toBe(true);
    for (const p of [plan, quoted, two]) closePlan(p);
  });

  it('gives a main thread that only replays (build) one worker from 32 MiB of input, any other from 48 MiB, and units of at most 512 KiB', async () => {
    const MiB = 1024 * 1024;
    const two = Math.min(availableParallelism(), 2);
    expect(threadCount(31 * MiB, false, {}, 'replays')).toBe(1);
    expect(threadCount(32 * MiB, false, {}, 'replays')).toBe(two);
    expect(threadCount(4096 * MiB, false, {}, 'replays')).toBe(two);
    // Where the main thread reads too: a worker from 24 MiB a thread (aggregate, validate, summary).
    expect(threadCount(47 * MiB, false, {}, 'reads')).toBe(1);
    expect(threadCount(48 * MiB, false, {}, 'reads')).toBe(two);
    // The benchmark labels its runs with the same rule (bench/lib/sections.mjs).
    const bench = (await import(pathToFileURL(join(ROOT, 'bench/lib/sections.mjs')).href)) as { defaultThreads: (bytes: number, role: string) => number };
    for (const bytes of [MiB, 31 * MiB, 32 * MiB, 47 * MiB, 48 * MiB, 65 * MiB, 336 * MiB, 4096 * MiB]) {
      for (const role of ['reads', 'replays'] as const) expect(bench.defaultThreads(bytes, role)).toBe(threadCount(bytes, false, {}, role));
    }
    expect(threadCount(64 * MiB, true, {}, 'replays')).toBe(1);
    expect(threadCount(1 * MiB, false, { CAMPAIGN_REPORT_THREADS: '3' }, 'replays')).toBe(3);
    const dir = tempDir({ 'campaign.yaml': `${HEAD}sources:\n  - path: data.csv\n`, 'data.csv': [HEADER, ...rows(150_000, 23)].join('\n') + '\n' });
    const campaign = await loadCampaign(join(dir, 'campaign.yaml'));
    const size = readFileSync(join(dir, 'data.csv')).length;
    const lengths = (role: 'reads' | 'replays') => {
      const plan = planReads(campaign, { CAMPAIGN_REPORT_THREADS: '2' }, role);
      closePlan(plan);
      return plan.units.map((u) => u.range!.end - u.range!.start);
    };
    const replays = lengths('replays');
    const reads = lengths('reads');
    // Each cut is at the first line start past its place (lines of this file are under 200 bytes).
    expect(Math.max(...replays)).toBeLessThan(512 * 1024 + 200);
    expect(replays.length).toBe(Math.ceil(size / (512 * 1024)));
    expect(Math.min(...reads)).toBeGreaterThan(512 * 1024 + 200);
    expect([replays, reads].map((l) => l.reduce((a, b) => a + b, 0))).toEqual([size, size]);
    // Nothing to cut (a YAML source): no worker for a main thread that only replays; one for any other.
    const yamlOnly = await loadCampaign(join(tempDir({ 'campaign.yaml': `${HEAD}sources:\n  - path: extra.yaml\n`, 'extra.yaml': FILES['extra.yaml'] }), 'campaign.yaml'));
    expect(planReads(yamlOnly, { CAMPAIGN_REPORT_THREADS: '2' }, 'replays')).toEqual({ threads: 1, units: [{ fileIndex: 0, kind: 'source' }], role: 'replays' });
    expect(planReads(yamlOnly, { CAMPAIGN_REPORT_THREADS: '2' }, 'reads').threads).toBe(2);
  });

  it('starts the workers before the plan: as many as the plan has, none where nothing can be cut, and closes them when the plan has one thread after all', async () => {
    const dir = tempDir({ ...FILES, 'yaml-only.yaml': `${HEAD}sources:\n  - path: extra.yaml\n` });
    const campaign = await loadCampaign(join(dir, 'campaign.yaml'));
    for (const [threads, role] of [['1', 'reads'], ['2', 'reads'], ['3', 'replays']] as const) {
      const plan = planReads(campaign, { CAMPAIGN_REPORT_THREADS: threads }, role);
      closePlan(plan);
      expect(likelyThreads(campaign, { CAMPAIGN_REPORT_THREADS: threads }, role)).toBe(plan.threads);
    }
    expect(likelyThreads(campaign, {}, 'reads')).toBe(1);
    // A YAML source cannot be cut: build's plan has one thread, though a worker was started (and is closed).
    const yamlOnly = await loadCampaign(join(dir, 'yaml-only.yaml'));
    expect(likelyThreads(yamlOnly, { CAMPAIGN_REPORT_THREADS: '2' }, 'replays')).toBe(2);
    const build = ['build', '--campaign', 'yaml-only.yaml', '--format', 'md'];
    const [one, two] = await Promise.all([run(dir, 1, build, 'yaml-only'), run(dir, 2, build, 'yaml-only')]);
    expect(two.code, two.stderr).toBe(0);
    expect(two.plan).toBe('threads: 1; extra.yaml');
    expect([two.stdout, two.stderr, two.json, two.files]).toEqual([one.stdout, one.stderr, one.json, one.files]);
    // Workers a command started and never gave a plan stop when it lets them go (an error before the read).
    process.env.CAMPAIGN_REPORT_THREADS = '2';
    try {
      const readers = startReaders(campaign, 'reads')!;
      expect(readers.count).toBe(1);
      expect(readers.arrived(0)).toBe(false);
      await readers[Symbol.asyncDispose]();
      // The worker has exited: a unit can no longer come (arrived: true, as when a worker fails).
      await new Promise((r) => setTimeout(r, 50));
      expect(readers.arrived(0)).toBe(true);
    } finally {
      delete process.env.CAMPAIGN_REPORT_THREADS;
    }
  }, 60_000);

  it('a build that fails after its workers started (a template that does not compile) stops them and exits 4 with nothing written', async () => {
    const dir = tempDir({ ...FILES, 'tpl/html/cover.hbs': '<h1>{{#if}}</h1>\n' });
    const r = await cli(dir, 2, ['build', '--format', 'html', '--template', 'tpl', '--out', 'reports']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('TEMPLATE_ERROR');
    expect(readdirSync(dir)).not.toContain('reports');
  }, 60_000);

  it('reports the progress of every thread as one read of each file', async () => {
    const dir = tempDir({ 'campaign.yaml': `${HEAD}sources:\n  - path: data.csv\n`, 'data.csv': [HEADER, ...rows(100_000, 17)].join('\n') + '\n' });
    const campaign = await loadCampaign(join(dir, 'campaign.yaml'));
    const plan = planReads(campaign, { CAMPAIGN_REPORT_THREADS: '2' });
    const size = readFileSync(join(dir, 'data.csv')).length;
    const calls: { records: number; bytes: number }[] = [];
    const result = await runPipeline(campaign, { onRecord: () => {}, onProgress: ({ file, records, bytes }) => { expect(file).toBe('data.csv'); calls.push({ records, bytes }); } }, { plan });
    closePlan(plan);
    expect(result.buckets.read).toBe(100_000);
    expect(calls.at(-1)).toEqual({ records: 100_000, bytes: size });
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.bytes).toBeGreaterThanOrEqual(calls[i - 1]!.bytes);
  }, 60_000);

  it('gives the line each range ends on, as the reader counted it or (after csv-parse took over) counted again', async () => {
    // A quoted cell with a line break in the last range: csv-parse reads that part, the fast path the rest.
    const body = rows(60_000, 29);
    body.splice(59_000, 0, 'Q1,2024-01-05,VN,drugs,meth,1,kg,air,MM,VN,"two\nlines"', '', 'Q2,2024-01-06,VN,drugs,meth,1,kg,air,MM,VN,');
    const text = [HEADER, ...body].join('\n') + '\n';
    const dir = tempDir({ 'campaign.yaml': `${HEAD}sources:\n  - path: data.csv\n`, 'data.csv': text });
    const campaign = await loadCampaign(join(dir, 'campaign.yaml'));
    const plan = planReads(campaign, { CAMPAIGN_REPORT_THREADS: '3' });
    const bytes = Buffer.from(text);
    const quote = bytes.indexOf(0x22);
    const ranges = plan.units.map((u) => u.range!);
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    // Only the last range holds the quote (a plan cuts nowhere after one).
    expect(ranges.filter((r) => r.start <= quote && quote < r.end).map((r) => r.end)).toEqual([bytes.length]);
    const sink = { rows: () => {}, record: () => {}, rejectedRow: () => {}, diagnostic: () => {}, note: () => {} };
    let line = 1;
    for (const [i, unit] of plan.units.entries()) {
      const stats = await readUnit(campaign, unit, sink, undefined, line);
      let newlines = 0;
      for (let b = 0; b < unit.range!.end; b++) if (bytes[b] === 10) newlines++;
      expect([i, stats.endLine]).toEqual([i, 1 + newlines]);
      line = stats.endLine;
    }
    closePlan(plan);
  });

  it('announces the cases of the records to come (onUpcomingCases), in order, each as onRecord then gives it', async () => {
    const dir = tempDir(FILES);
    const campaign = await loadCampaign(join(dir, 'campaign.yaml'));
    for (const threads of ['1', '2']) {
      const plan = planReads(campaign, { CAMPAIGN_REPORT_THREADS: threads });
      const announced: string[] = [];
      const given: string[] = [];
      await runPipeline(
        campaign,
        {
          onRecord: (rec, _phase, h1, h2) => {
            const [k1, k2] = keyHash(rec.reportingCountry, rec.caseId);
            expect([h1, h2]).toEqual([k1, k2]);
            given.push(`${h1}:${h2}`);
          },
          onUpcomingCases: (h1, h2, n) => {
            for (let i = 0; i < n; i++) announced.push(`${h1[i]}:${h2[i]}`);
          },
        },
        { plan },
      );
      closePlan(plan);
      expect(given.length).toBeGreaterThan(1000);
      // every accepted record's case was announced, in the order records came (the others' too)
      let at = 0;
      for (const g of given) {
        while (at < announced.length && announced[at] !== g) at++;
        expect(at, `${threads} thread(s)`).toBeLessThan(announced.length);
        at++;
      }
    }
  }, 60_000);

  it('hashes a file a step (1 MiB) at a time to the same SHA-256 as at once', () => {
    const bytes = Buffer.alloc(2.5 * 1024 * 1024, 'seizure,');
    const dir = tempDir({ 'f.bin': bytes.toString('latin1') });
    const fd = openSync(join(dir, 'f.bin'), 'r');
    try {
      const h = new FileHash(fd);
      expect([h.step(), h.step(), h.step(), h.step()]).toEqual([true, true, true, false]);
      expect(h.digest()).toBe(createHash('sha256').update(bytes).digest('hex'));
      const partial = new FileHash(fd);
      partial.step();
      expect(partial.digest()).toBe(hashFile(fd));
    } finally {
      closeSync(fd);
    }
  });

  it("counts newlines exactly (a range's first line)", () => {
    const text = 'a\n\nbc\r\nd' + 'x'.repeat(1000) + '\n'.repeat(13) + 'é\n';
    const dir = tempDir({ 'f.txt': text });
    const bytes = Buffer.from(text);
    for (const end of [0, 1, 2, 3, 5, 7, 8, 500, bytes.length - 3, bytes.length]) {
      let n = 0;
      for (let i = 0; i < end; i++) if (bytes[i] === 10) n++;
      const fd = openSync(join(dir, 'f.txt'), 'r');
      expect(countNewlines(fd, 0, end)).toBe(n);
      closeSync(fd);
    }
  });

  it('finds a range\'s first line from where the thread last was, or from what it was told', () => {
    const text = 'h\n' + 'r,1\n'.repeat(50) + 'r,2\n'.repeat(50);
    const fd = openSync(join(tempDir({ 'f.csv': text }), 'f.csv'), 'r');
    const lines = new LineCounter();
    expect(lines.lineAt(fd, 2 + 4 * 10)).toBe(12);
    expect(lines.lineAt(fd, 2 + 4 * 30)).toBe(32);
    // Told (a range read to byte 2 + 4 × 60, ending on line 62): counted on from there.
    lines.know(fd, 2 + 4 * 60, 62);
    expect(lines.lineAt(fd, 2 + 4 * 60)).toBe(62);
    expect(lines.lineAt(fd, 2 + 4 * 75)).toBe(77);
    // Told a wrong line, it would count on from it: what it is told is what it uses.
    lines.know(fd, 2 + 4 * 80, 1000);
    expect(lines.lineAt(fd, 2 + 4 * 81)).toBe(1001);
    // Going back counts from the start.
    expect(lines.lineAt(fd, 2)).toBe(2);
    closeSync(fd);
  });
});
