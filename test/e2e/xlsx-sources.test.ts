/**
 * Workbooks as agencies send them (fixtures/workbooks): title rows, typed
 * cells, totals rows, sheets; and hostile workbooks.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../helpers/tmp.js';
import { day, EN_HEADER, inlineRow, minimalWorkbook, thSheets, vnSheet, writeWorkbook, zipOf, type SheetSpec } from '../helpers/workbooks.js';

interface Report {
  read: number;
  accepted: number;
  rejected: number;
  sources: { file: string; read: number; accepted: number; title_rows: number; totals_rows: number; blank_rows: number }[];
  diagnostics: { code: string; file: string; line: number; sheet?: string; value?: string; message: string }[];
}

const FIXTURE = join(ROOT, 'fixtures/workbooks');
let dir = '';

beforeAll(async () => {
  dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  await writeWorkbook(join(dir, 'data/vn-hq.xlsx'), [vnSheet('Tháng 7')]);
  await writeWorkbook(join(dir, 'data/th-bkk.xlsx'), thSheets());
});
afterAll(cleanupTempDirs);

const report = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;

describe('fixtures/workbooks: workbooks and a CSV as sent', () => {
  it('reads every record, skips title, blank and totals rows per source, and flags the totals row that does not add up', async () => {
    const r = await runCli(['validate', '--report-json', 'r.json'], { cwd: dir });
    expect(r.stderr).toContain('read 13 = accepted 13 + rejected 0 + duplicates 0 + out_of_scope 0');
    expect(r.code).toBe(0);
    const rep = report(join(dir, 'r.json'));
    const by = Object.fromEntries(rep.sources.map((s) => [s.file, [s.read, s.title_rows, s.totals_rows, s.blank_rows]]));
    expect(by).toEqual({
      'data/vn-hq.xlsx': [4, 1, 1, 1],
      'data/th-bkk.xlsx': [2, 1, 1, 0],
      'data/la-lo.xlsx': [4, 2, 1, 0],
      'data/kr-icn.csv': [3, 1, 1, 0],
    });
    const mismatches = rep.diagnostics.filter((d) => d.code === 'TOTALS_MISMATCH');
    expect(mismatches).toEqual([expect.objectContaining({ file: 'data/th-bkk.xlsx', sheet: 'July', line: 5, value: '20 kg' })]);
    expect(mismatches[0]!.message).toContain('says 20 kg; the records above it in this sheet sum to 15.5 kg');
    expect(r.stderr).toContain('warning data/th-bkk.xlsx [July] row 5: [TOTALS_MISMATCH]');
  });

  it('gives the same figures as the same seizures in a clean CSV', async () => {
    const args = ['aggregate', '--by', 'commodity,subtype,country,route', '--format', 'json'];
    const sent = await runCli(args, { cwd: dir });
    const clean = await runCli([...args, '--campaign', 'clean/campaign.yaml'], { cwd: dir });
    expect(sent.code).toBe(0);
    expect(clean.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toEqual(JSON.parse(clean.stdout));
  });

  it('lists the rows that are not records in the report annex', async () => {
    const r = await runCli(['build', '--format', 'md', '--out', 'reports'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1730000000' } });
    expect(r.code).toBe(0);
    const md = readFileSync(join(dir, 'reports/op-workbooks-jul.md'), 'utf8');
    expect(md).toContain('data/la-lo.xlsx — title rows above the header: 2; totals rows: 1; blank rows: 0');
  });

  it('reads a workbook ad hoc: aggregate file.xlsx', async () => {
    const w = tempDir();
    await writeWorkbook(join(w, 'kr.xlsx'), [{ name: 'S', rows: [['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'], ['K1', day('2024-07-01'), 'KR', 'drugs', 1.5, 'kg', 'air'], ['K2', day('2024-07-02'), 'KR', 'drugs', 2, 'kg', 'air']] }]);
    const r = await runCli(['aggregate', 'kr.xlsx', '--by', 'country', '--format', 'json'], { cwd: w });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ country: 'KR', unit: 'kg', cases: 2, seizures: 2, quantity: 3.5 }]);
    // --sheet and --header-row: the source options as flags
    const th = await runCli(['aggregate', join(dir, 'data/th-bkk.xlsx'), '--sheet', '2', '--header-row', '2', '--default', 'reporting_country=TH', '--by', 'country', '--format', 'json'], { cwd: w });
    expect(th.code).toBe(0);
    expect(JSON.parse(th.stdout)).toEqual([{ country: 'TH', unit: 'kg', cases: 2, seizures: 2, quantity: 15.5 }]);
  });
});

/** A one-source campaign in a fresh folder. */
async function single(sheets: SheetSpec[], source: string, options: { date1904?: boolean } = {}): Promise<string> {
  const d = tempDir();
  writeFiles(d, {
    'campaign.yaml': `campaign: { id: t, name: T, participants: [TH] }\nphases: [{ id: p, start: 1899-01-01, end: 2099-12-31 }]\nsources:\n  - path: data/x.xlsx\n    defaults: { reporting_country: TH }\n${source}`,
    'data/.keep': '',
  });
  await writeWorkbook(join(d, 'data/x.xlsx'), sheets, options);
  return d;
}

const thRow = (id: string, date: unknown, q: unknown = 1): SheetSpec['rows'][number] => [1, id, date as Date, 'drugs', 'heroin', q as number, 'kg', 'air', 'Laos', 'Thailand'];

describe('sheets', () => {
  const sheets = (): SheetSpec[] => [
    { name: 'A', rows: [EN_HEADER, thRow('A-1', day('2024-07-01'))] },
    { name: 'Hidden', state: 'hidden', rows: [EN_HEADER, thRow('H-1', day('2024-07-01'))] },
    { name: 'B', rows: [EN_HEADER, thRow('B-1', day('2024-07-01')), thRow('B-2', day('2024-07-02'))] },
    { name: 'Other', rows: [['something else'], ['x', 'y']] },
  ];
  it.each([
    ['', 1, []],
    ['    sheet: B\n', 2, []],
    ['    sheet: 2\n', 1, []],
    ['    sheet: "*"\n', 3, ['SHEET_SKIPPED']],
  ])('%s → %i records', async (opt, n, codes) => {
    const d = await single(sheets(), opt);
    const r = await runCli(['validate', '--report-json', 'r.json'], { cwd: d });
    expect(r.code).toBe(0);
    const rep = report(join(d, 'r.json'));
    expect(rep.accepted).toBe(n);
    expect(rep.diagnostics.map((x) => x.code)).toEqual(codes);
  });

  it('a workbook of hidden sheets only, or a sheet that is not there: SHEET_NOT_FOUND naming the sheets', async () => {
    const d = await single([{ name: 'Secret', state: 'hidden', rows: [EN_HEADER, thRow('S-1', day('2024-07-01'))] }], '');
    const r = await runCli(['validate'], { cwd: d });
    expect(r.stderr).toContain('[SHEET_NOT_FOUND] nothing read: every sheet of the workbook is hidden; its sheets: "Secret (hidden)"');
    const e = await single(sheets(), '    sheet: Tháng 8\n');
    expect((await runCli(['validate'], { cwd: e })).stderr).toContain('no sheet is named "Tháng 8"');
  });
});

describe('typed cells', () => {
  it('dates in the 1900 system (its leap-year quirk too), the 1904 system, formula results, numbers with a decimal comma', async () => {
    const rows = [
      EN_HEADER,
      thRow('D-1', day('2024-07-15')),
      thRow('D-2', { formula: 'DATE(2024,7,16)', result: day('2024-07-16') }),
      // Excel's serials: 59 is 1900-02-28, 60 the 29th that never was, 61 is 1 March
      thRow('D-3', { serial: 59 }, 1.5),
      thRow('D-4', { serial: 61 }),
      thRow('D-5', '15/07/2024', '2,25'),
      thRow('D-6', { serial: 60 }),
    ];
    const d = await single([{ name: 'S', rows }], '    date_format: dd/MM/yyyy\n    decimal: ","\n');
    const r = await runCli(['aggregate', '--by', 'month', '--format', 'json', '--report-json', 'r.json'], { cwd: d });
    expect(r.stderr).toContain('read 6 = accepted 5 + rejected 1');
    expect(r.stderr).toContain('row 7: [INVALID_DATE] date "1900-02-29"');
    expect(JSON.parse(r.stdout)).toEqual([
      { month: '1900-02', unit: 'kg', cases: 1, seizures: 1, quantity: 1.5 },
      { month: '1900-03', unit: 'kg', cases: 1, seizures: 1, quantity: 1 },
      { month: '2024-07', unit: 'kg', cases: 3, seizures: 3, quantity: 4.25 },
    ]);
    const e = await single([{ name: 'S', rows: [EN_HEADER, thRow('E-1', day('2024-07-15'))] }], '', { date1904: true });
    const r2 = await runCli(['aggregate', '--by', 'week', '--format', 'json'], { cwd: e });
    expect(JSON.parse(r2.stdout)).toEqual([{ week: '2024-W29', unit: 'kg', cases: 1, seizures: 1, quantity: 1 }]);
  });

  it('summary lists a rejected workbook row by sheet and row', async () => {
    const d = await single([{ name: 'Tháng 7', rows: [['Title'], EN_HEADER, thRow('R-1', day('2024-07-15'), 'abc'), thRow('R-2', day('2024-07-15'))] }], '');
    const r = await runCli(['summary', '--since', '2024-07-01', '--until', '2024-07-31', '--format', 'txt'], { cwd: d });
    expect(r.stdout).toContain('data/x.xlsx [Tháng 7] row 3');
  });

  it('header_row: N takes that row as the header; diagnostics name the sheet and row', async () => {
    const rows = [['Title'], ['Seizure No', 'Quantity'], EN_HEADER, thRow('H-1', day('2024-07-01'), 'abc')];
    const d = await single([{ name: 'Tháng 7', rows }], '    header_row: 3\n');
    const r = await runCli(['validate', '--report-json', 'r.json'], { cwd: d });
    expect(r.stderr).toContain('error data/x.xlsx [Tháng 7] row 4: [INVALID_QUANTITY]');
    const rep = report(join(d, 'r.json'));
    expect(rep.diagnostics[0]).toMatchObject({ file: 'data/x.xlsx', sheet: 'Tháng 7', line: 4 });
    expect(rep.sources[0]!.title_rows).toBe(2);
  });
});

/** A campaign reading data/kr.<ext> whose bytes are given. */
function hostile(bytes: Buffer, ext = 'xlsx'): string {
  return tempDir({
    [`data/kr.${ext}`]: bytes,
    'campaign.yaml': `campaign: { id: h, name: H, participants: [KR] }\nphases: [{ id: p, start: 2024-01-01, end: 2024-12-31 }]\nsources:\n  - path: data/kr.${ext}\n`,
  });
}

const HEAD = ['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'];
const ROW = ['KR-1', '2024-07-03', 'KR', 'drugs', '1', 'kg', 'air'];

describe('hostile workbooks', () => {
  it('an .xlsx named .csv is read as a workbook, with a warning', async () => {
    const d = hostile(zipOf(minimalWorkbook(inlineRow(1, HEAD) + inlineRow(2, ROW))), 'csv');
    const r = await runCli(['validate'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[WORKBOOK_NAMED_CSV]');
    expect(r.stderr).toContain('read 1 = accepted 1');
  });

  it('an old .xls (OLE2) and a password-protected workbook: exit 3, saying what it is and what to do', async () => {
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from('Workbook', 'utf16le')]);
    const xls = await runCli(['validate'], { cwd: hostile(ole, 'xls') });
    expect(xls.code).toBe(3);
    expect(xls.stderr).toContain('Excel 97-2003 workbook (.xls, the old binary format)');
    expect(xls.stderr).toContain('--convert-to xlsx');
    const enc = Buffer.concat([ole, Buffer.from('EncryptionInfo', 'utf16le')]);
    const locked = await runCli(['validate'], { cwd: hostile(enc) });
    expect(locked.code).toBe(3);
    expect(locked.stderr).toContain('password-protected');
  });

  it.each([
    ['its headers declare 1.1 GiB: refused before inflating', 70 * (16 << 20)],
    ['its headers lie (1 KiB): stopped when 1 GiB is inflated', 1024],
  ])('a zip bomb stops at the unzipped-size limit, exit 3: %s', async (_what, declared) => {
    // 16 MiB of markup deflates to a few KiB; 70 copies make 1.1 GiB
    const piece = deflateRawSync(Buffer.from('<x/>'.repeat(4 << 20)), { finishFlush: constants.Z_SYNC_FLUSH });
    const data = Buffer.concat([...Array.from({ length: 70 }, () => piece), Buffer.from([0x03, 0x00])]);
    const parts = minimalWorkbook(inlineRow(1, HEAD));
    const bomb = zipOf([...parts.slice(0, 4), { name: 'xl/worksheets/sheet1.xml', data, deflated: { size: declared } }]);
    const r = await runCli(['validate'], { cwd: hostile(bomb) });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('unzips to more than 1 GiB');
    expect(r.stderr).not.toContain('    at ');
  }, 60_000);

  it('XML entity expansion is not expanded: a clean error, exit 3', async () => {
    const dtd = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n';
    const r = await runCli(['validate'], { cwd: hostile(zipOf(minimalWorkbook(inlineRow(1, HEAD) + inlineRow(2, ['&lol3;', ...ROW.slice(1)]), dtd))) });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('undefined entity');
    expect(r.stderr).not.toMatch(/lol(lol){50}/);
    expect(r.stderr).not.toContain('    at ');
  });

  it('a run of 17 MiB without markup (a text the parser would hold whole): exit 3 naming the limit', async () => {
    const r = await runCli(['validate'], { cwd: hostile(zipOf(minimalWorkbook(inlineRow(1, HEAD) + inlineRow(2, ['a'.repeat(17 << 20)])))) });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('a run of over 16 MiB without markup');
  });

  it('a cell on row 1,048,576 and one in column 16,384 (XFD): read, flat', async () => {
    const far = `<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>KR-9</t></is></c></row>`;
    const wide = `<row r="3"><c r="A3" t="inlineStr"><is><t>KR-2</t></is></c><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>`;
    const r = await runCli(['validate', '--report-json', 'r.json'], { cwd: hostile(zipOf(minimalWorkbook(inlineRow(1, HEAD) + inlineRow(2, ROW) + wide + far))) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('read 3 = accepted 1 + rejected 2');
    expect(r.stderr).toContain('[Data] row 3: [FIELD_COUNT]');
  });
});

describe('CSV: the header below a title row, totals rows', () => {
  it('a title row above the header and a Total row below the records', async () => {
    const d = tempDir({
      'data/kr.csv': `Seizures July 2024\n\n${HEAD.join(',')}\n${ROW.join(',')}\n${['KR-2', ...ROW.slice(1)].join(',')}\n,,,Total,2,kg,\n`,
      'campaign.yaml': `campaign: { id: c, name: C, participants: [KR] }\nphases: [{ id: p, start: 2024-01-01, end: 2024-12-31 }]\nsources:\n  - path: data/kr.csv\n`,
    });
    const r = await runCli(['validate', '--report-json', 'r.json'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('read 2 = accepted 2 + rejected 0');
    // the empty line between the title and the header is a blank row
    expect(report(join(d, 'r.json')).sources[0]).toMatchObject({ title_rows: 1, totals_rows: 1, blank_rows: 1 });
    writeFileSync(join(d, 'data/kr.csv'), `Seizures July 2024\n${HEAD.join(',')}\n${ROW.join(',')}\nTổng cộng,,,,3,kg,\n`);
    const r2 = await runCli(['validate'], { cwd: d });
    expect(r2.stderr).toContain('warning data/kr.csv:4: [TOTALS_MISMATCH] quantity "3 kg": the totals row says 3 kg; the records above it in this file sum to 1 kg');
  });

  it('a TSV whose bare title line has no tab: the delimiter comes from the header', async () => {
    const d = tempDir({
      'data/kr.tsv': `BÁO CÁO KẾT QUẢ BẮT GIỮ THÁNG 7/2024\n\n${HEAD.join('\t')}\n${ROW.join('\t').replace('\t1\t', '\t1,5\t')}\n\tTổng cộng\t\t\t1,5\tkg\t\n`,
      'campaign.yaml': `campaign: { id: c, name: C, participants: [KR] }\nphases: [{ id: p, start: 2024-01-01, end: 2024-12-31 }]\nsources:\n  - { path: data/kr.tsv, decimal: "," }\n`,
    });
    const r = await runCli(['validate', '--report-json', 'r.json'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('read 1 = accepted 1 + rejected 0');
    expect(r.stderr).not.toContain('TOTALS_MISMATCH');
    expect(report(join(d, 'r.json')).sources[0]).toMatchObject({ title_rows: 1, totals_rows: 1, blank_rows: 1 });
  });
});

describe('CSV and TSV: blank rows skipped and counted per source', () => {
  const CAMPAIGN = `campaign: { id: c, name: C, participants: [KR] }\nphases: [{ id: jul, name: July, start: 2024-07-01, end: 2024-07-31 }]\nsources:\n  - path: data/kr.csv\n  - path: data/kr.tsv\n`;
  const row = (id: string, qty: string, d = ',') => [id, ...ROW.slice(1, 4), qty, ...ROW.slice(5)].join(d);
  // kr.csv: a title, a blank line, the header; empty lines, rows of only delimiters and
  // spaces between the records, a bad row after them, a totals row that adds up, blank lines at the end:
  // 8 blank rows (1 above the header, 4 among the records, 3 after the totals row).
  const CSV = ['Seizures July 2024', '', HEAD.join(';'), row('KR-1', '1', ';'), '', ';;;;;;', ' ; ;;\t;;;', row('KR-2', 'abc', ';'), '', row('KR-3', '2', ';'), ';;;Total;3;kg;', '', ';;;;;;', ''].join('\n') + '\n';
  // kr.tsv: CRLF, rows of tabs only, a blank line before the header, none after the last record.
  const TSV = ['', HEAD.join('\t'), '\t\t\t\t\t\t', row('KR-4', '1', '\t'), '\t \t', row('KR-5', '0,5', '\t')].join('\r\n');

  it('blank_rows per source; read counts records only; the lines after blank rows stay right; the annex lists them', async () => {
    const d = tempDir({ 'data/kr.csv': CSV, 'data/kr.tsv': TSV, 'campaign.yaml': CAMPAIGN.replace('  - path: data/kr.tsv', '  - { path: data/kr.tsv, decimal: "," }') });
    const r = await runCli(['validate', '--report-json', 'r.json'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('read 5 = accepted 4 + rejected 1 + duplicates 0 + out_of_scope 0');
    expect(r.stderr).toContain('error data/kr.csv:8: [INVALID_QUANTITY]');
    expect(r.stderr).not.toContain('TOTALS_MISMATCH');
    const rep = report(join(d, 'r.json'));
    const by = Object.fromEntries(rep.sources.map((s) => [s.file, [s.read, s.title_rows, s.totals_rows, s.blank_rows]]));
    expect(by).toEqual({ 'data/kr.csv': [3, 1, 1, 8], 'data/kr.tsv': [2, 0, 0, 3] });
    const b = await runCli(['build', '--format', 'md', '--out', 'reports'], { cwd: d, env: { SOURCE_DATE_EPOCH: '1730000000' } });
    expect(b.code).toBe(0);
    const md = readFileSync(join(d, 'reports/c-jul.md'), 'utf8');
    expect(md).toContain('data/kr.csv — title rows above the header: 1; totals rows: 1; blank rows: 8');
    expect(md).toContain('data/kr.tsv — title rows above the header: 0; totals rows: 0; blank rows: 3');
  });

  it('a file cut into byte ranges counts the same blank rows on 1 and 3 threads', async () => {
    // blank lines and rows of commas every 7th line, some right after others
    const lines = [HEAD.join(',')];
    let blank = 0;
    for (let i = 0; i < 9000; i++) {
      lines.push(row(`KR-${i}`, '0.5'));
      if (i % 7 === 3) {
        lines.push(i % 2 === 0 ? '' : ',,,,,,', ...(i % 5 === 0 ? [' , '] : []));
        blank += i % 5 === 0 ? 2 : 1;
      }
    }
    const d = tempDir({ 'data/kr.csv': lines.join('\n') + '\n\n', 'campaign.yaml': CAMPAIGN.replace('  - path: data/kr.tsv\n', '') });
    const out = [];
    for (const n of ['1', '3']) {
      const r = await runCli(['validate', '--report-json', `r${n}.json`], { cwd: d, env: { CAMPAIGN_REPORT_THREADS: n, CAMPAIGN_REPORT_MAIN_STEALS: '0', CAMPAIGN_REPORT_DEBUG_PARALLEL: n === '3' ? '1' : '' } });
      if (n === '3') expect(r.stderr).toMatch(/data\/kr\.csv\[0,\d+\), data\/kr\.csv\[\d+,\d+\), data\/kr\.csv\[/);
      out.push([r.code, r.stderr.split('\n').filter((l) => !l.startsWith('threads:')).join('\n'), readFileSync(join(d, `r${n}.json`), 'utf8')]);
    }
    expect(out[1]).toEqual(out[0]);
    expect(out[0]![1]).toContain('read 9000 = accepted 9000');
    // the final empty line too
    expect(report(join(d, 'r1.json')).sources[0]).toMatchObject({ read: 9000, blank_rows: blank + 1, title_rows: 0 });
  });
});

describe('any number of threads', () => {
  it('workbooks on worker threads, and a CSV cut into ranges with a totals row at its end: the same output as one thread', async () => {
    const d = tempDir();
    cpSync(dir, d, { recursive: true });
    const rows = Array.from({ length: 6000 }, (_, i) => [`KR-${i}`, '2024-07-03', 'KR', 'drugs', '0.5', 'kg', 'air'].join(','));
    writeFiles(d, { 'data/kr-big.csv': `${HEAD.join(',')}\n${rows.join('\n')}\n,,,Total,3000,kg,\n,,,Grand total,2999,kg,\n` });
    writeFileSync(join(d, 'campaign.yaml'), readFileSync(join(d, 'campaign.yaml'), 'utf8') + '  - path: data/kr-big.csv\n');
    const out = [];
    for (const n of ['1', '3']) {
      const r = await runCli(['validate', '--report-json', `r${n}.json`], { cwd: d, env: { CAMPAIGN_REPORT_THREADS: n, CAMPAIGN_REPORT_MAIN_STEALS: '0', CAMPAIGN_REPORT_DEBUG_PARALLEL: n === '3' ? '1' : '' } });
      out.push([r.code, r.stderr.split('\n').filter((l) => !l.startsWith('threads:')).join('\n'), readFileSync(join(d, `r${n}.json`), 'utf8')]);
      if (n === '3') expect(r.stderr).toMatch(/kr-big\.csv\[\d+,\d+\), .*kr-big\.csv\[/);
    }
    expect(out[1]).toEqual(out[0]);
    expect(out[0]![1]).toContain('read 6013 = accepted 6013');
    expect(out[0]![1]).toContain('data/kr-big.csv:6003: [TOTALS_MISMATCH] quantity "2999 kg"');
    expect(out[0]![1]).not.toContain('kr-big.csv:6002:');
  });
});
