/**
 * Acceptance test on real data: U.S. CBP nationwide drug seizure statistics, two
 * overlapping releases (FY2019-FY2022 and FY2020-FY2023). With generated fiscal-year
 * phases and `key:` + `on_conflict: latest` (a later release replaces the rows of an
 * earlier one with the same key, SUPERSEDED), `aggregate --by phase,subtype` must
 * reproduce CBP's fiscal-year totals (lb -> kg) and count every event exactly once across
 * both releases; a report built from these monthly totals shows no "largest seizures" and
 * no weekly trend.
 *
 * The expected figures are computed here, independently of the tool, from the raw
 * CSVs (plain split: the files have no quoted fields), then compared with the built
 * CLI run as a subprocess. Skipped only when ../shared/real-data is absent.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, sectionTableRows, weekLabels } from '../helpers/real-data.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA_DIR = resolve(ROOT, '../shared/real-data/cbp-nationwide-drugs');
const CAMPAIGN = 'fixtures/cbp/campaign.yaml';
const BIN = join(ROOT, 'bin/campaign-report.js');

/** Exact definition of the international avoirdupois pound. */
const KG_PER_LB = 0.45359237;

/** The releases in campaign-file order, with checksums from SOURCE.md. */
const RELEASES = [
  {
    name: 'nationwide-drugs-fy19-fy22.csv',
    sha256: '7263435e5360964cb7b5f379f2c73d8387511f647dd5538e693acc1a4e6bac31',
  },
  {
    name: 'nationwide-drugs-fy20-fy23.csv',
    sha256: '8bb69766e2428a90717190ccfb04a8d8cf6c7c9d0fe63ae2076078ffcf09b027',
  },
] as const;

/** The columns that identify a row (one monthly total per office, land filter and drug). */
const KEY_COLUMNS = [
  'FY',
  'Month (abbv)',
  'Component',
  'Region',
  'Land Filter',
  'Area of Responsibility',
  'Drug Type',
] as const;

const hasData = RELEASES.every((r) => existsSync(join(DATA_DIR, r.name)));
const SKIP_REASON = `real data not found at ${DATA_DIR} (expected ../shared/real-data next to the project)`;
if (!hasData) console.warn(`cbp-acceptance skipped: ${SKIP_REASON}`);

interface CbpRow {
  file: string;
  line: number;
  key: string;
  fy: string;
  drug: string;
  events: number;
  lbs: number;
}

interface Totals {
  events: number;
  lbs: number;
}

interface Expected {
  readPerFile: number[];
  /** Every key once, with the row of the latest release that has it. */
  union: Map<string, CbpRow>;
  overlap: number;
  /** Lines of the earlier release whose key a later release has (replaced: SUPERSEDED). */
  supersededLines: Map<string, number[]>;
  /** Overlapping keys whose rows agree (events, and kg rounded to 6 decimals). */
  sameOverlap: number;
  /** Overlapping keys whose rows disagree in any digit, before rounding. */
  textuallyDifferent: number;
  byGroup: Map<string, Totals>;
  byFy: Map<string, Totals>;
  grand: Totals;
}

interface AggregateRow {
  phase: string;
  subtype: string;
  unit: string;
  cases: number;
  seizures: number;
  quantity: number;
}

interface ReportJson {
  schemaVersion: number;
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  out_of_scope: number;
  sources: {
    file: string;
    sha256: string;
    read: number;
    accepted: number;
    rejected: number;
    duplicates: number;
    out_of_scope: number;
  }[];
  diagnostics: { severity: string; code: string; file: string; line: number; value?: string }[];
}

const round3 = (x: number): number => Math.round(x * 1e3) / 1e3;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const groupKey = (fy: string, drug: string): string => `${fy}\u0000${drug}`;

/**
 * CBP's drug types as the goods vocabulary names them (written out here, not
 * read from the vocabulary): "Other Drugs**" names no good and stays as written.
 */
const CBP_DRUG_IDS: Record<string, string> = {
  Cocaine: 'cocaine',
  Ecstasy: 'mdma',
  Fentanyl: 'fentanyl',
  Heroin: 'heroin',
  Ketamine: 'ketamine',
  'Khat (Catha Edulis)': 'khat',
  Lsd: 'lsd',
  Marijuana: 'cannabis-herb',
  Methamphetamine: 'methamphetamine',
};

function parseRelease(name: string): CbpRow[] {
  const text = readFileSync(join(DATA_DIR, name), 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = (lines[0] ?? '').split(',');
  const col = (h: string): number => {
    const i = header.indexOf(h);
    if (i < 0) throw new Error(`${name}: column "${h}" not found in header ${header.join('|')}`);
    return i;
  };
  const keyIdx = KEY_COLUMNS.map(col);
  const [fyIdx, drugIdx, eventsIdx, lbsIdx] = [
    col('FY'),
    col('Drug Type'),
    col('Count of Event'),
    col('Sum Qty (lbs)'),
  ];
  return lines.slice(1).map((l, i) => {
    const f = l.split(',');
    if (f.length !== header.length) throw new Error(`${name}:${i + 2}: ${f.length} fields`);
    const cell = (j: number): string => f[j] ?? '';
    const events = Number(cell(eventsIdx));
    const lbs = Number(cell(lbsIdx)); // some cells are in scientific notation: 6.61E-05
    if (!Number.isInteger(events) || !Number.isFinite(lbs)) {
      throw new Error(`${name}:${i + 2}: bad number in "${l}"`);
    }
    return {
      file: name,
      line: i + 2,
      key: keyIdx.map(cell).join('\u0000'),
      fy: cell(fyIdx),
      drug: CBP_DRUG_IDS[cell(drugIdx)] ?? cell(drugIdx),
      events,
      lbs,
    };
  });
}

/** Union of the releases by key: the later release's row replaces the earlier one (on_conflict: latest). */
function computeExpected(): Expected {
  const union = new Map<string, CbpRow>();
  const readPerFile: number[] = [];
  const supersededLines = new Map<string, number[]>(RELEASES.map((r) => [r.name, []]));
  let overlap = 0;
  let sameOverlap = 0;
  let textuallyDifferent = 0;
  for (const release of RELEASES) {
    const rows = parseRelease(release.name);
    readPerFile.push(rows.length);
    const seenInFile = new Set<string>();
    for (const row of rows) {
      if (seenInFile.has(row.key)) throw new Error(`${row.file}:${row.line}: key repeated within a release`);
      seenInFile.add(row.key);
      const earlier = union.get(row.key);
      union.set(row.key, row);
      if (!earlier) continue;
      overlap += 1;
      supersededLines.get(earlier.file)?.push(earlier.line);
      if (earlier.events !== row.events || earlier.lbs !== row.lbs) textuallyDifferent += 1;
      if (earlier.events === row.events && round6(earlier.lbs * KG_PER_LB) === round6(row.lbs * KG_PER_LB)) {
        sameOverlap += 1;
      }
    }
  }
  const byGroup = new Map<string, Totals>();
  const byFy = new Map<string, Totals>();
  const grand: Totals = { events: 0, lbs: 0 };
  const add = (m: Map<string, Totals>, k: string, r: CbpRow): void => {
    const t = m.get(k) ?? { events: 0, lbs: 0 };
    t.events += r.events;
    t.lbs += r.lbs;
    m.set(k, t);
  };
  for (const r of union.values()) {
    add(byGroup, groupKey(r.fy, r.drug), r);
    add(byFy, r.fy, r);
    grand.events += r.events;
    grand.lbs += r.lbs;
  }
  return { readPerFile, union, overlap, supersededLines, sameOverlap, textuallyDifferent, byGroup, byFy, grand };
}

describe.skipIf(!hasData)('CBP nationwide drug seizures: fiscal-year totals across two releases', () => {
  let expected: Expected;
  let run: { status: number | null; stdout: string; stderr: string };
  let rows: AggregateRow[];
  let report: ReportJson;
  let build: { status: number | null; stderr: string };
  let md: string;
  let tmp: string;

  beforeAll(() => {
    expect(existsSync(join(ROOT, 'dist/bundle/cli.js')), 'dist/bundle/cli.js missing: run `npm run build` first').toBe(true);
    expected = computeExpected();
    tmp = mkdtempSync(join(tmpdir(), 'cbp-acceptance-'));
    const reportPath = join(tmp, 'report.json');
    const r = spawnSync(
      process.execPath,
      [BIN, 'aggregate', '--campaign', CAMPAIGN, '--by', 'phase,subtype', '--format', 'json', '--report-json', reportPath],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    if (r.status !== 0) throw new Error(`CLI exited ${r.status}\n${r.stderr.slice(0, 4000)}`);
    rows = JSON.parse(run.stdout) as AggregateRow[];
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as ReportJson;
    const out = join(tmp, 'reports');
    const b = spawnSync(
      process.execPath,
      [BIN, 'build', '--campaign', CAMPAIGN, '--phase', 'fy2023', '--format', 'md', '--out', out, '--quiet'],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    build = { status: b.status, stderr: b.stderr };
    const mdPath = join(out, 'cbp-drugs-fy2023.md');
    md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the releases SOURCE.md describes (checksums, rows, overlap)', () => {
    for (const release of RELEASES) {
      const sha = createHash('sha256').update(readFileSync(join(DATA_DIR, release.name))).digest('hex');
      expect(sha, release.name).toBe(release.sha256);
    }
    // Figures from the independent analysis (fixtures/cbp/README.md); they guard this test's own parser.
    expect(expected.readPerFile).toEqual([10092, 9924]);
    expect(expected.overlap).toBe(7559);
    expect(expected.union.size).toBe(12457);
    expect(expected.textuallyDifferent).toBe(1); // 2022 MAR HOUSTON Fentanyl: 0.055115565 vs 0.055115566 lb
    expect(expected.sameOverlap).toBe(expected.overlap); // the releases agree on events (the revision is below 1e-6 kg)
    expect(expected.grand.events).toBe(336030);
    // The later release's figure is the one kept (on_conflict: latest).
    const houston = expected.union.get(
      ['2022', 'MAR', 'Office of Field Operations', 'Coastal/Interior', 'Other', 'HOUSTON FIELD OFFICE', 'Fentanyl'].join('\u0000'),
    );
    expect(houston).toMatchObject({ file: RELEASES[1].name, lbs: 0.055115566, events: 7 });
    expect(expected.supersededLines.get(RELEASES[0].name)).toHaveLength(7559);
    expect(expected.supersededLines.get(RELEASES[1].name)).toEqual([]);
  });

  it('exits 0 and prints the buckets line', () => {
    expect(run.status).toBe(0);
    const read = expected.readPerFile.reduce((a, b) => a + b, 0);
    expect(run.stderr).toContain(
      `read ${read} = accepted ${expected.union.size} + rejected 0 + duplicates ${expected.overlap} + out_of_scope 0`,
    );
  });

  it('puts every row in the right bucket: the second release replaces FY2020-FY2022 of the first', () => {
    expect(report.schemaVersion).toBe(1);
    expect({
      read: report.read,
      accepted: report.accepted,
      rejected: report.rejected,
      duplicates: report.duplicates,
      out_of_scope: report.out_of_scope,
    }).toEqual({
      read: 20016,
      accepted: expected.union.size,
      rejected: 0, // a revised row replaces the earlier one (on_conflict: latest): never a CONFLICTING_ID
      duplicates: expected.overlap, // every replaced row (SUPERSEDED)
      out_of_scope: 0,
    });
    expect(report.read).toBe(report.accepted + report.rejected + report.duplicates + report.out_of_scope);
    expect(report.sources.map(({ file, read, accepted, rejected, duplicates, out_of_scope }) => ({
      file,
      read,
      accepted,
      rejected,
      duplicates,
      out_of_scope,
    }))).toEqual([
      {
        // FY2019 stays; FY2020-FY2022 are replaced by the later release (SUPERSEDED)
        file: `../../../shared/real-data/cbp-nationwide-drugs/${RELEASES[0].name}`,
        read: 10092,
        accepted: 10092 - 7559,
        rejected: 0,
        duplicates: 7559,
        out_of_scope: 0,
      },
      {
        file: `../../../shared/real-data/cbp-nationwide-drugs/${RELEASES[1].name}`,
        read: 9924,
        accepted: 9924,
        rejected: 0,
        duplicates: 0,
        out_of_scope: 0,
      },
    ]);
    expect(report.sources.map((s) => s.sha256)).toEqual(RELEASES.map((r) => r.sha256));
  });

  it('reports only SUPERSEDED warnings, at the replaced rows of the first release, and the drug type the vocabulary lacks', () => {
    const codes = new Map<string, number>();
    for (const d of report.diagnostics) codes.set(`${d.severity} ${d.code}`, (codes.get(`${d.severity} ${d.code}`) ?? 0) + 1);
    // and one UNKNOWN_SUBTYPE per release for "Other Drugs**", the one drug type the vocabulary does not name
    expect(Object.fromEntries(codes)).toEqual({ 'warning SUPERSEDED': 7559, 'warning UNKNOWN_SUBTYPE': 2 });
    expect(report.diagnostics.filter((d) => d.code === 'UNKNOWN_SUBTYPE').map((d) => [d.file.split('/').pop(), d.line, d.value])).toEqual([
      [RELEASES[0].name, 5, 'Other Drugs**'],
      [RELEASES[1].name, 2, 'Other Drugs**'], // the first line of each file that has it
    ]);
    const superseded = report.diagnostics.filter((d) => d.code === 'SUPERSEDED');
    expect(new Set(superseded.map((d) => d.file))).toEqual(
      new Set([`../../../shared/real-data/cbp-nationwide-drugs/${RELEASES[0].name}`]),
    );
    expect(superseded.map((d) => d.line).sort((a, b) => a - b)).toEqual(expected.supersededLines.get(RELEASES[0].name));
  });

  it('outputs one kg row per (fiscal year, drug type), with exactly the documented keys, sorted', () => {
    expect(rows).toHaveLength(expected.byGroup.size); // 5 fiscal years x 10 drug types
    expect(rows.length).toBe(50);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['phase', 'subtype', 'unit', 'cases', 'seizures', 'quantity']);
      expect(row.unit).toBe('kg');
    }
    const order = rows.map((r) => [r.phase, r.subtype] as const);
    const sorted = [...order].sort(([p1, s1], [p2, s2]) =>
      p1 === p2 ? (s1 < s2 ? -1 : s1 > s2 ? 1 : 0) : p1 < p2 ? -1 : 1,
    );
    expect(order).toEqual(sorted);
  });

  it('reproduces the fiscal-year totals per drug type: events and kg', () => {
    const actual = new Map(rows.map((r) => [groupKey(r.phase, r.subtype), r]));
    for (const [k, want] of expected.byGroup) {
      const [fy, drug] = k.split('\u0000') as [string, string];
      const label = `FY${fy} ${drug}`;
      const got = actual.get(groupKey(`fy${fy}`, drug));
      expect(got, `${label}: no output row`).toBeDefined();
      if (!got) continue;
      expect(got.seizures, `${label} seizures`).toBe(want.events);
      // A totals row stands for `count` cases too (no case ids in this source).
      expect(got.cases, `${label} cases`).toBe(want.events);
      expect(Math.abs(got.quantity - round3(want.lbs * KG_PER_LB)), `${label} kg: got ${got.quantity}`).toBeLessThanOrEqual(
        0.001 + 1e-9,
      );
    }
  });

  it('counts every event exactly once overall, and per fiscal year', () => {
    const events = rows.reduce((a, r) => a + r.seizures, 0);
    expect(events).toBe(expected.grand.events);
    const kg = rows.reduce((a, r) => a + r.quantity, 0);
    expect(Math.abs(kg - expected.grand.lbs * KG_PER_LB)).toBeLessThan(0.05); // 50 rows, each rounded to 3 decimals
    // All drugs per fiscal year, as in fixtures/cbp/README.md.
    const perFy = new Map<string, number>();
    for (const r of rows) perFy.set(r.phase, (perFy.get(r.phase) ?? 0) + r.seizures);
    expect(Object.fromEntries(perFy)).toEqual({
      fy2019: 66158,
      fy2020: 70923,
      fy2021: 82946,
      fy2022: 62465,
      fy2023: 53538,
    });
    for (const [fy, t] of expected.byFy) expect(perFy.get(`fy${fy}`), `FY${fy}`).toBe(t.events);
  });

  it("matches CBP's published fentanyl figures in pounds", () => {
    // CBP's nationwide fentanyl totals, rounded to the pound. FY2022 is checked against a press
    // quote of CBP ("14,699.88 pounds seized in all of FY2022"); FY2019-FY2021 agree with the round
    // figures the press reported; FY2023 was not checked against CBP's page (no copy here).
    const published: Record<string, number> = {
      fy2019: 2804,
      fy2020: 4791,
      fy2021: 11201,
      fy2022: 14700,
      fy2023: 27023,
    };
    for (const [phase, lb] of Object.entries(published)) {
      const row = rows.find((r) => r.phase === phase && r.subtype === 'fentanyl');
      expect(row, phase).toBeDefined();
      expect(Math.round((row?.quantity ?? 0) / KG_PER_LB), phase).toBe(lb);
    }
  });

  it('builds an FY2023 report that shows no monthly total as a seizure and no weekly trend', () => {
    expect(build.status, build.stderr.slice(0, 2000)).toBe(0);
    expect(sectionTableRows(md, 'Largest seizures')).toEqual([]);
    expect(weekLabels(md)).toEqual([]); // the months were once shown as weeks (2022-W39 ...)
    for (const f of filesUnder(join(tmp, 'reports'))) expect(weekLabels(f.text), f.path).toEqual([]);
    // The generated fiscal-year phases, named as CBP names them, with each year's events once.
    for (const [fy, events] of [['FY2019', '66,158'], ['FY2020', '70,923'], ['FY2021', '82,946'], ['FY2022', '62,465'], ['FY2023', '53,538']]) {
      expect(md).toContain(`| ${fy} | ${events} | ${events} |`);
    }
  });
});

if (!hasData) {
  describe('CBP nationwide drug seizures', () => {
    it.skipIf(true)(`skipped: ${SKIP_REASON}`, () => {});
  });
}
