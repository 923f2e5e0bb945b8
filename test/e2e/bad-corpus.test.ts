/**
 * End-to-end: runs the built CLI (`node bin/campaign-report.js validate`) over every
 * case of the bad-input corpus in fixtures/bad/<case>/ and checks it against the
 * case's expected.json. A new folder is a new test; no list to maintain here.
 *
 * expected.json:
 *   description   what the case is about
 *   command       "validate" (the only command the corpus exercises)
 *   exit          expected process exit code
 *   buckets       { read, accepted, rejected, duplicates, out_of_scope }, or null when the
 *                 run stops before reading (exit 2 or 3)
 *   diagnostics   diagnostics that must appear in the JSON report: code, file (as written in
 *                 the campaign file), line (0 = the whole file), and optionally field,
 *                 severity, message_includes
 *   absent_codes  optional codes that must not appear at all
 *   stderr_includes  optional strings stderr must contain (used for exit 2/3 cases)
 *
 * Assumes the CLI is built (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = 'fixtures/bad';
const BIN = 'bin/campaign-report.js';

type Severity = 'error' | 'warning';
const BUCKET_KEYS = ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const;
type Buckets = Record<(typeof BUCKET_KEYS)[number], number>;

interface ExpectedDiagnostic {
  code: string;
  file: string;
  line: number;
  field?: string;
  severity?: Severity;
  message_includes?: string;
}

interface Expected {
  description: string;
  command: 'validate';
  exit: number;
  buckets: Buckets | null;
  diagnostics: ExpectedDiagnostic[];
  absent_codes?: string[];
  stderr_includes?: string[];
}

interface ReportDiagnostic {
  severity: Severity;
  code: string;
  file: string;
  line: number;
  field?: string;
  value?: string;
  message: string;
  hint?: string;
}

interface Report extends Buckets {
  schemaVersion: number;
  sources: (Buckets & { file: string; sha256: string })[];
  diagnostics: ReportDiagnostic[];
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  report: Report | undefined;
}

/** Codes the contract fixes the severity of. */
const ERROR_CODES = new Set([
  'MISSING_FIELD',
  'MISSING_COLUMN',
  'INVALID_DATE',
  'INVALID_QUANTITY',
  'UNKNOWN_UNIT',
  'UNKNOWN_COMMODITY',
  'UNKNOWN_ROUTE',
  'UNKNOWN_COUNTRY',
  'UNKNOWN_DIRECTION',
  'UNKNOWN_PHASE',
  'CONFLICTING_ID',
  'FIELD_COUNT',
  'MALFORMED_CSV',
  'MALFORMED_YAML',
]);
const WARNING_CODES = new Set([
  'DUPLICATE',
  'OUTSIDE_PHASES',
  'COMMODITY_OUT_OF_SCOPE',
  'NOT_PARTICIPANT',
  'UNUSUAL_UNIT',
  'ENCODING_GUESSED',
  'DUPLICATE_COLUMN',
  'EMPTY_FILE',
]);

const cases = readdirSync(join(ROOT, CORPUS), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, CORPUS, d.name, 'expected.json')))
  .map((d) => d.name)
  .sort();

function readExpected(name: string): Expected {
  return JSON.parse(readFileSync(join(ROOT, CORPUS, name, 'expected.json'), 'utf8')) as Expected;
}

const tmp = mkdtempSync(join(tmpdir(), 'campaign-report-bad-corpus-'));
const runs = new Map<string, Run>();

function runCase(name: string): Run {
  const cached = runs.get(name);
  if (cached) return cached;
  const expected = readExpected(name);
  const reportPath = join(tmp, `${name}.report.json`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  const result = spawnSync(
    process.execPath,
    [BIN, expected.command, '--campaign', `${CORPUS}/${name}/campaign.yaml`, '--report-json', reportPath],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 },
  );
  if (result.error) throw result.error;
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined;
  const run: Run = { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, report };
  runs.set(name, run);
  return run;
}

function bucketsOf(b: Buckets): Buckets {
  return { read: b.read, accepted: b.accepted, rejected: b.rejected, duplicates: b.duplicates, out_of_scope: b.out_of_scope };
}

function balances(b: Buckets): boolean {
  return b.read === b.accepted + b.rejected + b.duplicates + b.out_of_scope;
}

function describeDiagnostic(d: ExpectedDiagnostic | ReportDiagnostic): string {
  return `${d.file}:${d.line}: [${d.code}]${d.field ? ` ${d.field}` : ''}`;
}

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

it('the corpus has cases', () => {
  expect(existsSync(join(ROOT, 'dist/bundle/cli.js')), 'dist/bundle/cli.js is missing: run `npm run build` first').toBe(true);
  expect(cases.length).toBeGreaterThanOrEqual(20);
});

describe.each(cases)('bad corpus: %s', (name) => {
  const expected = readExpected(name);
  const readsRecords = expected.exit === 0 || expected.exit === 1;
  let run: Run;

  beforeAll(() => {
    run = runCase(name);
  });

  it(`exits with ${expected.exit}`, () => {
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, `stderr:\n${run.stderr}`).toBe(expected.exit);
  });

  it('prints no stack trace', () => {
    expect(run.stderr).not.toMatch(/^\s{4}at /m);
    expect(run.stdout).not.toMatch(/^\s{4}at /m);
  });

  if (expected.stderr_includes?.length) {
    it('says what is wrong on stderr', () => {
      for (const s of expected.stderr_includes ?? []) expect(run.stderr).toContain(s);
    });
  }

  if (!readsRecords) return;

  it('writes a JSON report with the expected buckets', () => {
    expect(run.report, `no JSON report; stderr:\n${run.stderr}`).toBeDefined();
    const report = run.report!;
    expect(report.schemaVersion).toBe(1);
    expect(bucketsOf(report)).toEqual(expected.buckets);
  });

  it('prints the buckets line on stderr', () => {
    const b = expected.buckets!;
    expect(run.stderr).toContain(
      `read ${b.read} = accepted ${b.accepted} + rejected ${b.rejected} + duplicates ${b.duplicates} + out_of_scope ${b.out_of_scope}`,
    );
  });

  it('balances: read = accepted + rejected + duplicates + out_of_scope, overall and per source', () => {
    const report = run.report!;
    expect(balances(report)).toBe(true);
    for (const s of report.sources) expect(balances(s), s.file).toBe(true);
    for (const key of BUCKET_KEYS) {
      expect(
        report.sources.reduce((n, s) => n + s[key], 0),
        `sum of sources[].${key}`,
      ).toBe(report[key]);
    }
  });

  it.each(expected.diagnostics.map((d) => [describeDiagnostic(d), d] as const))('reports %s', (_label, want) => {
    const report = run.report!;
    const found = report.diagnostics.filter(
      (d) =>
        d.code === want.code &&
        d.file === want.file &&
        d.line === want.line &&
        (want.field === undefined || d.field === want.field),
    );
    expect(
      found.length,
      `not found; reported:\n${report.diagnostics.map((d) => `  ${describeDiagnostic(d)} ${d.message}`).join('\n')}`,
    ).toBeGreaterThan(0);
    const d = found[0]!;
    const severity = want.severity ?? (ERROR_CODES.has(want.code) ? 'error' : WARNING_CODES.has(want.code) ? 'warning' : undefined);
    if (severity) expect(d.severity).toBe(severity);
    if (want.message_includes) expect(d.message).toContain(want.message_includes);
    // The same diagnostic on stderr, as `file:line: [CODE]`, or `file: [CODE]` for a file-level one.
    const where = want.line > 0 ? `${want.file}:${want.line}` : want.file;
    expect(run.stderr).toContain(`${where}: [${want.code}]`);
  });

  if (expected.absent_codes?.length) {
    it(`does not report ${expected.absent_codes.join(', ')}`, () => {
      const unwanted = run.report!.diagnostics.filter((d) => expected.absent_codes!.includes(d.code));
      expect(unwanted.map(describeDiagnostic)).toEqual([]);
    });
  }

  if (expected.exit === 0) {
    it('reports no error when it exits 0', () => {
      const errors = run.report!.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map(describeDiagnostic)).toEqual([]);
    });
  }

  it('names every rejected record by an error with file and line', () => {
    const report = run.report!;
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) {
      expect(typeof d.file === 'string' && d.file.length > 0, JSON.stringify(d)).toBe(true);
      expect(Number.isInteger(d.line) && d.line >= 1, JSON.stringify(d)).toBe(true);
    }
    for (const d of report.diagnostics) {
      if (ERROR_CODES.has(d.code)) expect(d.severity, describeDiagnostic(d)).toBe('error');
      if (WARNING_CODES.has(d.code)) expect(d.severity, describeDiagnostic(d)).toBe('warning');
    }
    for (const s of report.sources) {
      const own = errors.filter((d) => d.file === s.file);
      if (own.some((d) => d.code === 'MISSING_COLUMN')) {
        // File-level: one diagnostic per missing column stands for every row of the file.
        expect(own.filter((d) => d.code !== 'MISSING_COLUMN').map(describeDiagnostic), s.file).toEqual([]);
        expect(s.rejected, s.file).toBe(s.read);
      } else {
        // An error rejects its record, and a rejected record has at least one error:
        // so the distinct error lines of a file are exactly its rejected records.
        const lines = new Set(own.map((d) => d.line));
        expect(lines.size, `${s.file}: distinct error lines vs rejected`).toBe(s.rejected);
      }
    }
    const knownFiles = new Set(report.sources.map((s) => s.file));
    for (const d of errors) expect(knownFiles.has(d.file), `${describeDiagnostic(d)} names a file not in sources[]`).toBe(true);
  });
});

// The requirement "the bucket equation holds on every case of the bad-file corpus", as one test.
it('the bucket equation holds on every case of the bad-file corpus', () => {
  const unbalanced: string[] = [];
  let checked = 0;
  for (const name of cases) {
    const expected = readExpected(name);
    if (expected.buckets) expect(balances(expected.buckets), `${name}/expected.json`).toBe(true);
    const run = runCase(name);
    if (run.status !== 0 && run.status !== 1) continue;
    if (!run.report) {
      unbalanced.push(`${name}: exit ${run.status} but no JSON report`);
      continue;
    }
    checked++;
    if (!balances(run.report)) unbalanced.push(`${name}: ${JSON.stringify(bucketsOf(run.report))}`);
    for (const s of run.report.sources) if (!balances(s)) unbalanced.push(`${name} ${s.file}: ${JSON.stringify(bucketsOf(s))}`);
  }
  expect(unbalanced).toEqual([]);
  expect(checked).toBeGreaterThanOrEqual(20);
});
