/**
 * Acceptance test on real data: UNODC annual drug seizures by country and drug, 1970-2020
 * (one row = a country's yearly total of one drug, in kg equivalents). With generated yearly
 * phases, no invented route and no participant list, `aggregate --by year,subtype` must give
 * UNODC's global cocaine seizures — cocaine salts, base/paste, crack and non-specified
 * cocaine, the vocabulary's goods cocaine + coca-paste + crack — 2017 = 1,275.8 t (World Drug
 * Report 2019: 1,275 t), and a report built from it must not treat national year totals as
 * single seizures (no "largest seizures", no weekly trend).
 *
 * The expected figures are computed here, independently of the tool, from the raw CSV:
 * sums with DuckDB, line numbers with a plain pass over the lines (the file's only quoted
 * fields are names with a comma; none has a quote or a line break inside). Skipped only
 * when ../shared/real-data is absent.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { duckdb, filesUnder, realDataPath, sectionTableRows, sqlString, weekLabels } from '../helpers/real-data.js';

const FILE = realDataPath('unodc-annual-seizures/seizures_1.csv');
const SHA256 = '100665c194442f60dbd5e064881e07b774816bfecb0c5e2100fe5a563c452016'; // SOURCE.md
const CAMPAIGN = 'fixtures/unodc/campaign.yaml';
const SOURCE_AS_WRITTEN = '../../../shared/real-data/unodc-annual-seizures/seizures_1.csv';

/** UNODC's definition of cocaine (World Drug Report): its drug names in this file. */
const UNODC_COCAINE_NAMES = [
  'Cocaine salts',
  'Cocaine (base, paste and salts)',
  'Cocaine (salt and crack)',
  'Coca paste/cocaine base',
  'Crack',
  'Non-specified cocaine',
];
/** The same goods in the tool's vocabulary (written out here, not read from it). */
const COCAINE_GOODS = ['cocaine', 'coca-paste', 'crack'];

/** Published: World Drug Report 2019, global cocaine seizures in 2017, "1,275 tons"; 1,275.8 t in UNODC's data. */
const PUBLISHED_2017_T = 1275.8;

const hasData = existsSync(FILE);
const SKIP_REASON = `real data not found at ${FILE} (expected ../shared/real-data next to the project)`;
if (!hasData) console.warn(`unodc-acceptance skipped: ${SKIP_REASON}`);

interface AggregateRow {
  year?: string;
  subtype?: string;
  country?: string;
  unit: string;
  cases: number;
  seizures: number;
  quantity: number;
}

interface ReportJson {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  out_of_scope: number;
  sources: { file: string; sha256: string; read: number; accepted: number; rejected: number; duplicates: number; out_of_scope: number }[];
  diagnostics: { severity: string; code: string; file: string; line: number; field?: string; value?: string }[];
  diagnostics_dropped: number;
}

interface Expected {
  rows: number;
  /** Physical lines (header = 1) whose KG Equivalent is NULL. */
  nullLines: number[];
  /** Physical lines that repeat an earlier row's country, drug, year and value (not NULL). */
  duplicateLines: number[];
  distinct: number;
  zeros: number;
  /** Per year: UNODC cocaine, kg and rows (each distinct row once); all drugs, rows. */
  cocaineKg: Map<string, number>;
  cocaineRows: Map<string, number>;
  rowsPerYear: Map<string, number>;
  cocaine2017ByName: Map<string, number>;
  /** Distinct rows of the countries whose codes are former or UNODC's own. */
  specialCountries: Map<string, number>;
}

/** Splits one CSV line (quoted fields have no quotes or line breaks inside, see above). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

/** NULL and repeated rows, with their physical lines. */
function linePass(): { rows: number; nullLines: number[]; duplicateLines: number[] } {
  const lines = readFileSync(FILE, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = splitLine(lines[0] ?? '');
  expect(header).toEqual(['Region', 'country', 'ISO Code', 'Drug Group', 'Drug', 'Year', 'KG Equivalent']);
  const seen = new Set<string>();
  const nullLines: number[] = [];
  const duplicateLines: number[] = [];
  lines.slice(1).forEach((l, i) => {
    const f = splitLine(l);
    if (f.length !== header.length) throw new Error(`line ${i + 2}: ${f.length} fields`);
    const [, country, , , drug, year, kg] = f as [string, string, string, string, string, string, string];
    if (kg === 'NULL') {
      nullLines.push(i + 2);
      return;
    }
    const key = [country, drug, year, kg].join('\u0000');
    if (seen.has(key)) duplicateLines.push(i + 2);
    seen.add(key);
  });
  return { rows: lines.length - 1, nullLines, duplicateLines };
}

async function computeExpected(): Promise<Expected> {
  const load = `CREATE TABLE raw AS SELECT * FROM read_csv(${sqlString(FILE)}, header = true, delim = ',', quote = '"', all_varchar = true)`;
  // One row per country, drug, year and value, as the campaign's id counts them; NULL is "not reported".
  const distinct = `CREATE TABLE d AS SELECT DISTINCT country, "Drug" AS drug, "Year" AS year, "KG Equivalent" AS kg, CAST("KG Equivalent" AS DOUBLE) AS q
    FROM raw WHERE "KG Equivalent" <> 'NULL'`;
  const names = UNODC_COCAINE_NAMES.map(sqlString).join(', ');
  const [counts] = await duckdb(
    load,
    distinct,
    `SELECT (SELECT count(*) FROM raw) AS rows, (SELECT count(*) FROM d) AS distinct_rows, (SELECT count(*) FROM d WHERE q = 0) AS zeros`,
  );
  const perYear = await duckdb(
    load,
    distinct,
    `SELECT year, count(*) AS n, count(*) FILTER (WHERE drug IN (${names})) AS cocaine_n,
            coalesce(sum(q) FILTER (WHERE drug IN (${names})), 0) AS cocaine_kg
     FROM d GROUP BY year ORDER BY year`,
  );
  const names2017 = await duckdb(load, distinct, `SELECT drug, sum(q) AS kg FROM d WHERE year = '2017' AND drug IN (${names}) GROUP BY drug`);
  const special = await duckdb(
    load,
    distinct,
    `SELECT country, count(*) AS n FROM d WHERE country IN ('USSR', 'Serbia and Montenegro', 'Netherlands Antilles', 'Kosovo under UNSCR 1244') GROUP BY country`,
  );
  const pass = linePass();
  return {
    ...pass,
    distinct: Number(counts?.distinct_rows),
    zeros: Number(counts?.zeros),
    cocaineKg: new Map(perYear.map((r) => [String(r.year), Number(r.cocaine_kg)])),
    cocaineRows: new Map(perYear.map((r) => [String(r.year), Number(r.cocaine_n)])),
    rowsPerYear: new Map(perYear.map((r) => [String(r.year), Number(r.n)])),
    cocaine2017ByName: new Map(names2017.map((r) => [String(r.drug), Number(r.kg)])),
    specialCountries: new Map(special.map((r) => [String(r.country), Number(r.n)])),
  };
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!hasData)('UNODC annual drug seizures: global cocaine seizures per year, nothing invented', () => {
  let expected: Expected;
  let run: { status: number | null; stdout: string; stderr: string };
  let rows: AggregateRow[];
  let byCountry: AggregateRow[];
  let report: ReportJson;
  let build: { status: number | null; stderr: string };
  let md: string;
  let tmp: string;

  beforeAll(async () => {
    expected = await computeExpected();
    tmp = mkdtempSync(join(tmpdir(), 'unodc-acceptance-'));
    const reportPath = join(tmp, 'report.json');
    run = cli(['aggregate', '--campaign', CAMPAIGN, '--by', 'year,subtype', '--format', 'json', '--report-json', reportPath]);
    if (run.status !== 0) throw new Error(`aggregate exited ${run.status}\n${run.stderr.slice(0, 4000)}`);
    rows = JSON.parse(run.stdout) as AggregateRow[];
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as ReportJson;
    const c = cli(['aggregate', '--campaign', CAMPAIGN, '--by', 'country', '--format', 'json', '--quiet']);
    if (c.status !== 0) throw new Error(`aggregate --by country exited ${c.status}\n${c.stderr.slice(0, 4000)}`);
    byCountry = JSON.parse(c.stdout) as AggregateRow[];
    const out = join(tmp, 'reports');
    const b = cli(['build', '--campaign', CAMPAIGN, '--phase', '2017', '--format', 'md', '--out', out, '--quiet']);
    build = { status: b.status, stderr: b.stderr };
    md = existsSync(join(out, 'unodc-seizures-2017.md')) ? readFileSync(join(out, 'unodc-seizures-2017.md'), 'utf8') : '';
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the file SOURCE.md describes (checksum, rows, NULLs, zeros, repeated rows)', () => {
    expect(createHash('sha256').update(readFileSync(FILE)).digest('hex')).toBe(SHA256);
    // Figures of SOURCE.md and of fixtures/unodc/README.md; they guard this test's own reading.
    expect(expected.rows).toBe(51201);
    expect(expected.nullLines).toHaveLength(507);
    expect(expected.duplicateLines).toHaveLength(83); // 85 exact repeats, 2 of them NULL
    expect(expected.distinct).toBe(expected.rows - 507 - 83);
    expect(expected.distinct).toBe(50611);
    expect(expected.zeros).toBe(460); // 516 zero rows, 56 of which repeat an earlier one
    expect([...expected.rowsPerYear.keys()].at(0)).toBe('1970');
    expect([...expected.rowsPerYear.keys()].at(-1)).toBe('2020');
  });

  it("reproduces UNODC's published global cocaine seizures for 2017: 1,275.8 t (WDR 2019: 1,275 t)", () => {
    // Independently: salts, base/paste, crack and non-specified cocaine, from the raw file.
    const independentT = (expected.cocaineKg.get('2017') ?? 0) / 1000;
    expect(Math.abs(independentT - PUBLISHED_2017_T)).toBeLessThanOrEqual(0.05);
    expect(Object.fromEntries([...expected.cocaine2017ByName].map(([k, v]) => [k, Math.round(v * 1000) / 1000]))).toEqual({
      'Cocaine salts': 966135.186,
      'Coca paste/cocaine base': 84674.948,
      Crack: 1077.898,
      'Non-specified cocaine': 223903.108,
    });
    // The tool: the three goods of UNODC's definition.
    const tool = rows.filter((r) => r.year === '2017' && COCAINE_GOODS.includes(r.subtype ?? ''));
    expect(tool.map((r) => r.subtype).sort()).toEqual([...COCAINE_GOODS].sort());
    const toolKg = tool.reduce((a, r) => a + r.quantity, 0);
    expect(Math.abs(toolKg / 1000 - PUBLISHED_2017_T)).toBeLessThanOrEqual(0.05);
    expect(Math.floor(toolKg / 1000)).toBe(1275); // "1,275 tons"
    expect(Math.abs(toolKg - independentT * 1000)).toBeLessThanOrEqual(0.002); // three rows, each rounded to 3 decimals
    expect(tool.reduce((a, r) => a + r.seizures, 0)).toBe(expected.cocaineRows.get('2017'));
  });

  it('gives UNODC cocaine for every year 1970-2020, kg and country-year figures', () => {
    for (const [year, kg] of expected.cocaineKg) {
      const tool = rows.filter((r) => r.year === year && COCAINE_GOODS.includes(r.subtype ?? ''));
      expect(tool.every((r) => r.unit === 'kg'), year).toBe(true);
      expect(Math.abs(tool.reduce((a, r) => a + r.quantity, 0) - kg), `${year} cocaine kg`).toBeLessThanOrEqual(0.002);
      expect(tool.reduce((a, r) => a + r.seizures, 0), `${year} cocaine rows`).toBe(expected.cocaineRows.get(year));
    }
  });

  it('counts every figure of every year once, zeros included (allow_zero)', () => {
    const perYear = new Map<string, number>();
    for (const r of rows) perYear.set(r.year ?? '', (perYear.get(r.year ?? '') ?? 0) + r.seizures);
    expect(Object.fromEntries(perYear)).toEqual(Object.fromEntries(expected.rowsPerYear));
    expect(rows.reduce((a, r) => a + r.seizures, 0)).toBe(expected.distinct);
    expect(new Set(rows.map((r) => r.unit))).toEqual(new Set(['kg']));
  });

  it('balances the buckets: NULL is "not reported" (rejected, MISSING_FIELD), exact repeats are duplicates', () => {
    const buckets = {
      read: report.read,
      accepted: report.accepted,
      rejected: report.rejected,
      duplicates: report.duplicates,
      out_of_scope: report.out_of_scope,
    };
    expect(buckets).toEqual({
      read: expected.rows,
      accepted: expected.distinct,
      rejected: expected.nullLines.length,
      duplicates: expected.duplicateLines.length,
      out_of_scope: 0,
    });
    expect(buckets.read).toBe(buckets.accepted + buckets.rejected + buckets.duplicates + buckets.out_of_scope);
    expect(run.stderr).toContain(
      `read ${expected.rows} = accepted ${expected.distinct} + rejected ${expected.nullLines.length} + duplicates ${expected.duplicateLines.length} + out_of_scope 0`,
    );
    expect(report.sources).toHaveLength(1);
    expect(report.sources[0]).toMatchObject({ file: SOURCE_AS_WRITTEN, sha256: SHA256, read: 51201, accepted: 50611, rejected: 507, duplicates: 83, out_of_scope: 0 });
  });

  it('says where each rejected and repeated row is, and refuses nothing else', () => {
    expect(report.diagnostics_dropped).toBe(0);
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.every((d) => d.code === 'MISSING_FIELD' && d.field === 'quantity' && d.file === SOURCE_AS_WRITTEN)).toBe(true);
    expect(errors.map((d) => d.line).sort((a, b) => a - b)).toEqual(expected.nullLines);
    const dups = report.diagnostics.filter((d) => d.code === 'DUPLICATE');
    expect(dups.map((d) => d.line).sort((a, b) => a - b)).toEqual(expected.duplicateLines);
    const codes = new Set(report.diagnostics.map((d) => d.code));
    // No invented route needed, no participant list to miss, no zero refused, no former country unknown.
    for (const code of ['UNKNOWN_ROUTE', 'NOT_PARTICIPANT', 'INVALID_QUANTITY', 'UNKNOWN_COUNTRY', 'UNKNOWN_COMMODITY', 'SUBTYPE_COMMODITY_MISMATCH', 'OUTSIDE_PHASES']) {
      expect(codes.has(code), code).toBe(false);
    }
    // ANT (Netherlands Antilles), the USSR and Serbia and Montenegro: former codes, accepted with a warning.
    const former = report.diagnostics.filter((d) => d.code === 'FORMER_COUNTRY_CODE');
    expect(former.length).toBeGreaterThan(0);
    expect(former.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('keeps the countries of the past under their own codes (SU, CS, AN) and Kosovo as XK', () => {
    const seizures = (code: string): number | undefined => byCountry.find((r) => r.country === code)?.seizures;
    expect(seizures('SU')).toBe(expected.specialCountries.get('USSR'));
    expect(seizures('CS')).toBe(expected.specialCountries.get('Serbia and Montenegro'));
    expect(seizures('AN')).toBe(expected.specialCountries.get('Netherlands Antilles'));
    expect(seizures('XK')).toBe(expected.specialCountries.get('Kosovo under UNSCR 1244'));
    expect(Object.fromEntries(expected.specialCountries)).toEqual({
      USSR: 69,
      'Serbia and Montenegro': 196,
      'Netherlands Antilles': 104,
      'Kosovo under UNSCR 1244': 85,
    });
    expect(byCountry.reduce((a, r) => a + r.seizures, 0)).toBe(expected.distinct);
  });

  it('builds a 2017 report that shows no national year total as a seizure and no one-week trend', () => {
    expect(build.status, build.stderr.slice(0, 2000)).toBe(0);
    expect(md).toContain('## ');
    expect(sectionTableRows(md, 'Largest seizures')).toEqual([]);
    expect(weekLabels(md)).toEqual([]);
    for (const f of filesUnder(join(tmp, 'reports'))) expect(weekLabels(f.text), f.path).toEqual([]);
    // The route is not reported by UNODC: never shown as a real route.
    const routes = sectionTableRows(md, 'By route').map((r) => r.split('|')[1]?.trim());
    for (const real of ['Land', 'Sea', 'Air', 'Post', 'Express']) expect(routes).not.toContain(real);
  });
});

if (!hasData) {
  describe('UNODC annual drug seizures', () => {
    it.skipIf(true)(`skipped: ${SKIP_REASON}`, () => {});
  });
}
