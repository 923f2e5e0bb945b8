/** Ad-hoc use without a campaign file, and spreadsheet output. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/campaign-report.js');
const dir = mkdtempSync(path.join(tmpdir(), 'adhoc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CANONICAL = `id,date,reporting_country,commodity,subtype,quantity,unit,route
A1,2024-07-01,VN,drugs,heroin,1.5,kg,air
A2,2024-07-02,VN,drugs,heroin,500,g,air
A3,2024-07-02,KR,tobacco,cigarettes,3,carton,sea
A4,2031-01-01,KR,tobacco,cigarettes,2,pack,sea
A5,2024-07-03,KR,drugs,=cmd|' /C calc'!A0,2,kg,post
`;
writeFileSync(path.join(dir, 'a.csv'), CANONICAL);
// A Vietnamese export: other headers, dd/MM/yyyy, decimal comma, no reporting-country column.
writeFileSync(path.join(dir, 'vn.csv'), 'Mã;Ngày;Hàng;Lượng;ĐV;Tuyến\nV1;01/07/2024;ma túy;1,25;kg;hàng không\nV2;31/02/2024;ma túy;2;kg;hàng không\n');

describe('aggregate without a campaign file', () => {
  it('reads stdin with -, canonical headers, one implicit phase spanning the data, every commodity in scope', () => {
    const r = run(['aggregate', '-', '--by', 'commodity,country', '--format', 'json'], CANONICAL);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { commodity: 'drugs', country: 'KR', unit: 'kg', cases: 1, seizures: 1, quantity: 2 },
      { commodity: 'drugs', country: 'VN', unit: 'kg', cases: 2, seizures: 2, quantity: 2 },
      { commodity: 'tobacco', country: 'KR', unit: 'sticks', cases: 2, seizures: 2, quantity: 640 },
    ]);
    // a date far in the future is still inside the implicit phase; no participant list, so no NOT_PARTICIPANT
    expect(r.stderr).toContain('read 5 = accepted 5 + rejected 0 + duplicates 0 + out_of_scope 0');
    expect(r.stderr).not.toContain('NOT_PARTICIPANT');
    expect(r.stderr).toMatch(/^stdin|read 5/m);
  });

  it('takes files (and globs) and the source options as flags', () => {
    const r = run(['aggregate', 'vn.csv', '--by', 'commodity,route,country', '--format', 'json', '--date-format', 'dd/MM/yyyy', '--decimal', ',',
      '--map', 'id=Mã', '--map', 'date=Ngày', '--map', 'commodity=Hàng', '--map', 'quantity=Lượng', '--map', 'unit=ĐV', '--map', 'route=Tuyến', '--default', 'reporting_country=VN']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ commodity: 'drugs', route: 'air', country: 'VN', unit: 'kg', cases: 1, seizures: 1, quantity: 1.25 }]);
    expect(r.stderr).toContain('vn.csv:3: [INVALID_DATE] date "31/02/2024"');
    expect(r.stderr).toContain('read 2 = accepted 1 + rejected 1 + duplicates 0 + out_of_scope 0');
  });

  it('refuses --campaign together with input files, a bad --map, and source flags without files', () => {
    expect(run(['aggregate', 'a.csv', '--campaign', 'x.yaml']).code).toBe(2);
    const bad = run(['aggregate', 'a.csv', '--map', 'weight=Kg']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--map "weight=Kg"');
    expect(run(['aggregate', '--decimal', ',']).code).toBe(2);
    expect(run(['aggregate', 'missing.csv']).code).toBe(3);
  });
});

describe('aggregate --format xlsx', () => {
  it('one sheet per --by set, numbers as numbers, header frozen, autofilter, formula text stays text', async () => {
    const r = run(['aggregate', 'a.csv', '--by', 'commodity,route', '--by', 'country', '--by', 'subtype', '--format', 'xlsx', '--out', 'out.xlsx']);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'out.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['commodity,route', 'country', 'subtype']);
    const ws = wb.getWorksheet('commodity,route')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'commodity', 'route', 'unit', 'cases', 'seizures', 'quantity']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const rows = ws.getSheetValues().slice(2).map((v) => (v as unknown[]).slice(1));
    expect(rows).toEqual([
      ['drugs', 'air', 'kg', 2, 2, 2],
      ['drugs', 'post', 'kg', 1, 1, 2],
      ['tobacco', 'sea', 'sticks', 2, 2, 640],
    ]);
    const sub = wb.getWorksheet('subtype')!;
    const cell = sub.getCell('A2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
    expect(String(cell.value)).toBe("=cmd|' /C calc'!A0");
  });

  it('needs --out, and several --by sets need xlsx', () => {
    expect(run(['aggregate', 'a.csv', '--format', 'xlsx']).code).toBe(2);
    const r = run(['aggregate', 'a.csv', '--by', 'commodity', '--by', 'country']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('several --by sets need --format xlsx');
  });
});

describe('hints name the flags of files named on the command line, and a campaign file\'s keys for its sources', () => {
  // 'thuốc lá' (tobacco) in Windows-1258: ô is 0xF4, the combining acute 0xEC; read as Windows-1252 it is 'thuôìc lá'.
  const cp1258 = Buffer.concat([Buffer.from('id,date,reporting_country,commodity,quantity,unit,route\nT1,2024-07-01,VN,thu'), Buffer.from([0xf4, 0xec]), Buffer.from('c l'), Buffer.from([0xe1]), Buffer.from(',2,carton,sea\n')]);
  const hints = (stderr: string) => stderr.split('\n').filter((l) => /^(error|warning) /.test(l));

  it('MISSING_COLUMN, UNKNOWN_COMMODITY and ENCODING_GUESSED: --map/--default, `campaign-report init`, --encoding', () => {
    writeFileSync(path.join(dir, 'nocols.csv'), 'id,date,country,commodity,quantity,unit\nA1,2024-07-01,VN,durgs,1.5,kg\n');
    writeFileSync(path.join(dir, 'cp1258.csv'), cp1258);
    const missing = run(['aggregate', 'nocols.csv']);
    expect(missing.code).toBe(0);
    expect(hints(missing.stderr)).toEqual([
      'error nocols.csv:1: [MISSING_COLUMN] reporting_country: no column for required field reporting_country (map one with --map reporting_country=Header or set --default reporting_country=value; the header has: "id", "date", "country", "commodity", "quantity", "unit")',
      'error nocols.csv:1: [MISSING_COLUMN] route: no column for required field route (map one with --map route=Header or set --default route=value; the header has: "id", "date", "country", "commodity", "quantity", "unit")',
    ]);
    // following the hint reads the file; the next finding's hint says where aliases live
    const mapped = run(['aggregate', 'nocols.csv', '--map', 'reporting_country=country', '--default', 'route=air']);
    expect(hints(mapped.stderr)).toEqual([
      'error nocols.csv:2: [UNKNOWN_COMMODITY] commodity "durgs": is not a known commodity (did you mean "drugs"? expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source\'s `values.commodity`; files named on the command line have no campaign file: `campaign-report init` writes one to start from)',
    ]);
    const guessed = run(['aggregate', 'cp1258.csv', '--by', 'commodity']);
    expect(hints(guessed.stderr)).toEqual([
      'warning cp1258.csv: [ENCODING_GUESSED] file is not valid UTF-8; read as Windows-1252 (if that is wrong, name the encoding with --encoding, e.g. --encoding windows-1258)',
      'error cp1258.csv:2: [UNKNOWN_COMMODITY] commodity "thuôìc lá": is not a known commodity (did you mean "thuốc lá" (tobacco)? expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source\'s `values.commodity`; files named on the command line have no campaign file: `campaign-report init` writes one to start from)',
    ]);
    const named = run(['aggregate', 'cp1258.csv', '--by', 'commodity', '--encoding', 'windows-1258']);
    expect([named.code, named.stdout, hints(named.stderr)]).toEqual([0, 'commodity,unit,cases,seizures,quantity\ntobacco,sticks,1,1,400\n', []]);
  });

  it('UNKNOWN_SUBTYPE, FORMER_COUNTRY_CODE and SUBTYPE_COMMODITY_MISMATCH: what only a campaign file sets', () => {
    writeFileSync(path.join(dir, 'words.csv'), 'id,date,reporting_country,commodity,subtype,quantity,unit,route\nB1,2024-07-01,YU,drugs,blue dream,1,kg,air\nB2,2024-07-01,VN,tobacco,heroin,1,kg,air\n');
    const init = '; files named on the command line have no campaign file: `campaign-report init` writes one to start from)';
    expect(hints(run(['aggregate', 'words.csv']).stderr)).toEqual([
      `error words.csv:3: [SUBTYPE_COMMODITY_MISMATCH] subtype "heroin": "heroin" is Heroin (heroin), one of the drugs, but the commodity is tobacco (correct the commodity or the subtype; if "heroin" means another good in this source, map it with the source's values.subtype or the campaign's aliases.subtype${init}`,
      `warning words.csv:2: [UNKNOWN_SUBTYPE] subtype "blue dream": not in the goods vocabulary; kept as written, group unclassified (1 record in this file) (add an alias under aliases.subtype (spelling: good id) or a good under vocabulary.goods in the campaign file${init}`,
      `warning words.csv:2: [FORMER_COUNTRY_CODE] reporting_country "YU": a former country (Yugoslavia; deleted from ISO 3166-1 in 2003); kept as YU (1 record in this file) (its figures stay apart from its successors; aliases.country in the campaign file maps any other spelling${init}`,
    ]);
  });

  it('--encoding is checked, and only for files named on the command line (exit 2)', () => {
    const bad = run(['aggregate', 'cp1258.csv', '--encoding', 'koi8-r']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--encoding: Invalid option: expected one of "utf-8"|"utf8"|"utf-16le"|"utf-16be"|"windows-1252"|"windows-1258"|"latin1"');
    const without = run(['aggregate', '--encoding', 'windows-1258']);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--date-format, --decimal, --delimiter, --encoding, --sheet,');
  });

  it('a workbook: SHEET_NOT_FOUND says --sheet, SHEET_SKIPPED names the sheet to read alone, WORKBOOK_NAMED_CSV says to rename it', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Seizures').addRows([['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'], ['W1', '2024-07-01', 'VN', 'drugs', 2, 'kg', 'air']]);
    wb.addWorksheet('Notes').addRows([['prepared by', 'HQ'], ['checked', 'yes']]);
    await wb.xlsx.writeFile(path.join(dir, 'book.xlsx'));
    await wb.xlsx.writeFile(path.join(dir, 'book.csv'));
    const nope = run(['aggregate', 'book.xlsx', '--sheet', 'Nope']);
    expect(hints(nope.stderr)).toEqual([
      'warning book.xlsx: [SHEET_NOT_FOUND] nothing read: no sheet is named "Nope"; its sheets: "Seizures", "Notes" (name the sheet to read with --sheet (a name, a 1-based position, or "*"))',
      'warning book.xlsx: [EMPTY_FILE] file has no records',
    ]);
    const all = run(['aggregate', 'book.xlsx', '--sheet', '*', '--by', 'commodity']);
    expect(all.stdout).toBe('commodity,unit,cases,seizures,quantity\ndrugs,kg,1,1,2\n');
    expect(hints(all.stderr)).toEqual(['warning book.xlsx [Notes]: [SHEET_SKIPPED] sheet not read: it has no recognizable header (read it in a run of its own with --sheet "Notes")']);
    const named = run(['aggregate', 'book.csv', '--by', 'commodity']);
    expect(named.stdout).toBe('commodity,unit,cases,seizures,quantity\ndrugs,kg,1,1,2\n');
    expect(hints(named.stderr)).toEqual(['warning book.csv [Seizures]: [WORKBOOK_NAMED_CSV] this file is an .xlsx workbook, not delimited text: read as a workbook (name it .xlsx)']);
  });

  it('the same findings in a campaign name its keys', () => {
    writeFileSync(
      path.join(dir, 'campaign.yaml'),
      'campaign: { id: hints, name: Hints }\nphases:\n  - { id: p1, start: 2024-07-01, end: 2024-07-31 }\nsources:\n  - path: nocols.csv\n  - path: cp1258.csv\n',
    );
    const r = run(['validate', '--campaign', 'campaign.yaml']);
    expect(r.code).toBe(1);
    expect(hints(r.stderr)).toEqual([
      'error nocols.csv:1: [MISSING_COLUMN] reporting_country: no column for required field reporting_country (map one with columns: { reporting_country: "Header" } or set defaults: { reporting_country: ... }; the header has: "id", "date", "country", "commodity", "quantity", "unit")',
      'error nocols.csv:1: [MISSING_COLUMN] route: no column for required field route (map one with columns: { route: "Header" } or set defaults: { route: ... }; the header has: "id", "date", "country", "commodity", "quantity", "unit")',
      'warning cp1258.csv: [ENCODING_GUESSED] file is not valid UTF-8; read as Windows-1252 (set `encoding:` on this source if that is wrong)',
      'error cp1258.csv:2: [UNKNOWN_COMMODITY] commodity "thuôìc lá": is not a known commodity (did you mean "thuốc lá" (tobacco)? expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source\'s `values.commodity`)',
    ]);
  });
});
