/**
 * The source options of issue 11, end to end on the built CLI: null_values,
 * allow_zero, two quantity columns (coalesce / max) counted per column in the
 * annex and --report-json, the where filter (out of scope, reason filtered),
 * ids made of file and line, route unknown shown as "not reported"; the ad-hoc
 * flags; the same bytes on 1 and 4 threads; the counts through a partial.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

/** A CITES-like export: importer- and exporter-reported quantities, Source and Purpose codes, years as dates. */
const CITES = `Year,Taxon,Importer,Exporter,Importer reported quantity,Exporter reported quantity,Term,Unit,Purpose,Source
2017,Manis gigantea,HK,NG,100,,scales,kg,T,I
2017,Manis gigantea,HK,NG,,50,scales,kg,T,I
2017,Manis gigantea,HK,NG,NULL,70.5,scales,kg,P,I
2017,Manis gigantea,CN,NG,30,40,scales,kg,T,W
2017,Manis gigantea,CN,NG,0,,scales,kg,T,I
2017,Manis gigantea,CN,NG,NULL,NULL,scales,kg,T,I
2016,Manis gigantea,HK,NG,4000,,scales,kg,Q,I
2016,Manis tricuspis,CN,CM,-5,,scales,kg,T,I
2016,Manis gigantea,CN,NG,,12,scales,kg,t, i
`;

const OTHER = `id,date,reporting_country,commodity,subtype,quantity,unit,route
O1,2017-03-01,HK,cites,ivory,2,kg,sea
O2,2017-03-02,HK,cites,ivory,3,kg,not reported
O3,2017-03-03,HK,cites,ivory,1,kg,air
`;

const HEAD = `campaign: { id: pangolin, name: Pangolin scales, participants: [HK, CN] }
phases:
  - { id: y2016, name: "2016", start: 2016-01-01, end: 2016-12-31 }
  - { id: y2017, name: "2017", start: 2017-01-01, end: 2017-12-31 }
sources:
`;

function citesSource(quantity: 'coalesce' | 'max' = 'coalesce', where = '{ Source: [I], Purpose: [T, P] }'): string {
  return `  - path: cites.csv
    date_format: yyyy
    null_values: [NULL]
    allow_zero: true
    where: ${where}
    defaults: { route: unknown, commodity: cites }
    values: { subtype: { scales: pangolin-scales } }
    columns:
      id: "@line"
      date: Year
      reporting_country: Importer
      subtype: Term
      quantity: { ${quantity}: [Importer reported quantity, Exporter reported quantity] }
`;
}

const FILES = { 'campaign.yaml': `${HEAD}${citesSource()}  - path: other.csv\n`, 'cites.csv': CITES, 'other.csv': OTHER };

interface Report {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  out_of_scope: number;
  out_of_scope_reasons: Record<string, number>;
  sources: (Record<string, unknown> & { file: string; read: number; accepted: number; rejected: number; duplicates: number; out_of_scope: number })[];
  diagnostics: { severity: string; code: string; file: string; line: number; field: string | null; value: string | null; message: string }[];
}

function readReport(dir: string, name = 'r.json'): Report {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as Report;
}

function expectBalanced(r: Pick<Report, 'read' | 'accepted' | 'rejected' | 'duplicates' | 'out_of_scope'>): void {
  expect(r.read).toBe(r.accepted + r.rejected + r.duplicates + r.out_of_scope);
}

const lastLine = (r: CliResult) => r.stderr.trimEnd().split('\n').pop();

describe('a CITES-like source: null values, a reported nil, two quantity columns, a row filter, ids from lines, routes not reported', () => {
  const dir = tempDir(FILES);

  it('validate: exact buckets, filtered rows out of scope, records per quantity column, diagnostics where they are', async () => {
    const r = await runCli(['validate', '--report-json', 'r.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(lastLine(r)).toBe('read 12 = accepted 8 + rejected 2 + duplicates 0 + out_of_scope 2 (outside phases 0, commodity 0, other phase 0, filtered 2)');
    const doc = readReport(dir);
    expect([doc.read, doc.accepted, doc.rejected, doc.duplicates, doc.out_of_scope]).toEqual([12, 8, 2, 0, 2]);
    expectBalanced(doc);
    expect(doc.out_of_scope_reasons).toEqual({ outside_phases: 0, commodity: 0, other_phase: 0, filtered: 2 });
    const [cites, other] = doc.sources;
    expect(cites).toMatchObject({ file: 'cites.csv', read: 9, accepted: 5, rejected: 2, duplicates: 0, out_of_scope: 2, filtered: 2 });
    expect(cites!.quantity_columns).toEqual({ 'Importer reported quantity': 2, 'Exporter reported quantity': 3 });
    expect(Object.keys(cites!.quantity_columns as object)).toEqual(['Importer reported quantity', 'Exporter reported quantity']);
    for (const s of doc.sources) expectBalanced(s);
    // a source without the options has none of their keys
    expect(Object.keys(other!)).toEqual(['file', 'sha256', 'bytes', 'encoding', 'read', 'accepted', 'rejected', 'duplicates', 'out_of_scope', 'title_rows', 'totals_rows', 'blank_rows']);
    // NULL NULL is a missing quantity (not "not a number"); -5 is negative even where 0 is allowed; the filtered rows say nothing
    expect(doc.diagnostics.map((d) => [d.severity, d.code, d.file, d.line, d.field, d.value, d.message])).toEqual([
      ['error', 'MISSING_FIELD', 'cites.csv', 7, 'quantity', '', 'quantity is required but empty'],
      ['error', 'INVALID_QUANTITY', 'cites.csv', 9, 'quantity', '-5', 'must not be negative'],
    ]);
  });

  it('aggregate: the reported nil counted with quantity 0, route unknown kept as its id, last', async () => {
    const byRoute = await runCli(['aggregate', '--by', 'route'], { cwd: dir });
    expect(byRoute.code).toBe(0);
    expect(byRoute.stdout).toBe('route,unit,cases,seizures,quantity\nair,kg,1,1,1\nsea,kg,1,1,2\nunknown,kg,6,6,235.5\n');
    const byCountry = await runCli(['aggregate', '--by', 'phase,country,route', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(byCountry.stdout)).toEqual([
      { phase: 'y2016', country: 'CN', route: 'unknown', unit: 'kg', cases: 1, seizures: 1, quantity: 12 },
      { phase: 'y2017', country: 'CN', route: 'unknown', unit: 'kg', cases: 1, seizures: 1, quantity: 0 },
      { phase: 'y2017', country: 'HK', route: 'air', unit: 'kg', cases: 1, seizures: 1, quantity: 1 },
      { phase: 'y2017', country: 'HK', route: 'sea', unit: 'kg', cases: 1, seizures: 1, quantity: 2 },
      { phase: 'y2017', country: 'HK', route: 'unknown', unit: 'kg', cases: 4, seizures: 4, quantity: 223.5 },
    ]);
  });

  it('aggregate --labels: "not reported" in en, vi and ko, never a real route', async () => {
    const labels: Record<string, string> = {};
    for (const lang of ['en', 'vi', 'ko']) labels[lang] = (await runCli(['aggregate', '--by', 'route', '--labels', lang], { cwd: dir })).stdout;
    expect(labels.en).toBe('route,unit,cases,seizures,quantity\nAir,kg,1,1,1\nSea,kg,1,1,2\nNot reported,kg,6,6,235.5\n');
    expect(labels.vi!.split('\n')[3]).toBe('Không báo cáo,kg,6,6,235.5');
    expect(labels.ko!.split('\n')[3]).toBe('미보고,kg,6,6,235.5');
  });

  it('build: the annex gives the records per quantity column and the filtered rows; routes not reported are labelled, last', async () => {
    const r = await runCli(['build', '--phase', 'y2017', '--format', 'md,html', '--out', 'rep'], { cwd: dir });
    expect(r.code).toBe(0);
    const md = readFileSync(join(dir, 'rep/pangolin-y2017.md'), 'utf8');
    expect(md).toContain('- Accepted records by quantity column, cites.csv — Importer reported quantity: 2; Exporter reported quantity: 3\n');
    expect(md).toContain("- Rows outside the source's filter \\(where\\), out of scope, cites.csv — 2\n");
    // by route: cases and seizures, then the commodity's quantities (no direction given: no route × direction table)
    expect(md).toContain('| Air | 1 | 1 |\n| Sea | 1 | 1 |\n| Not reported | 5 | 5 |\n');
    expect(md).toContain('| Air | 1 | 1 | 1 |\n| Sea | 1 | 1 | 2 |\n| Not reported | 5 | 5 | 223.5 |\n');
    expect(md).not.toContain('| Route | Direction |');
    expect(md).not.toMatch(/\bUnknown\b|\| unknown \|/);
    const html = readFileSync(join(dir, 'rep/pangolin-y2017.html'), 'utf8');
    expect(html).toContain('Accepted records by quantity column — Importer reported quantity: 2; Exporter reported quantity: 3</div>');
    expect(html).toContain('Rows outside the source&#x27;s filter (where), out of scope — 2</div>');
    const chart = readFileSync(join(dir, 'rep/pangolin-y2017-charts/route.svg'), 'utf8');
    // the axis labels in order: Air, Sea, Not reported
    expect([...chart.matchAll(/>(Air|Sea|Not reported|Unknown)<\/text>/g)].map((m) => m[1])).toEqual(['Air', 'Sea', 'Not reported']);
  });

  it('build --locale vi: the route is "Không báo cáo"', async () => {
    const r = await runCli(['build', '--phase', 'y2017', '--format', 'md', '--locale', 'vi', '--out', 'rep-vi'], { cwd: dir });
    expect(r.code).toBe(0);
    const md = readFileSync(join(dir, 'rep-vi/pangolin-y2017.vi.md'), 'utf8');
    expect(md).toContain('| Không báo cáo |');
    expect(md).not.toContain('Không rõ');
  });

  it('max: the larger of the two figures, counted per column', async () => {
    const d = tempDir({ ...FILES, 'campaign.yaml': `${HEAD}${citesSource('max', '{ Source: [I, W] }')}` });
    const r = await runCli(['aggregate', '--by', 'phase,country', '--report-json', 'r.json'], { cwd: d });
    expect(r.code).toBe(0);
    // CN 2017: 40 (exporter, the larger) and 0; HK 2016: 4000 (Purpose Q is in now); CN 2016: 12
    expect(r.stdout).toBe('phase,country,unit,cases,seizures,quantity\ny2016,CN,kg,1,1,12\ny2016,HK,kg,1,1,4000\ny2017,CN,kg,2,2,40\ny2017,HK,kg,3,3,220.5\n');
    const doc = readReport(d);
    expect([doc.read, doc.accepted, doc.rejected, doc.out_of_scope, doc.out_of_scope_reasons.filtered]).toEqual([9, 7, 2, 0, 0]);
    expectBalanced(doc);
    expect(doc.sources[0]!.quantity_columns).toEqual({ 'Importer reported quantity': 3, 'Exporter reported quantity': 4 });
  });

  it('a where header missing from the file is a campaign-file error naming the header and the file (exit 2), on any number of threads', async () => {
    const d = tempDir({ ...FILES, 'campaign.yaml': `${HEAD}${citesSource('coalesce', '{ Source: [I], Purpos: [T] }')}` });
    for (const threads of ['1', '4']) {
      const r = await runCli(['validate'], { cwd: d, env: { CAMPAIGN_REPORT_THREADS: threads } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[CONFIG_INVALID]: where: cites.csv has no column "Purpos"');
      expect(r.stderr).toContain('"Purpose"');
    }
  });

  it('the campaign file refuses the forms where they mean nothing (exit 2, with the key path and line)', async () => {
    const d = tempDir({ ...FILES, 'campaign.yaml': `${HEAD}  - path: other.csv\n    columns: { date: { coalesce: [a, b] } }\n` });
    const r = await runCli(['validate'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sources[0].columns.date (line 7): { coalesce } and { max } are for the quantity only');
  });
});

describe('ad-hoc flags', () => {
  const dir = tempDir({ 'cites.csv': CITES, 'unodc.csv': 'ISO Code,Drug,Year,kg,Country\nCOL,Cocaine,2017,NULL,CO\nCOL,Cocaine,2018,0,CO\nPER,Cocaine,2017,12.5,PE\nPER,Cocaine salts,2017,3,PE\n' });
  const UNODC = ['--map', 'id=ISO Code+Drug+Year', '--map', 'date=Year', '--date-format', 'yyyy', '--map', 'quantity=kg', '--map', 'reporting_country=Country', '--map', 'subtype=Drug', '--default', 'unit=kg', '--default', 'route=unknown', '--default', 'commodity=drugs'];

  it('--null-values, --allow-zero, --map id=A+B+C and a default route unknown', async () => {
    const r = await runCli(['aggregate', 'unodc.csv', ...UNODC, '--null-values', 'NULL,n/a', '--allow-zero', '--by', 'year,country,route', '--report-json', 'r.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('year,country,route,unit,cases,seizures,quantity\n2017,PE,unknown,kg,2,2,15.5\n2018,CO,unknown,kg,1,1,0\n');
    const doc = readReport(dir);
    expect([doc.read, doc.accepted, doc.rejected]).toEqual([4, 3, 1]);
    expect(doc.diagnostics.map((d) => [d.code, d.file, d.line, d.field])).toEqual([['MISSING_FIELD', 'unodc.csv', 2, 'quantity']]);
    // without the flags: NULL is not a number and 0 is not positive
    const plain = await runCli(['aggregate', 'unodc.csv', ...UNODC, '--report-json', 'p.json'], { cwd: dir });
    expect(readReport(dir, 'p.json').diagnostics.map((d) => [d.code, d.line, d.value, d.message])).toEqual([
      ['INVALID_QUANTITY', 2, 'NULL', 'is not a number (decimal: ".")'],
      ['INVALID_QUANTITY', 3, '0', 'must be a positive number'],
    ]);
    expect(plain.code).toBe(0);
  });

  it('the ids of --map id=A+B+C are the cells joined with a space', async () => {
    const r = await runCli(['aggregate', 'unodc.csv', ...UNODC, '--null-values', 'NULL', '--report-json', 'r.json'], { cwd: dir });
    expect(r.code).toBe(0);
    // the same three cells twice make the same id: a conflict names it
    const d2 = tempDir({ 'u.csv': 'ISO Code,Drug,Year,kg,Country\nPER,Cocaine,2017,12.5,PE\nPER,Cocaine,2017,13,PE\n' });
    await runCli(['aggregate', 'u.csv', ...UNODC, '--report-json', 'r.json'], { cwd: d2 });
    expect(readReport(d2).diagnostics.map((d) => [d.code, d.line, d.value])).toEqual([['CONFLICTING_ID', 3, 'PER Cocaine 2017']]);
  });

  it('--where Header=v1,v2 (repeatable): rows that do not match are out of scope, reason filtered', async () => {
    const args = ['aggregate', 'cites.csv', '--map', 'id=@line', '--map', 'date=Year', '--date-format', 'yyyy', '--map', 'reporting_country=Importer', '--map', 'quantity=Exporter reported quantity', '--map', 'subtype=Term', '--default', 'commodity=cites', '--default', 'route=unknown'];
    const r = await runCli([...args, '--where', 'Source=I', '--where', 'Purpose=T,P', '--null-values', 'NULL', '--by', 'country', '--report-json', 'r.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('country,unit,cases,seizures,quantity\nCN,kg,1,1,12\nHK,kg,2,2,120.5\n');
    expect(lastLine(r)).toBe('read 9 = accepted 3 + rejected 4 + duplicates 0 + out_of_scope 2 (outside phases 0, commodity 0, other phase 0, filtered 2)');
    const doc = readReport(dir);
    expect(doc.out_of_scope_reasons.filtered).toBe(2);
    expectBalanced(doc);
    const missing = await runCli([...args, '--where', 'Src=I'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--where: cites.csv has no column "Src"');
  });

  it('a flag repeated for the same field is a usage error (exit 2); so are the source flags with a campaign file', async () => {
    const twice = await runCli(['aggregate', 'unodc.csv', '--map', 'id=ISO Code', '--map', 'id=Drug'], { cwd: dir });
    expect([twice.code, twice.stderr.trim()]).toEqual([2, 'campaign-report: error [USAGE]: --map id= is given twice ("id=ISO Code" and "id=Drug")\n  hint: give --map once per field']);
    const defaults = await runCli(['aggregate', 'unodc.csv', '--default', 'route=air', '--default', 'route=sea'], { cwd: dir });
    expect(defaults.code).toBe(2);
    expect(defaults.stderr).toContain('--default route= is given twice');
    const where = await runCli(['aggregate', 'cites.csv', '--where', 'Source=I', '--where', 'Source=W'], { cwd: dir });
    expect(where.code).toBe(2);
    expect(where.stderr).toContain('--where Source= is given twice');
    const withCampaign = await runCli(['aggregate', '--allow-zero'], { cwd: tempDir(FILES) });
    expect(withCampaign.code).toBe(2);
    expect(withCampaign.stderr).toContain('--null-values, --allow-zero and --where apply to files named on the command line');
  });
});

/** A large CITES-like export (cut into ranges on several threads), with every option at work. */
function bigCites(n: number): string {
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const lines = ['Year,Taxon,Importer,Exporter,Importer reported quantity,Exporter reported quantity,Term,Unit,Purpose,Source'];
  for (let i = 0; i < n; i++) {
    const q = () => pick(['', '', 'NULL', '0', String(Math.floor(rnd() * 5000) / 10), String(Math.floor(rnd() * 100)), '-1', 'abc']);
    lines.push([pick(['2016', '2017']), pick(['Manis gigantea', 'Manis tricuspis']), pick(['HK', 'CN', 'VN']), pick(['NG', 'CM']), q(), q(), pick(['scales', 'skins']), pick(['kg', 'g', '']), pick(['T', 'P', 'Q']), pick(['I', 'W', 'i '])].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('the same bytes on 1 and 4 threads', () => {
  it('validate, aggregate and build of a source with coalesce, where, allow_zero, null values and ids from lines', async () => {
    const dir = tempDir({
      'campaign.yaml': `${HEAD.replace('[HK, CN]', '[HK, CN, VN]')}${citesSource()}`.replace('values: { subtype: { scales: pangolin-scales } }', 'values: { subtype: { scales: pangolin-scales, skins: reptile-skins } }').replace('columns:\n', 'columns:\n      unit: Unit\n'),
      'cites.csv': bigCites(12_000),
    });
    const run = async (threads: number, args: string[]) => {
      const r = await runCli(args, { cwd: dir, env: { CAMPAIGN_REPORT_THREADS: String(threads), CAMPAIGN_REPORT_MAIN_STEALS: '0', CAMPAIGN_REPORT_DEBUG_PARALLEL: '1', SOURCE_DATE_EPOCH: '1710000000' } });
      const plan = r.stderr.split('\n').find((l) => l.startsWith('threads: ')) ?? '';
      const stderr = r.stderr.split('\n').filter((l) => !l.startsWith('threads: ')).join('\n').replace(/\(all in [^)]*\)/, '(all in …)');
      return { code: r.code, stdout: r.stdout, stderr, plan };
    };
    for (const [args, out] of [
      [['validate', '--max-diagnostics', '5'], 'r'],
      [['aggregate', '--by', 'phase,country,subtype,route'], 'a'],
      [['aggregate', '--format', 'partial'], 'p'],
      [['build', '--all-phases', '--format', 'md'], 'b'],
    ] as const) {
      const one = await run(1, [...args, '--report-json', `${out}-1.json`, ...(args[0] === 'build' ? ['--out', 'rep-1'] : [])]);
      const four = await run(4, [...args, '--report-json', `${out}-4.json`, ...(args[0] === 'build' ? ['--out', 'rep-4'] : [])]);
      expect(one.plan).toMatch(/^threads: 1; cites\.csv \(/);
      expect(four.plan).toMatch(/^threads: 4; cites\.csv\[0,\d+\), cites\.csv\[\d+,/);
      expect([four.code, four.stdout, four.stderr.replaceAll('rep-4', 'rep-1')]).toEqual([one.code, one.stdout, one.stderr]);
      expect(readFileSync(join(dir, `${out}-4.json`), 'utf8')).toBe(readFileSync(join(dir, `${out}-1.json`), 'utf8'));
      if (args[0] === 'build') {
        for (const f of ['pangolin-y2016.md', 'pangolin-y2017.md']) expect(readFileSync(join(dir, 'rep-4', f), 'utf8')).toBe(readFileSync(join(dir, 'rep-1', f), 'utf8'));
      }
    }
    const doc = readReport(dir, 'r-1.json');
    expectBalanced(doc);
    const cites = doc.sources[0]!;
    expectBalanced(cites);
    expect(cites.read).toBe(12_000);
    // every option was at work
    expect(doc.out_of_scope_reasons.filtered).toBeGreaterThan(3000);
    expect(cites.filtered).toBe(doc.out_of_scope_reasons.filtered);
    const columns = cites.quantity_columns as Record<string, number>;
    expect(Object.keys(columns)).toEqual(['Importer reported quantity', 'Exporter reported quantity']);
    expect(columns['Importer reported quantity']! + columns['Exporter reported quantity']!).toBe(cites.accepted);
    expect(columns['Exporter reported quantity']).toBeGreaterThan(100);
    const agg = readFileSync(join(dir, 'rep-1/pangolin-y2017.md'), 'utf8');
    expect(agg).toContain('Accepted records by quantity column, cites.csv — Importer reported quantity: ');
  }, 180_000);
});

describe('partials carry the counts', () => {
  it('records per quantity column and filtered rows reach the campaign that lists the partial', async () => {
    const dir = tempDir({ ...FILES, 'make.yaml': `${HEAD}${citesSource()}`, 'merge.yaml': `${HEAD}  - path: hk-cn.partial.json\n  - path: other.csv\n` });
    const made = await runCli(['aggregate', '--campaign', 'make.yaml', '--format', 'partial', '--out', 'hk-cn.partial.json'], { cwd: dir });
    expect(made.code).toBe(0);
    const partial = JSON.parse(readFileSync(join(dir, 'hk-cn.partial.json'), 'utf8')) as { outOfScope: object; sources: object[] };
    expect(partial.outOfScope).toEqual({ outside_phases: 0, commodity: 0, other_phase: 0, filtered: 2 });
    expect(partial.sources[0]).toMatchObject({ file: 'cites.csv', filtered: 2, quantityColumns: { 'Importer reported quantity': 2, 'Exporter reported quantity': 3 } });
    const r = await runCli(['validate', '--campaign', 'merge.yaml', '--report-json', 'm.json'], { cwd: dir });
    // the partial's rejected rows count (exit 1), but their diagnostics stayed with the agency
    expect(r.code).toBe(1);
    expect(lastLine(r)).toBe('read 12 = accepted 8 + rejected 2 + duplicates 0 + out_of_scope 2 (outside phases 0, commodity 0, other phase 0, filtered 2)');
    const doc = readReport(dir, 'm.json');
    expect(doc.out_of_scope_reasons).toEqual({ outside_phases: 0, commodity: 0, other_phase: 0, filtered: 2 });
    expect(doc.sources[0]).toMatchObject({ file: 'cites.csv', via: 'hk-cn.partial.json', filtered: 2, quantity_columns: { 'Importer reported quantity': 2, 'Exporter reported quantity': 3 } });
    const b = await runCli(['build', '--campaign', 'merge.yaml', '--phase', 'y2017', '--format', 'md', '--out', 'rep'], { cwd: dir });
    expect(b.code).toBe(0);
    expect(readFileSync(join(dir, 'rep/pangolin-y2017.md'), 'utf8')).toContain('- Accepted records by quantity column, cites.csv — Importer reported quantity: 2; Exporter reported quantity: 3\n');
  }, 60_000);
});
