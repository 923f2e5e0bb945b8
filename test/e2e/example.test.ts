/**
 * End-to-end: `validate --report-json` on the bundled example campaign against
 * fixtures/example/expected-defects.json, which scripts/generate-example.mjs writes
 * independently of the tool while planting the defects.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

const EXAMPLE_DIR = join(ROOT, 'fixtures/example');
const BUCKETS = ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const;
type Buckets = Record<(typeof BUCKETS)[number], number>;
/** Rows of a source that are not records, in no bucket. */
const SKIPPED = ['title_rows', 'totals_rows', 'blank_rows'] as const;
type Skipped = Record<(typeof SKIPPED)[number], number>;

interface Expected {
  totals: Buckets;
  sources: (Buckets & Skipped & { file: string })[];
  /** `sheet`: a workbook's row; bucket `none`: the row is not a record (a totals row). */
  defects: { file: string; sheet?: string; line: number; code: string; bucket: string; note: string }[];
}
interface Report extends Buckets {
  schemaVersion: number;
  sources: (Buckets & Skipped & { file: string; sha256: string })[];
  diagnostics: { severity: 'error' | 'warning'; code: string; file: string; sheet?: string; line: number; field: string | null; value: string | null; message: string }[];
}

const expected = JSON.parse(readFileSync(join(EXAMPLE_DIR, 'expected-defects.json'), 'utf8')) as Expected;
const pick = (b: Buckets): Buckets => Object.fromEntries(BUCKETS.map((k) => [k, b[k]])) as Buckets;
const skipped = (s: Skipped): Skipped => Object.fromEntries(SKIPPED.map((k) => [k, s[k]])) as Skipped;
/** Where a diagnostic or defect is: file, the sheet of a workbook, line (row). */
const at = (d: { file: string; sheet?: string; line: number }) => `${d.file}${d.sheet !== undefined ? ` [${d.sheet}]` : ''}:${d.line}`;
const balances = (b: Buckets) => b.read === b.accepted + b.rejected + b.duplicates + b.out_of_scope;

/** The bucket a record with this diagnostic ends in, by the contract. */
function bucketOf(d: { severity: string; code: string }): string {
  if (d.severity === 'error') return 'rejected';
  if (d.code === 'DUPLICATE') return 'duplicates';
  if (d.code === 'OUTSIDE_PHASES' || d.code === 'COMMODITY_OUT_OF_SCOPE') return 'out_of_scope';
  return 'accepted';
}

let run: CliResult;
let report: Report;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/bundle/cli.js'))) throw new Error('dist/bundle/cli.js is missing: run `npm run build` first (npm test does)');
  const file = join(tempDir(), 'report.json');
  run = await runCli(['validate', '--report-json', file], { cwd: EXAMPLE_DIR });
  report = JSON.parse(readFileSync(file, 'utf8')) as Report;
}, 120_000);
afterAll(cleanupTempDirs);

describe('the expected-defects file itself', () => {
  it('is consistent: totals are the sum of sources, every source balances, defects match the per-source buckets', () => {
    expect(balances(expected.totals)).toBe(true);
    for (const k of BUCKETS) expect(expected.sources.reduce((n, s) => n + s[k], 0), k).toBe(expected.totals[k]);
    for (const s of expected.sources) {
      expect(balances(s), s.file).toBe(true);
      for (const bucket of ['rejected', 'duplicates', 'out_of_scope'] as const) {
        expect(expected.defects.filter((d) => d.file === s.file && d.bucket === bucket).length, `${s.file} ${bucket}`).toBe(s[bucket]);
      }
    }
  });
});

describe('validate --report-json on the example campaign', () => {
  it('exits 1 (there are rejected records) and prints the totals on stderr', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const t = expected.totals;
    expect(run.stderr).toMatch(new RegExp(`^read ${t.read} = accepted ${t.accepted} \\+ rejected ${t.rejected} \\+ duplicates ${t.duplicates} \\+ out_of_scope ${t.out_of_scope}\\b`, 'm'));
  });

  it('totals match, and the bucket equation holds', () => {
    expect(report.schemaVersion).toBe(1);
    expect(pick(report)).toEqual(expected.totals);
    expect(balances(report)).toBe(true);
  });

  it('per-source buckets match, in campaign order, and each source balances', () => {
    expect(report.sources.map((s) => ({ file: s.file, ...pick(s) }))).toEqual(expected.sources.map((s) => ({ file: s.file, ...pick(s) })));
    for (const s of report.sources) expect(balances(s), s.file).toBe(true);
    for (const k of BUCKETS) expect(report.sources.reduce((n, s) => n + s[k], 0), k).toBe(report[k]);
  });

  it('per-source rows that are not records (title, totals and blank rows of the workbooks) match, and are in no bucket', () => {
    expect(report.sources.map((s) => ({ file: s.file, ...skipped(s) }))).toEqual(expected.sources.map((s) => ({ file: s.file, ...skipped(s) })));
    // the example has some of each
    for (const k of SKIPPED) expect(expected.sources.some((s) => s[k] > 0), k).toBe(true);
  });

  it('each source is hashed as it is on disk', () => {
    for (const s of report.sources) {
      expect(s.sha256, s.file).toBe(createHash('sha256').update(readFileSync(join(EXAMPLE_DIR, s.file))).digest('hex'));
    }
  });

  it.each(expected.defects.map((d) => [`${at(d)} ${d.code}`, d] as const))('reports the planted defect %s', (_name, d) => {
    const hits = report.diagnostics.filter((x) => at(x) === at(d) && x.code === d.code);
    expect(hits, d.note).toHaveLength(1);
    // a row that is not a record (a totals row) ends in no bucket: its finding is a warning
    if (d.bucket === 'none') expect(hits[0]!.severity).toBe('warning');
    else expect(bucketOf(hits[0]!)).toBe(d.bucket);
    // a totals row's warning gives both figures the generator planted
    if (d.code === 'TOTALS_MISMATCH') for (const kg of d.note.match(/[\d.]+ kg/g)!) expect(hits[0]!.message).toContain(kg);
  });

  it('reports nothing else: every other record is clean', () => {
    const planted = new Set(expected.defects.map((d) => `${at(d)}:${d.code}`));
    const extra = report.diagnostics.filter((x) => !planted.has(`${at(x)}:${x.code}`));
    expect(extra).toEqual([]);
  });

  it('CONFLICTING_ID and DUPLICATE messages name where the first record was', () => {
    for (const d of report.diagnostics.filter((x) => x.code === 'CONFLICTING_ID' || x.code === 'DUPLICATE')) {
      expect(d.message).toMatch(/data\/[\w.-]+:\d+/);
    }
  });
});
