/**
 * The pure parts of `export`: its options, its columns (what each says of an
 * accepted record and of a rejected row, and which ones `redact:` drops), the
 * CSV and NDJSON lines, the Parquet schema, and the atomic streamed file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveExportOptions } from '../../src/commands/options.js';
import { CANONICAL_FIELDS } from '../../src/config/schema.js';
import { exportColumns, exportFormatOfPath, redactedFields, rejectedInPhase, roundQuantity, type ExportCell, type RecordRow } from '../../src/output/export-columns.js';
import { createRowWriter, csvRow, ndjsonRow, parquetElement } from '../../src/output/export-writers.js';
import { AtomicFileStream } from '../../src/output/stream-file.js';
import type { RejectedRecord } from '../../src/pipeline/types.js';
import { phase, rec } from '../helpers/records.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const NAMES = [
  'id', 'case_id', 'date', 'date_precision', 'reporting_country', 'agency', 'commodity', 'group', 'subtype', 'quantity', 'unit', 'seizures',
  'route', 'direction', 'origin', 'destination', 'location', 'detection_method', 'concealment', 'phase',
  'quantity_as_written', 'unit_as_written', 'source_file', 'source_line', 'sheet',
];

/** A row's cells by column name. */
function named(columns: ReturnType<typeof exportColumns>, cells: readonly ExportCell[]): Record<string, ExportCell> {
  return Object.fromEntries(columns.map((c, i) => [c.name, cells[i]!]));
}

function cellsOf(values: Record<string, string>): string[] {
  return CANONICAL_FIELDS.map((f) => values[f] ?? '');
}

describe('export options', () => {
  it('takes the format given, else the --out extension\'s, else csv', () => {
    expect(resolveExportOptions({}).format).toBe('csv');
    expect(resolveExportOptions({ out: 'x.parquet' }).format).toBe('parquet');
    expect(resolveExportOptions({ out: 'x.PQ' }).format).toBe('parquet');
    expect(resolveExportOptions({ out: 'x.jsonl' }).format).toBe('ndjson');
    expect(resolveExportOptions({ out: 'x.ndjson' }).format).toBe('ndjson');
    expect(resolveExportOptions({ out: 'x.txt' }).format).toBe('csv');
    expect(resolveExportOptions({ out: 'x.parquet', format: 'csv' }).format).toBe('csv');
    expect(resolveExportOptions({ format: 'NDJSON' }).format).toBe('ndjson');
  });

  it('refuses parquet to stdout, an unknown format and --include other than rejected (usage errors)', () => {
    expect(() => resolveExportOptions({ format: 'parquet' })).toThrow(/--format parquet needs --out FILE.parquet/);
    expect(() => resolveExportOptions({ format: 'xml' })).toThrow(/--format: unknown format "xml"/);
    expect(() => resolveExportOptions({ include: 'accepted' })).toThrow(/--include: unknown value "accepted"/);
    expect(() => resolveExportOptions({ maxRejected: 'lots' })).toThrow(/--max-rejected/);
    for (const bad of [{ format: 'parquet' }, { include: 'x' }]) {
      try {
        resolveExportOptions(bad);
      } catch (e) {
        expect((e as { code: string }).code).toBe('USAGE');
      }
    }
  });

  it('resolves --include rejected, --phase and the common flags', () => {
    const o = resolveExportOptions({ include: 'rejected', phase: 'p2', out: 'a.csv', quiet: true, maxRejected: '5' });
    expect(o).toMatchObject({ includeRejected: true, phase: 'p2', out: 'a.csv', quiet: true, maxDiagnostics: 20, maxRejected: { count: 5, text: '5' } });
    expect(resolveExportOptions({}).includeRejected).toBe(false);
  });

  it('names formats by extension only for the three it writes', () => {
    expect(exportFormatOfPath('a/b.csv')).toBe('csv');
    expect(exportFormatOfPath('b.parquet')).toBe('parquet');
    expect(exportFormatOfPath('b.json')).toBeUndefined();
    expect(exportFormatOfPath('csv')).toBeUndefined();
  });
});

describe('export columns', () => {
  it('are the documented ones, in order; --include rejected adds status, codes and date_as_written', () => {
    expect(exportColumns({ rejected: false, redact: [] }).map((c) => c.name)).toEqual(NAMES);
    expect(exportColumns({ rejected: true, redact: [] }).map((c) => c.name)).toEqual([...NAMES, 'status', 'codes', 'date_as_written']);
  });

  it('leave out the columns of redacted fields (the group goes with the subtype), and nothing for a header that is no field', () => {
    expect(redactedFields(['concealment', 'Officer ID', 'Origin_Country'])).toEqual(new Set(['concealment', 'origin_country']));
    const names = exportColumns({ rejected: true, redact: ['concealment', 'subtype', 'origin country', 'suspect_name'] }).map((c) => c.name);
    expect(names).toEqual([...NAMES, 'status', 'codes', 'date_as_written'].filter((n) => !['concealment', 'subtype', 'group', 'origin'].includes(n)));
  });

  it('give an accepted record as understood: canonical values, the quantity and unit as written, file, line and sheet', () => {
    const columns = exportColumns({ rejected: true, redact: [] });
    const r = rec({
      id: 'VN-1', caseId: 'C-1', date: '2024-07-05', reportingCountry: 'VN', agency: 'vn-hn', commodity: 'drugs', group: 'ats', subtype: 'methamphetamine',
      quantity: 18 * 0.001, unit: 'kg', quantityText: '18', conversion: { from: 'gam', unit: 'kg', factor: 0.001 }, route: 'air', direction: 'import',
      origin: 'LA', destination: 'VN', location: '', detectionMethod: 'x-ray', concealment: '', line: 7,
    });
    const row: RecordRow = { rec: r, phase: 'p1', file: 'data/vn.xlsx', sheet: 'Báo cáo' };
    expect(named(columns, columns.map((c) => c.accepted(row)))).toEqual({
      id: 'VN-1', case_id: 'C-1', date: Date.UTC(2024, 6, 5) / 86_400_000, date_precision: 'day', reporting_country: 'VN', agency: 'vn-hn', commodity: 'drugs', group: 'ats', subtype: 'methamphetamine',
      quantity: 0.018, unit: 'kg', seizures: 1, route: 'air', direction: 'import', origin: 'LA', destination: 'VN', location: null, detection_method: 'x-ray', concealment: null,
      phase: 'p1', quantity_as_written: '18', unit_as_written: 'gam', source_file: 'data/vn.xlsx', source_line: 7, sheet: 'Báo cáo',
      status: 'accepted', codes: null, date_as_written: null,
    });
    expect(columns.find((c) => c.name === 'sheet')!.accepted({ ...row, sheet: undefined })).toBeNull();
  });

  it('give a rejected row as written: its cells in the text columns, nothing it was not understood to be, its codes', () => {
    const columns = exportColumns({ rejected: true, redact: [] });
    const r: RejectedRecord = {
      file: 'data/vn.csv', line: 427, day: undefined, codes: ['INVALID_DATE', 'UNKNOWN_UNIT'],
      cells: cellsOf({ id: 'VN-9', date: '31/02/2024', reporting_country: 'Việt Nam', commodity: 'ma túy', subtype: 'ma túy đá', quantity: '1,5', unit: 'bao', route: 'đường bộ', phase: 'Giai đoạn 4', case_id: 'C-9' }),
    };
    expect(named(columns, columns.map((c) => c.rejected(r)))).toEqual({
      id: 'VN-9', case_id: 'C-9', date: null, date_precision: null, reporting_country: 'Việt Nam', agency: null, commodity: 'ma túy', group: null, subtype: 'ma túy đá',
      quantity: null, unit: null, seizures: null, route: 'đường bộ', direction: null, origin: null, destination: null, location: null, detection_method: null, concealment: null,
      phase: 'Giai đoạn 4', quantity_as_written: '1,5', unit_as_written: 'bao', source_file: 'data/vn.csv', source_line: 427, sheet: null,
      status: 'rejected', codes: 'INVALID_DATE;UNKNOWN_UNIT', date_as_written: '31/02/2024',
    });
    // a readable date is kept; a malformed row has no cells: only where it was and why
    const dated = columns.find((c) => c.name === 'date')!;
    expect(dated.rejected({ ...r, day: 19_800 })).toBe(19_800);
    const malformed = named(columns, columns.map((c) => c.rejected({ file: 'data/x.csv', line: 9, day: undefined, codes: ['MALFORMED_CSV'], sheet: 'S1' })));
    expect(Object.entries(malformed).filter(([, v]) => v !== null)).toEqual([['source_file', 'data/x.csv'], ['source_line', 9], ['sheet', 'S1'], ['status', 'rejected'], ['codes', 'MALFORMED_CSV']]);
  });

  it('give a record rejected for its id (CONFLICTING_ID) as it was understood', () => {
    const columns = exportColumns({ rejected: true, redact: [] });
    const r = rec({ id: 'AU-5', reportingCountry: 'AU', quantity: 2.5, quantityText: '2500', conversion: { from: 'g', unit: 'kg', factor: 0.001 }, phase: '', line: 213 });
    const row = named(columns, columns.map((c) => c.rejected({ file: 'data/au.csv', line: 213, day: r.day, codes: ['CONFLICTING_ID'], record: r })));
    expect(row).toMatchObject({ id: 'AU-5', reporting_country: 'AU', quantity: 2.5, unit: 'kg', seizures: 1, quantity_as_written: '2500', unit_as_written: 'g', date: r.day, status: 'rejected', codes: 'CONFLICTING_ID', source_line: 213, date_as_written: null });
  });

  it('place a rejected row in a phase by its date; an undated one in none', () => {
    const p2 = phase('p2', '2024-08-01', '2024-08-31');
    const at = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8))) / 86_400_000;
    const r = (day: number | undefined): RejectedRecord => ({ file: 'f', line: 2, day, codes: ['X'] });
    expect(rejectedInPhase(r(at('2024-08-01')), p2)).toBe(true);
    expect(rejectedInPhase(r(at('2024-08-31')), p2)).toBe(true);
    expect(rejectedInPhase(r(at('2024-07-31')), p2)).toBe(false);
    expect(rejectedInPhase(r(at('2024-09-01')), p2)).toBe(false);
    expect(rejectedInPhase(r(undefined), p2)).toBe(false);
    expect(rejectedInPhase({ ...r(undefined), record: rec({ date: '2024-08-15' }) }, p2)).toBe(true);
  });

  it('round quantities to 15 significant digits: the noise of a conversion, never a figure', () => {
    expect(roundQuantity(18 * 0.001)).toBe(0.018);
    expect(roundQuantity(0.1 + 0.2)).toBe(0.3);
    expect(roundQuantity(123456.789)).toBe(123456.789);
    expect(roundQuantity(2 * 0.45359237)).toBe(0.90718474);
    expect(roundQuantity(1e12)).toBe(1e12);
  });
});

describe('export lines', () => {
  const columns = exportColumns({ rejected: false, redact: [] }).filter((c) => ['id', 'date', 'quantity', 'location', 'source_line'].includes(c.name));

  it('CSV: numbers plain, dates ISO, text quoted when needed and formula cells neutralized, null empty', () => {
    expect(csvRow(columns, ['=HYPERLINK("x")', 19_909, 0.5, 'a, "b"', 12])).toBe(`"'=HYPERLINK(""x"")",2024-07-05,0.5,"a, ""b""",12`);
    expect(csvRow(columns, ['+1', null, 1e21, '@SUM(A1)', null])).toBe(`'+1,,1e+21,'@SUM(A1),`);
    expect(csvRow(columns, ['-5', 0, 3, 'line\nbreak', 1])).toBe(`'-5,1970-01-01,3,"line\nbreak",1`);
  });

  it('NDJSON: every column, numbers as numbers, dates as ISO strings, null for empty, nothing neutralized', () => {
    expect(ndjsonRow(columns, ['=1+1', 19_909, 0.25, null, 3])).toBe('{"id":"=1+1","date":"2024-07-05","quantity":0.25,"location":null,"source_line":3}');
  });

  it('Parquet: UTF8 strings, DATE, DOUBLE and INT64, all optional', () => {
    expect(parquetElement('id', 'string')).toEqual({ name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' });
    expect(parquetElement('date', 'date')).toEqual({ name: 'date', type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'OPTIONAL' });
    expect(parquetElement('quantity', 'double')).toEqual({ name: 'quantity', type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    expect(parquetElement('source_line', 'int')).toEqual({ name: 'source_line', type: 'INT64', repetition_type: 'OPTIONAL' });
  });

  it('CSV and NDJSON writers: the header once (CSV), a line per row, all of it by finish', () => {
    const out: string[] = [];
    const sink = { write: (b: Uint8Array | string) => void out.push(typeof b === 'string' ? b : Buffer.from(b).toString('utf8')) };
    const csv = createRowWriter('csv', columns, sink, { createdBy: 't', keyValues: [] });
    for (let i = 0; i < 3000; i++) csv.add([`R${i}`, 19_909, i, null, i + 2]);
    csv.finish();
    const text = out.join('');
    expect(out.length).toBeGreaterThan(1); // handed on in chunks, not kept whole
    expect(text.split('\n')).toHaveLength(3002);
    expect(text.startsWith('id,date,quantity,location,source_line\nR0,2024-07-05,0,,2\n')).toBe(true);
    expect(text.endsWith('R2999,2024-07-05,2999,,3001\n')).toBe(true);
    out.length = 0;
    const nd = createRowWriter('ndjson', columns, sink, { createdBy: 't', keyValues: [] });
    nd.finish();
    expect(out.join('')).toBe('');
  });
});

describe('AtomicFileStream', () => {
  it('replaces the file only at commit; abort leaves the old one and no temporary file', () => {
    const dir = tempDir({ 'out.csv': 'old\n' });
    const target = join(dir, 'out.csv');
    const a = new AtomicFileStream(target);
    a.write('new,');
    a.write(Buffer.from('bytes\n'));
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    a.abort();
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
    const b = new AtomicFileStream(target);
    b.write('new\n');
    b.commit();
    b.abort(); // after commit: nothing
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('creates the folder, and says OUTPUT_UNWRITABLE where it cannot write', () => {
    const dir = tempDir({ 'file.txt': 'x' });
    const deep = new AtomicFileStream(join(dir, 'a/b/out.csv'));
    deep.commit();
    expect(existsSync(join(dir, 'a/b/out.csv'))).toBe(true);
    expect(() => new AtomicFileStream(join(dir, 'file.txt/out.csv'))).toThrow(expect.objectContaining({ code: 'OUTPUT_UNWRITABLE' }));
  });
});
