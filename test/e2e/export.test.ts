/**
 * `campaign-report export`, the built CLI on the example campaign and on
 * generated ones: the CSV, NDJSON and Parquet it writes (read back with
 * DuckDB, whose group-by must give `aggregate`'s figures), --phase,
 * --include rejected with the rows' codes, redaction, the same bytes on 1…4
 * threads, exit codes and the buckets line.
 */
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutralEnv, ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const EXAMPLE = join(ROOT, 'fixtures/example/campaign.yaml');
const BUCKETS = 'read 3891 = accepted 3869 + rejected 17 + duplicates 3 + out_of_scope 2';
const COLUMNS = 'id,case_id,date,date_precision,reporting_country,agency,commodity,group,subtype,quantity,unit,seizures,route,direction,origin,destination,location,detection_method,concealment,phase,quantity_as_written,unit_as_written,source_file,source_line,sheet';

let db: DuckDBConnection;
let instance: DuckDBInstance;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

/** Rows of a query as objects (BIGINT as number, DATE as yyyy-MM-dd). */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

const lit = (path: string) => `'${path.replaceAll("'", "''")}'`;

function exportCli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliResult> {
  return runCli(['--campaign', EXAMPLE, 'export', ...args], { env, ...(cwd ? { cwd } : {}) });
}

/** A CSV line split into cells (the example's quoted cells hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

describe('export of the example campaign', () => {
  let csv: CliResult;
  let ndjson: CliResult;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir({});
    [csv, ndjson] = await Promise.all([exportCli([]), exportCli(['--format', 'ndjson'])]);
  }, 120_000);

  it('CSV to stdout by default: the documented header, one row per accepted record, in file order, and the buckets line', () => {
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain(BUCKETS);
    const lines = csv.stdout.split('\n');
    expect(lines[0]).toBe(COLUMNS);
    const rows = parseCsv(csv.stdout);
    expect(rows).toHaveLength(1 + 3869);
    expect(rows.every((r) => r.length === 25)).toBe(true);
    // the first source's first rows: 3 g are 0.003 kg, 4607 tablets are pieces, and both as written
    expect(lines[1]).toBe('KCS-ICN-24-00001,KR-ICN-C0001,2024-07-22,day,KR,kcs-icn,drugs,cannabis-type,cannabis-herb,0.48,kg,1,express,import,LA,KR,Incheon Express Cargo Center,detector dog,,p3,0.48,kg,data/kr-icn.csv,2,');
    expect(lines[2]).toBe('KCS-ICN-24-00002,KR-ICN-C0002,2024-08-09,day,KR,kcs-icn,drugs,ats,methamphetamine,4607,pieces,1,post,import,ZZ,KR,Incheon International Mail Center,physical examination,,p3,4607,tablets,data/kr-icn.csv,3,');
    expect(lines[3]).toBe('KCS-ICN-24-00003,KR-ICN-C0002,2024-08-09,day,KR,kcs-icn,drugs,ats,methamphetamine,0.003,kg,1,post,import,ZZ,KR,Incheon International Mail Center,physical examination,,p3,3,g,data/kr-icn.csv,4,');
    // a conversion's float noise is not written: 18 g is 0.018 kg
    expect(csv.stdout).toContain('\nABF-24-000205,ABF-OP-0180,2024-04-24,day,AU,abf-nsw,drugs,ats,methamphetamine,0.018,kg,1,post,import,US,AU,Sydney Gateway Facility,,in cosmetics jars,p1,18,g,data/au-abf.csv,208,\n');
    // a workbook's rows name their sheet; the line is the sheet's row
    expect(csv.stdout).toContain('\n001/BB-HQLC,LC24-001,2024-03-04,day,VN,vn-lc,drugs,opioids,heroin,13.08,kg,1,land,import,LA,VN,Cửa khẩu quốc tế đường bộ số II Kim Thành,,,p1,13.08,kg,data/vn-lc.xlsx,5,Báo cáo\n');
    // every accepted record's date is ISO, its countries alpha-2, its quantity a number
    const at = (name: string) => COLUMNS.split(',').indexOf(name);
    for (const r of rows.slice(1)) {
      expect(r[at('date')]).toMatch(/^2024-\d\d-\d\d$/);
      expect(r[at('reporting_country')]).toMatch(/^[A-Z]{2}$/);
      expect(Number.isFinite(Number(r[at('quantity')]))).toBe(true);
      expect(r[at('phase')]).toMatch(/^p[123]$/);
    }
    // the Vietnamese export (decimal comma) keeps its quantity as written
    const vn = rows.filter((r) => r[at('source_file')] === 'data/vn-hq.csv');
    expect(vn.some((r) => r[at('quantity_as_written')]!.includes(','))).toBe(true);
  });

  it('NDJSON: the same records, one object per line, numbers as numbers and null for empty', () => {
    expect(ndjson.code).toBe(0);
    const objs = ndjson.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs).toHaveLength(3869);
    expect(Object.keys(objs[0]!).join(',')).toBe(COLUMNS);
    expect(objs[2]).toEqual({
      id: 'KCS-ICN-24-00003', case_id: 'KR-ICN-C0002', date: '2024-08-09', date_precision: 'day', reporting_country: 'KR', agency: 'kcs-icn', commodity: 'drugs', group: 'ats', subtype: 'methamphetamine',
      quantity: 0.003, unit: 'kg', seizures: 1, route: 'post', direction: 'import', origin: 'ZZ', destination: 'KR', location: 'Incheon International Mail Center',
      detection_method: 'physical examination', concealment: null, phase: 'p3', quantity_as_written: '3', unit_as_written: 'g', source_file: 'data/kr-icn.csv', source_line: 4, sheet: null,
    });
    // cell for cell what the CSV says (CSV empties are NDJSON nulls)
    const rows = parseCsv(csv.stdout).slice(1);
    const names = COLUMNS.split(',');
    objs.forEach((o, i) => expect(names.map((n) => (o[n] === null ? '' : String(o[n]))).map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v))).toEqual(rows[i]));
  });

  it('Parquet: typed columns DuckDB reads, whose group-by gives aggregate\'s cases, seizures and quantities exactly', async () => {
    const file = join(dir, 'records.parquet');
    const r = await exportCli(['--out', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(BUCKETS);
    expect(r.stderr).toMatch(/^wrote .*records\.parquet$/m);
    expect(readdirSync(dir)).toEqual(['records.parquet']);
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${lit(file)}))`);
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toEqual(
      Object.fromEntries(COLUMNS.split(',').map((c) => [c, c === 'date' ? 'DATE' : c === 'quantity' ? 'DOUBLE' : c === 'seizures' || c === 'source_line' ? 'BIGINT' : 'VARCHAR'])),
    );
    const grouped = await query(`
      SELECT commodity, reporting_country AS country, unit,
             count(DISTINCT (reporting_country, case_id))::INTEGER AS cases, sum(seizures)::INTEGER AS seizures, round(sum(quantity), 3) AS quantity
      FROM read_parquet(${lit(file)}) GROUP BY ALL ORDER BY commodity, country, unit`);
    const agg = await runCli(['--campaign', EXAMPLE, 'aggregate', '--by', 'commodity,country', '--format', 'json', '-q']);
    expect(agg.code).toBe(0);
    const expected = (JSON.parse(agg.stdout) as Record<string, unknown>[]).sort((a, b) => `${a.commodity} ${a.country} ${a.unit}`.localeCompare(`${b.commodity} ${b.country} ${b.unit}`));
    expect(grouped.length).toBeGreaterThan(40);
    expect(grouped).toEqual(expected);
    // and the records as the CSV has them
    const [count] = await query(`SELECT count(*)::INTEGER AS n, count(sheet)::INTEGER AS sheets, min(date)::VARCHAR AS first, max(date)::VARCHAR AS last FROM read_parquet(${lit(file)})`);
    const sheets = parseCsv(csv.stdout).slice(1).filter((row) => row[24] !== '').length;
    expect(sheets).toBeGreaterThan(38);
    expect(count).toEqual({ n: 3869, sheets, first: '2024-03-01', last: '2024-08-31' });
    const [one] = await query(`SELECT * FROM read_parquet(${lit(file)}) WHERE id = 'KCS-ICN-24-00003'`);
    expect(one).toMatchObject({ date: '2024-08-09', quantity: 0.003, seizures: '1', quantity_as_written: '3', unit_as_written: 'g', source_line: '4', sheet: null, concealment: null });
  });

  it('--phase: the records of that phase only; the others are out of scope in the buckets', async () => {
    const r = await exportCli(['--phase', 'p2', '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const objs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { phase: string; date: string; quantity: number; commodity: string; unit: string });
    expect(new Set(objs.map((o) => o.phase))).toEqual(new Set(['p2']));
    expect(objs.every((o) => o.date >= '2024-05-01' && o.date <= '2024-06-30')).toBe(true);
    const agg = await runCli(['--campaign', EXAMPLE, 'aggregate', '--phase', 'p2', '--by', 'phase', '--format', 'json', '-q']);
    const rows = JSON.parse(agg.stdout) as { seizures: number }[];
    expect(objs).toHaveLength(rows.reduce((n, x) => n + x.seizures, 0));
    expect(r.stderr).toMatch(new RegExp(`read 3891 = accepted ${objs.length} \\+ rejected 17 \\+ duplicates 3 \\+ out_of_scope ${3891 - objs.length - 20} \\(outside phases 2, commodity 0, other phase ${3891 - objs.length - 22}\\)`));
  });

  it('--include rejected: every rejected row too, in file order, with status, codes and what it had as written', async () => {
    const r = await exportCli(['--include', 'rejected', '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const objs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(objs[0]!).join(',')).toBe(`${COLUMNS},status,codes,date_as_written`);
    expect(objs.filter((o) => o.status === 'accepted')).toHaveLength(3869);
    const rejected = objs.filter((o) => o.status === 'rejected');
    // as many as the buckets say, each with the codes of its diagnostics
    expect(rejected.map((o) => `${o.source_file as string}:${o.source_line as number} ${o.codes as string}`)).toEqual([
      'data/kr-icn.csv:74 INVALID_QUANTITY',
      'data/kr-icn.csv:373 FIELD_COUNT',
      'data/kr-pus.csv:196 UNKNOWN_UNIT',
      'data/vn-hq.csv:182 INVALID_QUANTITY',
      'data/vn-hq.csv:398 UNKNOWN_PHASE',
      'data/vn-hq.csv:427 INVALID_DATE',
      'data/th-customs.txt:392 UNKNOWN_COUNTRY',
      'data/th-customs.txt:463 MISSING_FIELD',
      'data/in-dri.csv:91 UNKNOWN_ROUTE',
      'data/au-abf.csv:93 UNKNOWN_COMMODITY',
      'data/au-abf.csv:213 CONFLICTING_ID',
      'data/asean-cen.csv:376 INVALID_QUANTITY',
      'data/asean-cen.csv:451 MISSING_FIELD',
      'data/my-tobacco.csv:40 UNKNOWN_UNIT',
      'data/rilo-ap.yaml:1990 MISSING_FIELD',
      'data/rilo-ap.yaml:2524 AGENCY_COUNTRY_MISMATCH',
      'data/rilo-ap.yaml:4247 UNKNOWN_DIRECTION',
    ]);
    expect(r.stderr).toContain(BUCKETS);
    // in file order among the accepted records: kr-icn.csv line 74 comes after line 73's record
    const at = objs.findIndex((o) => o.source_line === 74 && o.source_file === 'data/kr-icn.csv');
    expect(objs[at - 1]).toMatchObject({ source_file: 'data/kr-icn.csv', source_line: 73, status: 'accepted' });
    // as written: the Vietnamese row keeps its words, its decimal comma and its date
    const bad = (file: string, line: number) => rejected.find((o) => o.source_file === file && o.source_line === line)!;
    expect(bad('data/vn-hq.csv', 427)).toMatchObject({ date: null, date_as_written: '31/02/2024', quantity: null, unit: null, status: 'rejected' });
    expect(bad('data/vn-hq.csv', 182)).toMatchObject({ commodity: 'động vật hoang dã', quantity_as_written: 'abc', unit_as_written: 'cá thể', date: '2024-06-19', date_as_written: '19/06/2024', group: null });
    expect(bad('data/kr-pus.csv', 196)).toMatchObject({ quantity_as_written: '34', unit_as_written: 'sacks', unit: null });
    // a record rejected for its id: as it was understood
    expect(bad('data/au-abf.csv', 213)).toMatchObject({ id: 'ABF-24-000205', reporting_country: 'AU', status: 'rejected', codes: 'CONFLICTING_ID' });
    expect(typeof bad('data/au-abf.csv', 213).quantity).toBe('number');
  });

  it('--include rejected with --phase: the rejected rows dated in the phase', async () => {
    const r = await exportCli(['--include', 'rejected', '--phase', 'p3', '--format', 'ndjson']);
    const rejected = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((o) => typeof o.date === 'string' && o.date >= '2024-07-01' && o.date <= '2024-08-31')).toBe(true);
    expect(rejected.some((o) => o.source_line === 427)).toBe(false); // 31/02/2024: no date, no phase
  });

  it('exit codes: usage errors 2 before anything is read; --max-rejected 1 with the file written; an unwritable --out 6', async () => {
    const usage = await Promise.all([
      exportCli(['--format', 'xml']),
      exportCli(['--format', 'parquet']),
      exportCli(['--include', 'accepted']),
      exportCli(['--phase', 'p9']),
      exportCli(['--max-rejected', 'many']),
    ]);
    expect(usage.map((u) => u.code)).toEqual([2, 2, 2, 2, 2]);
    expect(usage.map((u) => u.stdout)).toEqual(['', '', '', '', '']);
    expect(usage[1]!.stderr).toContain('--format parquet needs --out FILE.parquet');
    expect(usage[3]!.stderr).toContain('--phase: "p9" is not a phase of op-mekong-shield');
    const out = join(dir, 'limited.csv');
    const limited = await exportCli(['--max-rejected', '5', '--out', out]);
    expect(limited.code).toBe(1);
    expect(limited.stderr).toContain('[MAX_REJECTED]');
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(3869 + 2);
    writeFileSync(join(dir, 'a-file'), 'x');
    const unwritable = await exportCli(['--out', join(dir, 'a-file/x.csv')]);
    expect(unwritable.code).toBe(6);
    expect(unwritable.stderr).toContain('[OUTPUT_UNWRITABLE]');
  });
});

describe('export to standard output', () => {
  const spawnExport = (stdout: number | 'pipe', then?: (child: ReturnType<typeof spawn>) => void) =>
    new Promise<{ code: number | null; stderr: string; bytes: number }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/campaign-report.js'), '--campaign', EXAMPLE, 'export', '-q'], { stdio: ['ignore', stdout, 'pipe'], env: neutralEnv() });
      let stderr = '';
      let bytes = 0;
      child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      if (stdout === 'pipe') then?.(child);
      child.stdout?.on('data', (b: Buffer) => (bytes += b.length));
      child.on('close', (code) => resolve({ code, stderr, bytes }));
    });

  it('a reader that is slow gets every byte (the writer waits, it does not queue); one that stops early ends nothing but its pipe', async () => {
    const slow = await spawnExport('pipe', (child) => {
      child.stdout!.pause();
      setTimeout(() => child.stdout!.resume(), 1500);
    });
    expect(slow.code).toBe(0);
    const csv = await exportCli(['-q']);
    expect(slow.bytes).toBe(Buffer.byteLength(csv.stdout));
    const early = await spawnExport('pipe', (child) => child.stdout!.once('data', () => child.stdout!.destroy()));
    expect(early.code).toBe(0);
    expect(early.stderr).toContain(BUCKETS);
    expect(early.stderr).not.toContain('internal error');
  });

  it.runIf(existsSync('/dev/full'))('a full disk on stdout (ENOSPC) is exit 6', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = await spawnExport(fd);
      expect(r.code).toBe(6);
      expect(r.stderr).toContain('cannot write to standard output: ENOSPC');
    } finally {
      closeSync(fd);
    }
  });
});

describe('export and redact:', () => {
  it('no redacted value in any format, with rejected rows too; the redacted field has no column', async () => {
    const camp = tempDir({});
    cpSync(join(ROOT, 'fixtures/redact'), camp, { recursive: true });
    const run = (args: string[]) => runCli(['--campaign', join(camp, 'campaign.yaml'), 'export', '--include', 'rejected', ...args], { cwd: camp });
    const [csv, nd, pq] = await Promise.all([run([]), run(['--format', 'ndjson']), run(['--out', 'out/r.parquet'])]);
    for (const r of [csv, nd, pq]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('read 7 = accepted 4 + rejected 2 + duplicates 1 + out_of_scope 0');
    }
    const rows = await query(`SELECT * FROM read_parquet(${lit(join(camp, 'out/r.parquet'))})`);
    const places = [csv.stdout, csv.stderr, nd.stdout, nd.stderr, pq.stderr, readFileSync(join(camp, 'out/r.parquet')).toString('latin1'), JSON.stringify(rows)];
    expect(places.filter((t) => /CANARY-/.test(t))).toEqual([]);
    // the search does find what is meant to be shown
    expect([csv.stdout, nd.stdout, JSON.stringify(rows)].every((t) => t.includes('CTRL-SUBTYPE-OK'))).toBe(true);
    expect(csv.stdout.split('\n')[0]).not.toContain('concealment');
    expect(Object.keys(rows[0]!)).not.toContain('concealment');
    expect(rows.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected', 'accepted', 'accepted', 'rejected']);
  });
});

/** A campaign of `n` rows in two CSV files, with duplicates, conflicts and bad rows scattered through them. */
function bigCampaign(n: number): string {
  const head = 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country,case_id,location';
  // Every value a function of the row number: a row written again is the same record.
  const pick = (i: number, k: number, m: number) => ((Math.imul(i + 1, 2654435761) ^ Math.imul(k + 1, 40503)) >>> 0) % m;
  const row = (i: number) => {
    const c = ['VN', 'TH', 'KR'][i % 3]!;
    const [commodity, unit] = [['drugs', 'g'], ['drugs', 'kg'], ['tobacco', 'carton'], ['cites', 'pieces'], ['drugs', 'lb']][pick(i, 1, 5)]!;
    const day = 1 + (i % 59);
    const date = day <= 31 ? `2024-01-${String(day).padStart(2, '0')}` : `2024-02-${String(day - 31).padStart(2, '0')}`;
    const quantity = (pick(i, 2, 1_000_000) / 1000).toFixed(i % 4);
    return `${c}${i},${date},${c},${commodity},,${Number(quantity) === 0 ? '1' : quantity},${unit},air,LA,${c},C${Math.floor(i / 3)},${i % 1000 === 0 ? '=cmd()' : 'Port'}`;
  };
  const lines = (from: number, to: number) => {
    const out: string[] = [];
    for (let i = from; i < to; i++) {
      out.push(row(i));
      if (i % 5000 === 17) out.push(row(i - 10)); // same content again: a duplicate
      if (i % 7000 === 23) out.push(row(i - 20).replace(/,air,/, ',sea,')); // same id, other content: a conflict
      if (i % 6000 === 5) out.push(`BAD${i},2024-02-30,VN,drugs,,1,kg,air,,,,x`, `BADQ${i},2024-01-10,VN,drugs,,abc,kg,air,,,,x`, `SHORT${i},2024-01-10`);
    }
    return out;
  };
  const half = Math.floor(n / 2);
  return tempDir({
    'campaign.yaml': [
      'campaign:', '  id: big', '  name: Big', '  participants: [VN, TH, KR]', '  commodities: [drugs, tobacco, cites]',
      'phases:', '  - { id: jan, name: January, start: 2024-01-01, end: 2024-01-31 }', '  - { id: feb, name: February, start: 2024-02-01, end: 2024-02-29 }',
      'sources:', '  - path: a.csv', '  - path: b.csv', '',
    ].join('\n'),
    'a.csv': [head, ...lines(0, half)].join('\n') + '\n',
    'b.csv': [head, ...lines(half, n)].join('\n') + '\n',
  });
}

describe('export on 1…4 threads', () => {
  it('the example: the same bytes of CSV with rejected rows, whatever the thread count', async () => {
    const runs = [];
    for (const t of [1, 2, 3, 4]) runs.push(await exportCli(['--include', 'rejected', '-q'], { CAMPAIGN_REPORT_THREADS: String(t), CAMPAIGN_REPORT_DEBUG_PARALLEL: '1' }));
    // the example's sources are dealt whole: most of them are read by a worker and replayed on the main thread
    expect(runs[3]!.stderr).toMatch(/^threads: 4; /m);
    expect((runs[3]!.stderr.match(/^threads: unit \d+: read by a worker/gm) ?? []).length).toBeGreaterThan(3);
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(runs[0]!.stdout);
      expect(r.stderr).toContain(BUCKETS);
    }
  }, 120_000);

  it('70,000 records: the same Parquet bytes on 1…4 threads, in row groups of 65,536, and DuckDB sums them as aggregate does', async () => {
    const dir = bigCampaign(70_000);
    const files: Buffer[] = [];
    let buckets = '';
    for (const t of [1, 2, 3, 4]) {
      const r = await runCli(['--campaign', join(dir, 'campaign.yaml'), 'export', '--include', 'rejected', '--out', `out-${t}.parquet`, '-q'], {
        cwd: dir,
        env: { CAMPAIGN_REPORT_THREADS: String(t), CAMPAIGN_REPORT_DEBUG_PARALLEL: '1' },
      });
      expect(r.code).toBe(0);
      if (t === 4) expect(r.stderr).toMatch(/^threads: 4; a\.csv\[0,\d+\), a\.csv\[\d+,/m);
      buckets ||= /read \d+ = .*/.exec(r.stderr)![0];
      expect(r.stderr).toContain(buckets);
      files.push(readFileSync(join(dir, `out-${t}.parquet`)));
    }
    for (const f of files) expect(f.equals(files[0]!)).toBe(true);
    const file = join(dir, 'out-4.parquet');
    const groups = await query(`SELECT row_group_id::INTEGER AS g, max(row_group_num_rows)::INTEGER AS n FROM parquet_metadata(${lit(file)}) GROUP BY ALL ORDER BY g`);
    const [{ accepted, rejected }] = (await query(`SELECT count(*) FILTER (status = 'accepted')::INTEGER AS accepted, count(*) FILTER (status = 'rejected')::INTEGER AS rejected FROM read_parquet(${lit(file)})`)) as [{ accepted: number; rejected: number }];
    expect(buckets).toMatch(new RegExp(`^read \\d+ = accepted ${accepted} \\+ rejected ${rejected} \\+ duplicates [1-9]\\d* \\+ out_of_scope 0`));
    expect(groups).toEqual([{ g: 0, n: 65_536 }, { g: 1, n: accepted + rejected - 65_536 }]);
    expect(rejected).toBeGreaterThan(30);
    // rejected rows read on workers arrive with their cells as written
    const bad = await query(`SELECT codes, count(*)::INTEGER AS n, min(id) AS id, min(quantity_as_written) AS q, min(date_as_written) AS d FROM read_parquet(${lit(file)}) WHERE status = 'rejected' GROUP BY ALL ORDER BY codes`);
    expect(bad).toEqual([
      { codes: 'CONFLICTING_ID', n: 10, id: expect.stringMatching(/^(VN|TH|KR)\d+$/), q: expect.any(String), d: null },
      { codes: 'FIELD_COUNT', n: 12, id: 'SHORT12005', q: null, d: '2024-01-10' },
      { codes: 'INVALID_DATE', n: 12, id: 'BAD12005', q: '1', d: '2024-02-30' },
      { codes: 'INVALID_QUANTITY', n: 12, id: 'BADQ12005', q: 'abc', d: '2024-01-10' },
    ]);
    const grouped = await query(`
      SELECT commodity, reporting_country AS country, unit, count(DISTINCT (reporting_country, case_id))::INTEGER AS cases, sum(seizures)::INTEGER AS seizures, round(sum(quantity), 3) AS quantity
      FROM read_parquet(${lit(file)}) WHERE status = 'accepted' GROUP BY ALL ORDER BY commodity, country, unit`);
    const agg = await runCli(['--campaign', join(dir, 'campaign.yaml'), 'aggregate', '--by', 'commodity,country', '--format', 'json', '-q'], { cwd: dir });
    const expected = (JSON.parse(agg.stdout) as Record<string, unknown>[]).sort((a, b) => `${a.commodity} ${a.country} ${a.unit}`.localeCompare(`${b.commodity} ${b.country} ${b.unit}`));
    expect(grouped).toEqual(expected);
    // the CSV neutralizes the formula cells the Parquet keeps as they are
    const [{ formulas }] = (await query(`SELECT count(*)::INTEGER AS formulas FROM read_parquet(${lit(file)}) WHERE location = '=cmd()'`)) as [{ formulas: number }];
    expect(formulas).toBe(70);
    const csv = await runCli(['--campaign', join(dir, 'campaign.yaml'), 'export', '-q'], { cwd: dir });
    expect(csv.stdout.match(/,'=cmd\(\),/g)).toHaveLength(70);
    expect(csv.stdout).not.toMatch(/,=cmd/);
  }, 240_000);
});

describe('export of reported totals: the precision of their dates', () => {
  it('a yearly total is dated the first day of its year and says year; item lines say day', async () => {
    const r = await runCli(['--campaign', join(ROOT, 'fixtures/precision/campaign.yaml'), 'export', '--format', 'ndjson']);
    expect(r.code).toBe(0);
    const objs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const kr2017 = objs.filter((o) => o.reporting_country === 'KR' && o.date === '2017-01-01').map((o) => [o.subtype, o.date_precision, o.quantity, o.seizures]);
    expect(kr2017).toEqual([
      ['methamphetamine', 'year', 900, 120],
      ['cocaine', 'year', 60, 8],
    ]);
    const v1 = objs.find((o) => o.id === 'V1')!;
    expect([v1.date, v1.date_precision]).toEqual(['2017-03-14', 'day']);
  });
});
