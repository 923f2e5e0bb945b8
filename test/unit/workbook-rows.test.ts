/** Typed workbook cells as text, totals rows, where the header is. */
import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../src/ingest/csv-reader.js';
import { findHeader, isRecognizable, locateHeader } from '../../src/ingest/header-rows.js';
import type { RowBatch } from '../../src/ingest/rows.js';
import { isTotalsRow, isTotalsWord } from '../../src/ingest/totals-rows.js';
import { cellText, isDateFormat, serialToIso } from '../../src/ingest/xlsx-cells.js';

describe('serialToIso', () => {
  it('1900 system: the fictitious 1900-02-29 (serial 60) and the day shift before it', () => {
    expect(serialToIso(1, false)).toBe('1900-01-01');
    expect(serialToIso(59, false)).toBe('1900-02-28');
    expect(serialToIso(60, false)).toBe('1900-02-29');
    expect(serialToIso(61, false)).toBe('1900-03-01');
    expect(serialToIso(45488, false)).toBe('2024-07-15');
    expect(serialToIso(45488.99, false)).toBe('2024-07-15');
  });
  it('1904 system', () => {
    expect(serialToIso(0, true)).toBe('1904-01-01');
    expect(serialToIso(45488 - 1462, true)).toBe('2024-07-15');
  });
});

describe('cellText', () => {
  const o = { decimal: '.' as const, date1904: false };
  it('numbers plain, in the source decimal mark; dates by number format; formulas by their cached value', () => {
    expect(cellText(1234.5, 'General', o)).toBe('1234.5');
    expect(cellText(1234.5, undefined, { ...o, decimal: ',' })).toBe('1234,5');
    expect(cellText(45488, 'dd/mm/yyyy', o)).toBe('2024-07-15');
    expect(cellText(new Date(Date.UTC(2024, 6, 15)), 'dd/mm/yyyy', o)).toBe('2024-07-15');
    expect(cellText({ formula: 'A1+1', result: 45489 }, 'yyyy-mm-dd', o)).toBe('2024-07-16');
    expect(cellText({ formula: 'SUM(A1:A3)', result: 2.5 }, '0.00', o)).toBe('2.5');
    expect(cellText({ richText: [{ text: 'ma ' }, { text: 'túy' }] }, undefined, o)).toBe('ma túy');
    expect(cellText({ error: '#N/A' }, undefined, o)).toBe('#N/A');
    expect(cellText(true, undefined, o)).toBe('TRUE');
  });
  it('isDateFormat', () => {
    expect(isDateFormat('dd/mm/yyyy')).toBe(true);
    expect(isDateFormat('[$-42A]d mmmm yyyy')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('"kg" 0')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
  });
});

describe('totals rows', () => {
  it('words in English, Vietnamese, Korean; case, spaces and a trailing colon ignored', () => {
    for (const w of ['Total', 'TOTAL:', ' Grand total ', 'Subtotal', 'Tổng cộng', 'TỔNG CỘNG', 'Cộng', '합계', '총계', '소계']) expect(isTotalsWord(w)).toBe(true);
    for (const w of ['Cộng hòa Séc', 'Totally', 'tobacco', 'KR-1', '']) expect(isTotalsWord(w)).toBe(false);
  });
  it('no id (or the word where the id is), and a totals word', () => {
    expect(isTotalsRow(['', 'Total', '', '5', 'kg'], [0])).toBe(true);
    expect(isTotalsRow(['Tổng cộng', '', '', '5', 'kg'], [0])).toBe(true);
    expect(isTotalsRow(['KR-1', 'Total', '', '5', 'kg'], [0])).toBe(false);
    expect(isTotalsRow(['', 'heroin', '', '5', 'kg'], [0])).toBe(false);
  });
});

const SRC = { path: 'data/kr.csv' };

describe('where the header is', () => {
  const header = ['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'];
  it('the first row mapping the most required fields among the first 20, or header_row', () => {
    const rows = [['Seizures, July 2024'], ['Prepared by: X', 'date'], header, ['K1', '2024-07-01', 'KR', 'drugs', '1', 'kg', 'air']];
    expect(findHeader(rows, [1, 2, 4, 5], SRC, [])).toEqual({ index: 2, score: 7 });
    expect(findHeader(rows, [1, 2, 4, 5], { ...SRC, header_row: 2 }, []).index).toBe(1);
    expect(isRecognizable(1, SRC)).toBe(false);
    expect(isRecognizable(4, SRC)).toBe(true);
  });
  it('stops at the first row with a column for every required field the source does not default', () => {
    const noCountry = header.filter((h) => h !== 'reporting_country');
    const config = { ...SRC, defaults: { reporting_country: 'KR' } };
    const rows = [['Seizures, July 2024'], noCountry, header, ['K1', '2024-07-01', 'drugs', '1', 'kg', 'air']];
    // Row 1 gives every field but the defaulted one: the header, though row 2 would map one more.
    expect(findHeader(rows, [1, 2, 3, 4], config, [])).toEqual({ index: 1, score: 6 });
    // Without the default, reporting_country is needed too: the scan goes on to the row that has it.
    expect(findHeader(rows, [1, 2, 3, 4], SRC, [])).toEqual({ index: 2, score: 7 });
    // A row that misses a field the source needs does not stop it: the best row wins, as before.
    const partial = [['Seizures'], ['id', 'date', 'quantity'], noCountry];
    expect(findHeader(partial, [1, 2, 3], config, [])).toEqual({ index: 2, score: 6 });
  });
  it('with every required field defaulted (and the id made of the line), any row would do: the best one is taken', () => {
    const config = { ...SRC, columns: { id: '@line' }, defaults: { date: '2024-07-01', reporting_country: 'KR', commodity: 'drugs', quantity: '1', unit: 'kg', route: 'air' } };
    const rows = [['Date'], ['id', 'date', 'commodity', 'quantity', 'unit'], ['K1', '2024-07-01', 'drugs', '1', 'kg']];
    expect(findHeader(rows, [1, 2, 3], config, [])).toEqual({ index: 1, score: 4 });
  });
  it('locateHeader moves the header of a CSV below its title rows, and leaves a file whose first row is the header as it is', async () => {
    const batch = (h: string[], rows: string[][]): RowBatch => ({ header: h, headerLine: 1, rows, lines: rows.map((_r, i) => i + 2), diagnostics: [], malformed: 0 });
    const run = async (b: RowBatch) => {
      const out: RowBatch[] = [];
      for await (const x of locateHeader((async function* () { yield b; })(), SRC, [])) out.push(x);
      return out;
    };
    const moved = await run(batch(['Title'], [header, ['K1', '2024-07-01', 'KR', 'drugs', '1', 'kg', 'air']]));
    expect(moved[0]).toMatchObject({ header, headerLine: 2, lines: [3], skipped: { title: 1, blank: 0 } });
    const same = batch(header, [['K1', '2024-07-01', 'KR', 'drugs', '1', 'kg', 'air']]);
    expect((await run(same))[0]).toEqual(same);
  });
  it("locateHeader: the blank rows of every batch it held are kept, and a first row of empty cells (',,,,') above the header is blank, not a title", async () => {
    const rec = ['K1', '2024-07-01', 'KR', 'drugs', '1', 'kg', 'air'];
    const held: RowBatch[] = [
      { header: ['', '', ''], headerLine: 2, rows: [['Seizures, July 2024']], lines: [3], diagnostics: [], malformed: 0, skipped: { title: 0, blank: 1 } },
      { rows: [header, rec], lines: [5, 6], diagnostics: [], malformed: 0, skipped: { title: 0, blank: 1 } },
    ];
    const out: RowBatch[] = [];
    for await (const x of locateHeader((async function* () { yield* held; })(), SRC, [])) out.push(x);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ header, headerLine: 5, rows: [rec], lines: [6], skipped: { title: 1, blank: 3 } });
  });
});

describe('the delimiter of a file with a title line', () => {
  it('a bare title line is passed over; one with a delimiter decides, as a first line always did', () => {
    expect(detectDelimiter(Buffer.from('BÁO CÁO THÁNG 7/2024\n\nid\tdate\tquantity\nA\t2024-07-01\t1,5\n'))).toBe('\t');
    expect(detectDelimiter(Buffer.from('Report;;;\nid,date,quantity\n'))).toBe(';');
    expect(detectDelimiter(Buffer.from('id;date;quantity\nA;2024-07-01;1,5\n'))).toBe(';');
    expect(detectDelimiter(Buffer.from('title only\n'))).toBe(',');
  });
});
