/**
 * The CSV reader drives csv-parse's engine directly (see src/ingest/csv-reader.ts):
 * these tests pin the contract it relies on: one row per record, the physical line
 * each record starts on, unparsable stretches as MALFORMED_CSV at the line where
 * they start, and encoding/delimiter detection.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsvReader, detectDelimiter } from '../../src/ingest/csv-reader.js';
import type { RowBatch } from '../../src/ingest/rows.js';
import type { SourceConfig } from '../../src/config/schema.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

async function readCsv(content: string | Buffer, config: Partial<SourceConfig> = {}) {
  const dir = tempDir({ 'f.csv': content });
  const path = join(dir, 'f.csv');
  const reader = createCsvReader({ path, display: 'data/f.csv', config: { path: 'data/f.csv', ...config } });
  const batches: RowBatch[] = [];
  for await (const b of reader.batches()) batches.push(b);
  return {
    header: batches.find((b) => b.header !== undefined)?.header,
    headerBatches: batches.filter((b) => b.header !== undefined).length,
    rows: batches.flatMap((b) => b.rows),
    lines: batches.flatMap((b) => b.lines),
    diagnostics: batches.flatMap((b) => b.diagnostics),
    malformed: batches.reduce((n, b) => n + b.malformed, 0),
    blank: batches.reduce((n, b) => n + (b.skipped?.blank ?? 0), 0),
    stats: reader.stats,
  };
}

describe('detectDelimiter', () => {
  it('picks the most frequent of , ; TAB on the first line, outside quotes', () => {
    expect(detectDelimiter(Buffer.from('a;b;c\n1,2,3,4,5,6\n'))).toBe(';');
    expect(detectDelimiter(Buffer.from('"a,b,c";d\n'))).toBe(';');
    expect(detectDelimiter(Buffer.from('a\tb\tc,d\n'))).toBe('\t');
    expect(detectDelimiter(Buffer.from('a,b,c\r\n'))).toBe(',');
  });
  it('defaults to comma', () => {
    expect(detectDelimiter(Buffer.from('single\n'))).toBe(',');
    expect(detectDelimiter(Buffer.alloc(0))).toBe(',');
  });
});

describe('createCsvReader: rows and lines', () => {
  it('gives the header once and each record with the line it starts on', async () => {
    const r = await readCsv('id,note\n1,plain\n2,"two\nlines"\n\n3,"say ""hi"""\n4,last');
    expect(r.header).toEqual(['id', 'note']);
    expect(r.headerBatches).toBe(1);
    expect(r.rows).toEqual([
      ['1', 'plain'],
      ['2', 'two\nlines'],
      ['3', 'say "hi"'],
      ['4', 'last'],
    ]);
    expect(r.lines).toEqual([2, 3, 6, 7]);
    expect(r.diagnostics).toEqual([]);
  });

  it('counts lines with CRLF endings', async () => {
    const r = await readCsv('id,x\r\n1,a\r\n2,b\r\n');
    expect(r.lines).toEqual([2, 3]);
  });

  it('Excel style: CRLF rows with a LF inside a quoted cell', async () => {
    const r = await readCsv('id,x\r\n1,"a\nb"\r\n2,c\r\n');
    expect(r.rows).toEqual([
      ['1', 'a\nb'],
      ['2', 'c'],
    ]);
    expect(r.lines).toEqual([2, 4]);
  });

  it('a CRLF inside a quoted cell is one line break, for that record and every later one', async () => {
    const r = await readCsv('id,x\r\n1,"a\r\nb"\r\n2,c\r\n3,d\r\n');
    expect(r.rows.map((row) => row[0])).toEqual(['1', '2', '3']);
    expect(r.lines).toEqual([2, 4, 5]);
  });

  it('a CR ending the file is a line end, whatever the line ends before it', async () => {
    for (const [content, lines] of [
      ['id,x\r\n1,a\r\n2,b\r', [2, 3]],
      ['id,x\n1,"a"\n2,b\n3,c\r', [2, 3, 4]],
      ['id,x\r\n1,a\r\n2,b\r\r', [2, 3]],
      ['"id",x\r1,a\r2,b\r', [2, 3]],
    ] as const) {
      const r = await readCsv(content);
      expect(r.lines, JSON.stringify(content)).toEqual(lines);
      expect(r.rows.at(-1)!.at(-1), JSON.stringify(content)).toMatch(/^[bc]\r?$/);
    }
    expect((await readCsv('id,x\r\n1,a\r\n2,b\r')).rows).toEqual([['1', 'a'], ['2', 'b']]);
  });

  it('a quoted last cell ending with a line break, then the record delimiter ending the file: the break is data, the line right', async () => {
    for (const [content, cell] of [
      ['id,x\n1,a\n2,"b\n"\n', 'b\n'],
      ['id,x\r\n1,a\r\n2,"b\r\n"\r\n', 'b\r\n'],
      ['id,x\r1,a\r2,"b\r"\r', 'b\r'],
    ] as const) {
      const r = await readCsv(content);
      expect(r.rows.at(-1), JSON.stringify(content)).toEqual(['2', cell]);
      expect(r.lines, JSON.stringify(content)).toEqual([2, 3]);
    }
  });

  it('a CRLF row in an LF file is one line, and its CR is not data; a quoted CR stays', async () => {
    const r = await readCsv('id,x\n1,"a"\n2,b\r\n3,c\n4,d\n');
    expect(r.rows).toEqual([['1', 'a'], ['2', 'b'], ['3', 'c'], ['4', 'd']]);
    expect(r.lines).toEqual([2, 3, 4, 5]);
    const q = await readCsv('id,x\n1,"a"\n2,"b\r"\n3,c\n');
    expect(q.rows).toEqual([['1', 'a'], ['2', 'b\r'], ['3', 'c']]);
    expect(q.lines).toEqual([2, 3, 5]);
  });

  it('keeps rows whose field count differs (the record rules report FIELD_COUNT)', async () => {
    const r = await readCsv('id,x\n1,2,3\n4\n');
    expect(r.rows).toEqual([['1', '2', '3'], ['4']]);
    expect(r.lines).toEqual([2, 3]);
  });

  it('skips blank lines and rows of empty cells, and counts them', async () => {
    const r = await readCsv('id,x\n\n,\n5,6\n\n');
    expect(r.rows).toEqual([['5', '6']]);
    expect(r.lines).toEqual([4]);
    expect(r.blank).toBe(3);
    // whitespace and delimiters only; the last line without a newline
    const w = await readCsv('id;x\r\n ;\t\r\n;;;\r\n5;6\r\n \u00a0');
    expect(w.lines).toEqual([4]);
    expect(w.blank).toBe(3);
  });

  it('handles a file with only a header, and an empty file', async () => {
    const h = await readCsv('id,x\n');
    expect(h.header).toEqual(['id', 'x']);
    expect(h.rows).toEqual([]);
    const e = await readCsv('');
    expect(e.header).toEqual([]);
    expect(e.rows).toEqual([]);
    expect(e.stats.bytes).toBe(0);
  });
});

describe('createCsvReader: malformed CSV', () => {
  it('an unclosed quote is one MALFORMED_CSV at the line where its record starts; earlier rows survive', async () => {
    const r = await readCsv('id,x\n1,a\n2,b\n3,"abc\n4,c\n5,d\n');
    expect(r.rows).toEqual([
      ['1', 'a'],
      ['2', 'b'],
    ]);
    expect(r.malformed).toBe(1);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'MALFORMED_CSV', file: 'data/f.csv', line: 4 });
  });

  it('an unclosed quote in the first record starts at line 2', async () => {
    const r = await readCsv('id,x\n1,"abc\n2,c\n3,d\n');
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['MALFORMED_CSV', 2]]);
  });

  it('blank lines before the broken record do not move its line', async () => {
    const r = await readCsv('id,x\n1,a\n\n\n3,"abc\n4,c\n');
    expect(r.rows).toEqual([['1', 'a']]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['MALFORMED_CSV', 5]]);
  });
});

describe('createCsvReader: encodings and delimiters', () => {
  it('strips a UTF-8 BOM and detects ";"', async () => {
    const r = await readCsv('\ufeffSố vụ;Ngày\r\nA-1;05/03/2024\r\n');
    expect(r.header).toEqual(['Số vụ', 'Ngày']);
    expect(r.rows).toEqual([['A-1', '05/03/2024']]);
    expect(r.stats).toMatchObject({ encoding: 'utf-8', delimiter: ';' });
  });

  it('reads Excel "Unicode text": UTF-16 LE with BOM, tabs, CRLF', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ref\tOrigin\r\nT-1\tLào\r\nT-2\tHàn Quốc\r\n', 'utf16le')]);
    const r = await readCsv(bytes);
    expect(r.header).toEqual(['Ref', 'Origin']);
    expect(r.rows).toEqual([
      ['T-1', 'Lào'],
      ['T-2', 'Hàn Quốc'],
    ]);
    expect(r.lines).toEqual([2, 3]);
    expect(r.stats).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(r.diagnostics).toEqual([]);
  });

  it('reads Windows-1252 with an ENCODING_GUESSED warning for the whole file (line 0)', async () => {
    const r = await readCsv(Buffer.from('id,location\n1,Montr\xe9al\n', 'latin1'));
    expect(r.rows).toEqual([['1', 'Montréal']]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'ENCODING_GUESSED', file: 'data/f.csv', line: 0 })]);
  });

  it('a configured encoding and delimiter win over detection, without a warning', async () => {
    const r = await readCsv(Buffer.from('id|loc\n1|Montr\xe9al\n', 'latin1'), { encoding: 'windows-1252', delimiter: '|' });
    expect(r.rows).toEqual([['1', 'Montréal']]);
    expect(r.diagnostics).toEqual([]);
  });

  it('hashes the raw bytes', async () => {
    const bytes = Buffer.from('\ufeffid;x\r\n1;2\r\n');
    const r = await readCsv(bytes);
    expect(r.stats.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.stats.bytes).toBe(bytes.length);
  });
});

describe('createCsvReader: files larger than one read chunk', () => {
  // > 1 MiB, so records, multi-byte characters and UTF-16 code units straddle chunk boundaries.
  const N = 60_000;
  const expectedLines: number[] = [];
  let text = 'id,note,n\n';
  let line = 2;
  for (let i = 0; i < N; i++) {
    expectedLines.push(line);
    if (i % 997 === 0) {
      text += `${i},"multi\nline ${'ế'.repeat(i % 5)}",${i}\n`;
      line += 2;
    } else {
      text += `${i},ñandú ${'ố'.repeat(i % 7)},${i}\n`;
      line += 1;
    }
  }

  it('UTF-8: every row intact, every line right', async () => {
    const r = await readCsv(text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(1 << 20);
    expect(r.rows).toHaveLength(N);
    expect(r.lines).toEqual(expectedLines);
    for (const i of [0, 1, 997, 12_345, N - 1]) {
      const note = i % 997 === 0 ? `multi\nline ${'ế'.repeat(i % 5)}` : `ñandú ${'ố'.repeat(i % 7)}`;
      expect(r.rows[i]).toEqual([String(i), note, String(i)]);
    }
  });

  it('CRLF line ends with CRLF inside quoted cells: the same lines', async () => {
    const r = await readCsv(text.replace(/\n/g, '\r\n'));
    expect(r.rows).toHaveLength(N);
    expect(r.lines).toEqual(expectedLines);
    expect(r.rows[997]).toEqual(['997', `multi\r\nline ${'ế'.repeat(997 % 5)}`, '997']);
  });

  it('UTF-16 LE with BOM: the same rows and lines', async () => {
    const r = await readCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(r.rows).toHaveLength(N);
    expect(r.lines).toEqual(expectedLines);
    expect(r.rows[N - 1]).toEqual([String(N - 1), `ñandú ${'ố'.repeat((N - 1) % 7)}`, String(N - 1)]);
  });
});
