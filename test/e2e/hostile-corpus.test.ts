/**
 * End-to-end: the adversarial corpus fixtures/hostile/<case>/ (written by
 * scripts/make-hostile-corpus.mjs), run through the built CLI as fixtures/bad is
 * by bad-corpus.test.ts, with the same expected.json format plus:
 *
 *   buckets            as in fixtures/bad, but only the keys given are compared (a case of
 *                      random bytes cannot know how many rows they split into)
 *   generate           the case's data is made at test time into a temporary copy
 *                      (10 MB field, 10,000 columns, symbolic links …): see GENERATORS
 *   source_files       sources[].file of the JSON report, exactly (paths outside the folder)
 *   aggregate_quantity { unit: total } that `aggregate --by commodity --format json` must give
 *
 * Every case that reads records is also run through `aggregate --format json`: it must
 * exit 0, print no stack trace, and give only finite quantities.
 *
 * With HARDENING_STATS_DIR set, writes hostile-corpus.json there for
 * scripts/hardening-report.mjs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = join(ROOT, 'fixtures/hostile');
const BIN = join(ROOT, 'bin/campaign-report.js');

const BUCKET_KEYS = ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const;
type Buckets = Record<(typeof BUCKET_KEYS)[number], number>;

interface ExpectedDiagnostic {
  code: string;
  file: string;
  line: number;
  field?: string;
  severity?: 'error' | 'warning';
  message_includes?: string;
}
interface Expected {
  description: string;
  command: 'validate';
  exit: number;
  buckets: Partial<Buckets> | null;
  diagnostics: ExpectedDiagnostic[];
  absent_codes?: string[];
  stderr_includes?: string[];
  generate?: string;
  source_files?: string[];
  aggregate_quantity?: Record<string, number>;
}
interface ReportDiagnostic {
  severity: 'error' | 'warning';
  code: string;
  file: string;
  line: number;
  field?: string;
  value?: string;
  message: string;
}
interface Report extends Buckets {
  schemaVersion: number;
  sources: (Buckets & { file: string })[];
  diagnostics: ReportDiagnostic[];
  diagnostics_dropped: number;
}
interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  report: Report | undefined;
  ms: number;
}

const ERROR_CODES = new Set(['MISSING_FIELD', 'MISSING_COLUMN', 'INVALID_DATE', 'INVALID_QUANTITY', 'INVALID_COUNT', 'UNKNOWN_UNIT', 'UNKNOWN_COMMODITY', 'UNKNOWN_ROUTE', 'UNKNOWN_COUNTRY', 'UNKNOWN_DIRECTION', 'UNKNOWN_PHASE', 'CONFLICTING_ID', 'FIELD_COUNT', 'MALFORMED_CSV', 'MALFORMED_YAML']);
const WARNING_CODES = new Set(['DUPLICATE', 'OUTSIDE_PHASES', 'COMMODITY_OUT_OF_SCOPE', 'NOT_PARTICIPANT', 'UNUSUAL_UNIT', 'ENCODING_GUESSED', 'DUPLICATE_COLUMN', 'EMPTY_FILE']);
const DOCUMENTED_EXITS = new Set([0, 1, 2, 3]);

const HEADER = 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country';
const row = (id: string, date = '2024-07-03') => `${id},${date},KR,drugs,methamphetamine,1,kg,express,TH,KR`;

/** Data too large (or too special) to commit: written into the case's temporary copy. */
const GENERATORS: Record<string, (dir: string) => void> = {
  'field-10mb': (dir) => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    writeFileSync(join(dir, 'data/kr.csv'), `${HEADER},concealment\n${row('KR-1')},ok\n${row('KR-2')},${big}\n${row('KR-3')},ok\n`);
  },
  'field-10mb-quoted': (dir) => {
    const big = 'ab,c\nd'.repeat((10 * 1024 * 1024) / 6);
    writeFileSync(join(dir, 'data/kr.csv'), `${HEADER},concealment\n${row('KR-1')},ok\n${row('KR-2')},"${big}"\n${row('KR-3')},ok\n`);
  },
  'columns-10000': (dir) => {
    const extras = Array.from({ length: 9990 }, (_, i) => `extra_${i}`);
    const lines = [[HEADER, ...extras].join(',')];
    for (let r = 1; r <= 50; r++) lines.push([row(`KR-${r}`), ...extras.map((_, i) => String((i * r) % 97))].join(','));
    writeFileSync(join(dir, 'data/kr.csv'), lines.join('\n') + '\n');
  },
  'blank-lines-100k': (dir) => {
    writeFileSync(join(dir, 'data/kr.csv'), `${HEADER}\n${row('KR-1')}\n${'\n'.repeat(100_000)}${row('KR-2', '2024-07-99')}\n`);
  },
  'symlink-outside': (dir) => {
    symlinkSync('../../_shared/kr.csv', join(dir, 'data/kr.csv'));
  },
  'symlink-dev-zero': (dir) => {
    symlinkSync('/dev/zero', join(dir, 'data/kr.csv'));
  },
};

const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(CORPUS, d.name, 'expected.json')))
  .map((d) => d.name)
  .sort();
const readExpected = (name: string): Expected => JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;

const tmp = mkdtempSync(join(tmpdir(), 'campaign-report-hostile-'));
const work = join(tmp, 'corpus');
cpSync(CORPUS, work, { recursive: true });
const runs = new Map<string, Run>();

function cli(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { ...r, ms: Date.now() - t0 };
}

function runCase(name: string): Run {
  const cached = runs.get(name);
  if (cached) return cached;
  const expected = readExpected(name);
  const dir = join(work, name);
  if (expected.generate) {
    const gen = GENERATORS[expected.generate];
    if (!gen) throw new Error(`${name}: unknown generator ${expected.generate}`);
    rmSync(join(dir, 'data/kr.csv'), { force: true });
    mkdirSync(join(dir, 'data'), { recursive: true });
    gen(dir);
  }
  const reportPath = join(tmp, `${name}.report.json`);
  const r = cli([expected.command, '--campaign', 'campaign.yaml', '--report-json', reportPath], dir);
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined;
  const run: Run = { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', report, ms: r.ms };
  runs.set(name, run);
  return run;
}

const balances = (b: Buckets) => b.read === b.accepted + b.rejected + b.duplicates + b.out_of_scope;
const describeDiagnostic = (d: ExpectedDiagnostic | ReportDiagnostic) => `${d.file}:${d.line}: [${d.code}]${d.field ? ` ${d.field}` : ''}`;
const hasStack = (s: string) => /^\s{4}at /m.test(s);

afterAll(() => {
  const dir = process.env.HARDENING_STATS_DIR;
  if (dir) {
    let crashes = 0;
    let unaccounted = 0;
    let records = 0;
    for (const run of runs.values()) {
      if (run.signal || run.status === null || !DOCUMENTED_EXITS.has(run.status) || hasStack(run.stderr)) crashes++;
      if (run.report) {
        records += run.report.read;
        unaccounted += Math.abs(run.report.read - run.report.accepted - run.report.rejected - run.report.duplicates - run.report.out_of_scope);
      }
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hostile-corpus.json'), JSON.stringify({ cases: runs.size, crashes, records, unaccounted }));
  }
  rmSync(tmp, { recursive: true, force: true });
});

it('the hostile corpus has at least 40 cases', () => {
  expect(existsSync(join(ROOT, 'dist/bundle/cli.js')), 'dist/bundle/cli.js is missing: run `npm run build` first').toBe(true);
  expect(cases.length).toBeGreaterThanOrEqual(40);
});

describe.each(cases)('hostile corpus: %s', (name) => {
  const expected = readExpected(name);
  const readsRecords = expected.exit === 0 || expected.exit === 1;
  let run: Run;

  beforeAll(() => {
    run = runCase(name);
  });

  it(`exits with ${expected.exit}, without a signal or a stack trace`, () => {
    expect(run.signal, run.stderr.slice(0, 2000)).toBeNull();
    expect(hasStack(run.stderr) || hasStack(run.stdout), run.stderr.slice(0, 2000)).toBe(false);
    expect(run.status, `stderr:\n${run.stderr.slice(0, 4000)}`).toBe(expected.exit);
  });

  for (const s of expected.stderr_includes ?? []) {
    it(`says "${s}" on stderr`, () => expect(run.stderr).toContain(s));
  }

  if (!readsRecords) return;

  it('writes a JSON report whose buckets balance, overall and per source', () => {
    expect(run.report, `no JSON report; stderr:\n${run.stderr.slice(0, 4000)}`).toBeDefined();
    const report = run.report!;
    expect(balances(report)).toBe(true);
    for (const s of report.sources) expect(balances(s), s.file).toBe(true);
    for (const key of BUCKET_KEYS) expect(report.sources.reduce((n, s) => n + s[key], 0), `sum of sources[].${key}`).toBe(report[key]);
    const got = Object.fromEntries(Object.keys(expected.buckets ?? {}).map((k) => [k, report[k as keyof Buckets]]));
    expect(got).toEqual(expected.buckets);
  });

  it.each(expected.diagnostics.map((d) => [describeDiagnostic(d), d] as const))('reports %s', (_label, want) => {
    const report = run.report!;
    const found = report.diagnostics.filter((d) => d.code === want.code && d.file === want.file && d.line === want.line && (want.field === undefined || d.field === want.field));
    expect(found.length, `not found; reported:\n${report.diagnostics.slice(0, 50).map((d) => `  ${describeDiagnostic(d)} ${d.message.slice(0, 200)}`).join('\n')}`).toBeGreaterThan(0);
    const d = found[0]!;
    const severity = want.severity ?? (ERROR_CODES.has(want.code) ? 'error' : WARNING_CODES.has(want.code) ? 'warning' : undefined);
    if (severity) expect(d.severity).toBe(severity);
    if (want.message_includes) expect(d.message).toContain(want.message_includes);
  });

  if (expected.absent_codes?.length) {
    it(`does not report ${expected.absent_codes.join(', ')}`, () => {
      const unwanted = run.report!.diagnostics.filter((d) => expected.absent_codes!.includes(d.code));
      expect(unwanted.map((d) => `${describeDiagnostic(d)} ${d.message.slice(0, 200)}`)).toEqual([]);
    });
  }

  if (expected.exit === 0) {
    it('reports no error when it exits 0', () => {
      expect(run.report!.diagnostics.filter((d) => d.severity === 'error').map((d) => `${describeDiagnostic(d)} ${d.message.slice(0, 200)}`)).toEqual([]);
    });
  }

  if (expected.source_files) {
    it('names the sources as written in the campaign file', () => {
      expect(run.report!.sources.map((s) => s.file)).toEqual(expected.source_files);
    });
  }

  it('names every rejected record by an error with file and line', () => {
    const report = run.report!;
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) {
      expect(typeof d.file === 'string' && d.file.length > 0, JSON.stringify(d)).toBe(true);
      expect(Number.isInteger(d.line) && d.line >= 1, JSON.stringify(d).slice(0, 500)).toBe(true);
    }
    if (report.diagnostics_dropped > 0) return;
    for (const s of report.sources) {
      const own = errors.filter((d) => d.file === s.file);
      if (own.some((d) => d.code === 'MISSING_COLUMN')) expect(s.rejected, s.file).toBe(s.read);
      else expect(new Set(own.map((d) => d.line)).size, `${s.file}: distinct error lines vs rejected`).toBe(s.rejected);
    }
  });

  it('aggregates without a crash and with finite quantities', () => {
    const r = cli(['aggregate', '--campaign', 'campaign.yaml', '--by', 'commodity', '--format', 'json'], join(work, name));
    expect(r.signal, r.stderr.slice(0, 2000)).toBeNull();
    expect(hasStack(r.stderr), r.stderr.slice(0, 2000)).toBe(false);
    expect(r.status, r.stderr.slice(0, 2000)).toBe(0);
    const rows = JSON.parse(r.stdout) as { unit: string; quantity: number | null }[];
    for (const x of rows) expect(Number.isFinite(x.quantity), `quantity ${String(x.quantity)} ${x.unit} in ${r.stdout.slice(0, 500)}`).toBe(true);
    if (expected.aggregate_quantity) {
      const totals: Record<string, number> = {};
      for (const x of rows) totals[x.unit] = (totals[x.unit] ?? 0) + (x.quantity ?? NaN);
      for (const [unit, q] of Object.entries(expected.aggregate_quantity)) expect(totals[unit], unit).toBeCloseTo(q, 3);
    }
  });
});
