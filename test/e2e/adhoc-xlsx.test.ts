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
