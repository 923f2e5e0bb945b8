/**
 * End-to-end: the built CLI (`node bin/campaign-report.js`) as a subprocess, on the
 * bundled example campaign and on small temporary campaigns. Asserts stdout, stderr
 * and exit codes. Assumes `npm run build` has run (`npm test` builds first).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI_ESCAPE, ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { campaignYaml, cleanupTempDirs, tempDir } from '../helpers/tmp.js';

const EXAMPLE = 'fixtures/example/campaign.yaml';
const KEYS = ['commodity', 'route', 'country', 'unit', 'cases', 'seizures', 'quantity'];
// The canonical units in README order (kg, l, pieces, sticks, packages, m, m2); the example has all but m and m2.
const UNIT_ORDER = ['kg', 'l', 'pieces', 'sticks', 'packages', 'm', 'm2'];
const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

type Row = Record<string, string | number>;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/bundle/cli.js'))) throw new Error('dist/bundle/cli.js is missing: run `npm run build` first (npm test does)');
});
afterAll(cleanupTempDirs);

/** Bucket totals from the stderr line. */
function buckets(stderr: string): { read: number; accepted: number; rejected: number; duplicates: number; out_of_scope: number } {
  const m = /^read (\d+) = accepted (\d+) \+ rejected (\d+) \+ duplicates (\d+) \+ out_of_scope (\d+)/m.exec(stderr);
  if (!m) throw new Error(`no buckets line in:\n${stderr}`);
  const [read, accepted, rejected, duplicates, out_of_scope] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { read, accepted, rejected, duplicates, out_of_scope };
}

describe('usage', () => {
  it('--help: exit 0, lists the commands', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['validate', 'aggregate', 'init']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('an unknown command: exit 2, says which', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('frobnicate');
    expect(r.stdout).toBe('');
  });

  it('aggregate --by bogus: exit 2, a clear message, no stack trace', async () => {
    const r = await runCli(['aggregate', '--campaign', EXAMPLE, '--by', 'commodity,bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bogus');
    expect(r.stderr).toContain('--by');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stdout).toBe('');
  });

  it('aggregate --format xml: exit 2', async () => {
    const r = await runCli(['aggregate', '--campaign', EXAMPLE, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xml');
  });

  it('no campaign.yaml in the current folder: exit 2, no stack trace', async () => {
    const r = await runCli(['validate'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('campaign.yaml');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('an invalid campaign file: exit 2', async () => {
    const dir = tempDir({ 'campaign.yaml': campaignYaml('- path: kr.csv', 'colour: red'), 'kr.csv': 'id\n' });
    const r = await runCli(['validate', '--campaign', join(dir, 'campaign.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('colour');
  });

  it('a missing source file: exit 3, naming it', async () => {
    const dir = tempDir({ 'campaign.yaml': campaignYaml('- path: data/missing.csv') });
    const r = await runCli(['validate', '--campaign', join(dir, 'campaign.yaml')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('data/missing.csv');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('the campaign option works before and after the command, long and short', async () => {
    const dir = tempDir();
    await runCli(['init', dir]);
    const file = join(dir, 'campaign.yaml');
    for (const args of [['validate', '--campaign', file], ['--campaign', file, 'validate'], ['-c', file, 'validate']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});

describe('aggregate on the example campaign', () => {
  const out = tempDir();
  const reportFile = join(out, 'report.json');
  const outFile = join(out, 'agg', 'out.csv');
  let json: CliResult;
  let rows: Row[];
  let report: { accepted: number; rejected: number };
  const fmt: Record<string, CliResult> = {};
  let strictToFile: CliResult;
  let byPhase: CliResult;
  let onlyP2: CliResult;

  beforeAll(async () => {
    const run = (args: string[]) => runCli(['aggregate', '--campaign', EXAMPLE, ...args]);
    // Independent runs, started together to keep the suite fast.
    [json, fmt.csv, fmt.tsv, fmt.ndjson, fmt.md, strictToFile, byPhase, onlyP2] = await Promise.all([
      run(['--format', 'json', '--report-json', reportFile]),
      run(['--format', 'csv']),
      run(['--format', 'tsv']),
      run(['--format', 'ndjson']),
      run(['--format', 'md']),
      run(['--strict', '--out', outFile]),
      run(['--by', 'phase,commodity', '--format', 'json']),
      run(['--by', 'phase,commodity', '--phase', 'p2', '--format', 'json']),
    ]);
    rows = JSON.parse(json.stdout) as Row[];
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as { accepted: number; rejected: number };
  }, 120_000);

  it('json: exit 0; every row has exactly the documented keys in order; numbers are numbers', () => {
    expect(json.code).toBe(0);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(KEYS);
      for (const k of ['cases', 'seizures', 'quantity']) expect(typeof row[k]).toBe('number');
      for (const k of ['commodity', 'route', 'country', 'unit']) expect(typeof row[k]).toBe('string');
      expect(UNIT_ORDER).toContain(row.unit);
      expect(row.seizures as number).toBeGreaterThanOrEqual(row.cases as number);
      expect(row.cases as number).toBeGreaterThanOrEqual(1);
      expect(Math.round((row.quantity as number) * 1000) / 1000).toBe(row.quantity);
    }
  });

  it('rows are sorted by commodity, route, country, then unit kg < l < pieces < sticks < packages, with no repeated group', () => {
    const compare = (a: Row, b: Row): number => {
      for (const k of ['commodity', 'route', 'country'] as const) {
        const x = String(a[k]);
        const y = String(b[k]);
        if (x !== y) return x < y ? -1 : 1;
      }
      return UNIT_ORDER.indexOf(String(a.unit)) - UNIT_ORDER.indexOf(String(b.unit));
    };
    for (let i = 1; i < rows.length; i++) expect(compare(rows[i - 1]!, rows[i]!), `row ${i - 1} vs ${i}`).toBeLessThan(0);
  });

  it('the seizures column sums to the accepted count of --report-json and of the buckets line', () => {
    const total = rows.reduce((n, r) => n + (r.seizures as number), 0);
    expect(total).toBe(report.accepted);
    expect(total).toBe(buckets(json.stderr).accepted);
    expect(report.rejected).toBeGreaterThan(0);
  });

  it('csv, tsv, ndjson and md carry the same rows as json', () => {
    for (const f of ['csv', 'tsv', 'ndjson', 'md']) expect(fmt[f]!.code, f).toBe(0);
    const asText = rows.map((r) => KEYS.map((k) => String(r[k])));
    // The example's values hold no delimiters, quotes or formula starters, so plain splitting is exact.
    const csv = fmt.csv!.stdout.trimEnd().split('\n');
    expect(csv[0]).toBe(KEYS.join(','));
    expect(csv.slice(1).map((l) => l.split(','))).toEqual(asText);
    const tsv = fmt.tsv!.stdout.trimEnd().split('\n');
    expect(tsv[0]).toBe(KEYS.join('\t'));
    expect(tsv.slice(1).map((l) => l.split('\t'))).toEqual(asText);
    expect(
      fmt
        .ndjson!.stdout.trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Row),
    ).toEqual(rows);
    const md = fmt.md!.stdout.trimEnd().split('\n');
    expect(md[0]).toBe(`| ${KEYS.join(' | ')} |`);
    expect(md.slice(2).map((l) => l.slice(2, -2).split(' | '))).toEqual(asText);
  });

  it('without --strict: exit 0 although records were rejected', () => {
    expect(fmt.csv!.code).toBe(0);
    expect(buckets(fmt.csv!.stderr).rejected).toBeGreaterThan(0);
  });

  it('--strict --out FILE: exit 1 (the example has rejected records); the file holds what stdout would have; stdout is empty', () => {
    expect(strictToFile.code).toBe(1);
    expect(strictToFile.stdout).toBe('');
    expect(readFileSync(outFile, 'utf8')).toBe(fmt.csv!.stdout);
    expect(buckets(strictToFile.stderr)).toEqual(buckets(fmt.csv!.stderr));
  });

  it('--phase p2 --by phase,commodity gives exactly the p2 rows of the unfiltered table', () => {
    expect(byPhase.code).toBe(0);
    expect(onlyP2.code).toBe(0);
    const all = JSON.parse(byPhase.stdout) as Row[];
    const p2 = JSON.parse(onlyP2.stdout) as Row[];
    expect(p2.length).toBeGreaterThan(0);
    expect(p2.every((r) => r.phase === 'p2')).toBe(true);
    expect(p2).toEqual(all.filter((r) => r.phase === 'p2'));
    expect(new Set(all.map((r) => r.phase))).toEqual(new Set(['p1', 'p2', 'p3']));
    // phases in campaign order
    expect([...new Set(all.map((r) => r.phase))]).toEqual(['p1', 'p2', 'p3']);
    // p2 records are the accepted ones of the filtered run
    expect(p2.reduce((n, r) => n + (r.seizures as number), 0)).toBe(buckets(onlyP2.stderr).accepted);
    expect(buckets(onlyP2.stderr).read).toBe(buckets(byPhase.stderr).read);
  });
});

// `validate` on the example (exit 1) is covered by test/e2e/example.test.ts.
describe('init', () => {
  it('init DIR, then validate it: exit 0, no diagnostics; init again without --force: exit 2', async () => {
    const dir = join(tempDir(), 'camp');
    const init = await runCli(['init', dir]);
    expect(init.code).toBe(0);
    const v = await runCli(['validate', '--campaign', join(dir, 'campaign.yaml')]);
    expect(v.code).toBe(0);
    expect(v.stderr).not.toMatch(/\[[A-Z_]+\]/);
    const b = buckets(v.stderr);
    expect(b.read).toBeGreaterThan(0);
    expect(b).toEqual({ read: b.read, accepted: b.read, rejected: 0, duplicates: 0, out_of_scope: 0 });
    const again = await runCli(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect((await runCli(['init', dir, '--force'])).code).toBe(0);
  });
});

describe('colour', () => {
  // A campaign with one error and one warning, so stderr has coloured labels when colour is on.
  const dir = tempDir({
    'campaign.yaml': campaignYaml('- path: kr.csv'),
    'kr.csv': 'id,date,reporting_country,commodity,quantity,unit,route\nK1,2024-07-01,KR,drugs,abc,kg,air\nK2,2024-07-01,TH,drugs,1,kg,air\n',
  });
  const args = ['validate', '--campaign', join(dir, 'campaign.yaml')];

  it('non-TTY stderr without colour variables: no ANSI escapes', async () => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[INVALID_QUANTITY]');
    expect(r.stderr).not.toMatch(ANSI_ESCAPE);
  });

  it('NO_COLOR=1: no ANSI escapes', async () => {
    const r = await runCli(args, { env: { NO_COLOR: '1' } });
    expect(r.stderr).toContain('[NOT_PARTICIPANT]');
    expect(r.stderr).not.toMatch(ANSI_ESCAPE);
  });

  it('FORCE_COLOR=1: ANSI escapes present, text otherwise the same', async () => {
    const plain = await runCli(args);
    const r = await runCli(args, { env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(ANSI_ESCAPE);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stderr);
  });
});
