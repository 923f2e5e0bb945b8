/**
 * The CSV reader splits plain lines itself (QuoteFreeSplitter) until a quote, a
 * stray CR or an over-long line, then hands the rest of the file to csv-parse.
 * These tests read the same bytes both ways (fast path on, and csv-parse for the
 * whole file) and require the same header, rows, lines, diagnostics, stats and
 * blank rows (empty lines and lines of empty cells: skipped, counted).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsvReader, DEFAULT_CSV_LIMITS } from '../../src/ingest/csv-reader.js';
import { FAST_MAX_LINE, QuoteFreeSplitter } from '../../src/ingest/quote-free-splitter.js';
import type { RowBatch } from '../../src/ingest/rows.js';
import type { SourceConfig } from '../../src/config/schema.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

async function read(path: string, fastPath: boolean, config: Partial<SourceConfig>, maxFieldBytes: number) {
  const reader = createCsvReader({ path, display: 'data/f.csv', config: { path: 'data/f.csv', ...config } }, { ...DEFAULT_CSV_LIMITS, maxFieldBytes }, fastPath);
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
    // blank rows go out with the header's batch or after it, never on a batch before it
    blankBeforeHeader: batches.slice(0, Math.max(0, batches.findIndex((b) => b.header !== undefined))).some((b) => b.skipped !== undefined),
    stats: reader.stats,
  };
}

/** Reads `content` both ways and expects the same result; returns it. */
async function same(content: string | Buffer, config: Partial<SourceConfig> = {}, maxFieldBytes = DEFAULT_CSV_LIMITS.maxFieldBytes) {
  const path = join(tempDir({ 'f.csv': content }), 'f.csv');
  const fast = await read(path, true, config, maxFieldBytes);
  const reference = await read(path, false, config, maxFieldBytes);
  expect(fast.header).toEqual(reference.header);
  expect(fast.rows).toEqual(reference.rows);
  expect(fast.lines).toEqual(reference.lines);
  expect(fast.diagnostics).toEqual(reference.diagnostics);
  expect(fast.blank).toBe(reference.blank);
  expect(fast).toEqual(reference);
  expect(fast.blankBeforeHeader).toBe(false);
  return fast;
}

/**
 * Blank rows of a file without quotes, counted from its text: after the first
 * line, the lines (without their CRLF or LF) that are empty or only delimiters
 * and whitespace; before the header, only lines of one such cell (a line of
 * several empty cells first is the header).
 */
function blankLinesOf(content: string, d = ','): number {
  const lines = content.split('\n').map((l) => l.replace(/\r$/, ''));
  if (content.endsWith('\n')) lines.pop();
  let header = false;
  let n = 0;
  for (const l of lines) {
    const cells = l.split(d);
    const empty = cells.every((c) => c.trim() === '');
    if (!header && !(empty && cells.length === 1)) header = true;
    else if (empty) n++;
  }
  return n;
}

/** Plain lines enough to fill several 64 KiB reads before something tricky comes. */
function plainLines(n: number, eol = '\n', from = 0): string {
  let s = '';
  for (let i = from; i < from + n; i++) s += `${i},ñandú ${'ố'.repeat(i % 7)},${i % 13 === 0 ? '' : 'x'}${eol}`;
  return s;
}

describe('fast path and csv-parse agree', () => {
  it.each([
    ['plain LF', 'id,a,b\n1,2,3\n4,5,6\n'],
    ['plain CRLF', 'id,a,b\r\n1,2,3\r\n4,5,6\r\n'],
    ['no final newline', 'id,a\n1,2\n3,4'],
    ['no final newline, CRLF', 'id,a\r\n1,2\r\n3,4'],
    ['one line, no newline', 'id,a'],
    ['empty file', ''],
    ['only newlines', '\n\n\n'],
    ['only CRLFs', '\r\n\r\n'],
    ['blank lines and empty records everywhere', '\n\nid,a\n\n,\n , \t\n1,2\n\u00a0,\u3000\n\n3,4\n,,,\n'],
    ['an all-empty first record is not the header', ',,\nid,a\n1,2\n'],
    ['varying field counts', 'id,a\n1\n1,2,3,4\n\n5,6\n'],
    ['quote in the header', '"id",a\n1,2\n'],
    ['quote mid-file', 'id,a\n1,2\n3,"x,y"\n4,5\n'],
    ['quoted newline mid-file', 'id,a\n1,2\n3,"x\ny"\n4,5\n'],
    ['quote in the last line without newline', 'id,a\n1,2\n3,"x"'],
    ['unclosed quote', 'id,a\n1,2\n\n3,"x\n4,5\n'],
    ['blank lines and empty records before a broken record', 'id,a\n1,2\n\n,\n\n \n3,"x\n4,5\n'],
    ['blank lines before a broken first record', '\n\nid,a\n\n\n3,"x\n4,5\n'],
    ['stray quote inside a cell', 'id,a\n1,ab"c\n2,d\n'],
    ['bare CR as the record delimiter', 'id,a\r1,2\r3,4\r'],
    ['CR inside a line of an LF file', 'id,a\n1,2\n3,x\ry\n4,5\n'],
    ['a CRLF line in an LF file', 'id,a\n1,2\n3,4\r\n5,6\n7,8\n'],
    ['a bare LF in a CRLF file', 'id,a\r\n1,2\r\n3,x\ny\r\n4,5\r\n'],
    ['a bare CR in a CRLF file', 'id,a\r\n1,2\r\n3,x\ry\r\n4,5\r\n'],
    ['a trailing CR at the end of a CRLF file', 'id,a\r\n1,2\r\n3,4\r'],
    ['CRLF inside quotes', 'id,a\r\n1,"x\r\ny"\r\n2,z\r\n'],
    ['BOM and semicolons', '\ufeffid;a;b\r\n1;2,5;3\r\n'],
    ['a second BOM stays in the first cell', '\ufeff\ufeffid,a\n1,2\n'],
    ['tabs', 'id\ta\n1\t2\n \t \n3\t4\n'],
    ['every cell quoted, CRLF', '"id","a","b"\r\n"1","x, y","say ""hi"""\r\n"2","",""\r\n'],
    ['quoted cells beside plain ones', 'id,a,b\n1,"x;y",z\n"2",,""\n3,"""",w\n'],
    ['a quoted header, then a quoted line break', '"id","a"\n1,"x"\n2,"y\nz"\n3,w\n'],
    ['a quoted line break on the first line (CRLF inside)', '"i\r\nd",a\r\n1,2\r\n'],
    ['a quoted line break on the first line (LF inside a CRLF file)', '"i\nd",a\r\n1,2\r\n'],
    ['text after a closing quote', 'id,a\n1,"x"y\n2,z\n'],
    ['a quote inside an unquoted cell after quoted ones', 'id,a\n1,"x"\n2,a"b\n3,c\n'],
    ['a doubled quote closing the line', 'id,a\n1,"x"""\n2,""""\n'],
    ['spaces around quotes', 'id,a\n1, "x"\n2,"y" \n3,z\n'],
    ['a quoted last line without a newline', 'id,a\n1,"x,y"'],
    ['an unclosed quote on the last line without a newline', 'id,a\n1,"x,y'],
    ['quoted cells with tabs as delimiter', 'id\ta\n"1"\t"x\ty"\n'],
    ['quoted empty and blank cells: blank rows', 'id,a\n"",""\n" ",\n1,"2"\n'],
  ])('%s', async (_name, content) => {
    await same(content);
  });

  it.each([
    ['LF', 'id,a\n\n1,2\n,\n , \n\n3,4\n,,,\n', [3, 7], 5],
    ['CRLF', 'id,a\r\n\r\n1,2\r\n,\r\n , \r\n\r\n3,4\r\n,,,\r\n', [3, 7], 5],
    ['blank lines above the header', '\n \n\nid,a\n1,2\n', [5], 3],
    ['the last line of empty cells, without a newline', 'id,a\n1,2\n , ', [2], 1],
    ['the final newline is no blank row; an empty line before it is', 'id,a\n1,2\n\n', [2], 1],
    ['only blank lines', '\n\n\n', [], 3],
    ['tabs and semicolons count as delimiters only where they are', 'id\ta\n\t\n1\t2\n;;\n', [3, 4], 1],
    ['after a quote (csv-parse reads on)', 'id,a\n1,"q"\n\n,\n3,4\n\n\n', [2, 5], 4],
    ['after a quote, CRLF', 'id,a\r\n1,"q"\r\n\r\n,\r\n3,4\r\n\r\n', [2, 5], 3],
    ['quoted empty cells', 'id,a\n"",""\n1,2\n" ",\n', [3], 2],
    ['a quoted line break in a row of empty cells', 'id,a\r\n"\r\n",\r\n1,2\r\n', [4], 1],
    ['a CRLF blank line in an LF file (csv-parse reads on from its CR)', 'id,a\n1,2\n3,4\r\n\r\n5,6\n7,8\n', [2, 3, 5, 6], 1],
    ['a CR alone ending the file after a blank line', 'id,a\r1,2\r\r', [2], 1],
    ['an unclosed quote running to the end: the line ends inside it are no blank rows', 'id,a\n1,2\n\n3,"x\n\n', [2], 1],
  ] as const)('blank rows are skipped and counted: %s', async (_name, content, lines, blank) => {
    const r = await same(content);
    expect(r.lines).toEqual(lines);
    expect(r.blank).toBe(blank);
    // (the count from the text knows neither quotes nor lines ended by a CR alone)
    if (!content.includes('"') && !/\r[^\n]|\r$/.test(content)) expect(blankLinesOf(content, content.includes('\t') ? '\t' : ',')).toBe(blank);
  });

  it('a row of empty cells before a broken record, after csv-parse took over: the broken record keeps its line', async () => {
    const r = await same('id,a\n1,"q"\n,\n\n3,"x\n4,5\n');
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['MALFORMED_CSV', 5]]);
    expect(r.blank).toBe(2);
  });

  it('blank rows at read-chunk borders: the same count, and the lines after them right', async () => {
    const CHUNK = 64 * 1024;
    const runs = ['\n\n', ',,\n', ' , ,\n\n', '\t\n,\n\n\n'];
    for (const eol of ['\n', '\r\n']) {
      for (const [k, run] of runs.entries()) {
        for (let shift = -1; shift <= 2; shift++) {
          // filler to just before a border, then the run straddling it, for the first and second border
          let s = `id,a,b${eol}`;
          let i = 0;
          for (const border of [CHUNK, 2 * CHUNK]) {
            const line = (n: number) => `${n},${'x'.repeat(n % 11)},${n}${eol}`;
            // (ASCII: a character is a byte)
            while (s.length + line(i).length < border + shift - 1) s += line(i++);
            // the last filler line ends exactly at border + shift - 1 when it can
            const gap = border + shift - 1 - s.length;
            const fill = gap - String(i).length - 3 - eol.length;
            if (fill >= 0) s += `${i++},${'y'.repeat(fill)},z${eol}`;
            s += run.replaceAll('\n', eol);
          }
          s += `${i},end,${i}${eol}`;
          // every other run read by csv-parse in the fast path too (a quote on line 3)
          const contents = [s, ...(k % 2 === 1 ? [s.replace(`1,x,1${eol}`, `1,"x",1${eol}`)] : []), ...(shift === 0 ? [s.slice(0, -eol.length)] : [])];
          for (const content of contents) {
            const r = await same(content);
            if (!content.includes('"')) expect(r.blank).toBe(blankLinesOf(content));
            const last = content.split(eol).findIndex((l) => l.startsWith(`${i},end,`));
            expect(r.lines[r.lines.length - 1]).toBe(last + 1);
          }
        }
      }
    }
  }, 120_000);

  it('invalid UTF-8 bytes become the same replacement characters', async () => {
    const bytes = Buffer.concat([Buffer.from('id,a\n1,x'), Buffer.from([0xe2, 0x82]), Buffer.from(',y\n2,'), Buffer.from([0xc3]), Buffer.from('\n3,\u00e9\n')]);
    await same(bytes, { encoding: 'utf-8' });
  });

  it('Windows-1252 and UTF-16 go through the same splitting', async () => {
    await same(Buffer.from(`id,a\n${[...plainLines(3000)].map((c) => (c.charCodeAt(0) > 0xff ? 'é' : c)).join('')}9,"q"\n`, 'latin1'));
    await same(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`id\ta\r\n${plainLines(5000, '\r\n').replaceAll(',', '\t')}`, 'utf16le')]));
  });

  it('records and multi-byte characters across read chunks, then a quote after several chunks', async () => {
    const body = plainLines(20_000);
    expect(Buffer.byteLength(body)).toBeGreaterThan(4 * 64 * 1024);
    const r = await same(`id,a,b\n${body}x,"quoted\nnewline",y\n${plainLines(10, '\n', 20_000)}`);
    expect(r.rows).toHaveLength(20_011);
  });

  it('CRLF file switching to csv-parse keeps CRLF as the record delimiter', async () => {
    await same(`id,a,b\r\n${plainLines(20_000, '\r\n')}x,bare\nLF,y\r\n"q",1,2\r\n${plainLines(10, '\r\n')}`);
  });

  it('blank lines before a broken record after several chunks', async () => {
    const r = await same(`id,a,b\n${plainLines(20_000)}\n\n,,\n\nx,"unclosed\n${plainLines(10)}`);
    expect(r.malformed).toBe(1);
  });

  it('LF file with a CR after several chunks', async () => {
    await same(`id,a,b\n${plainLines(20_000)}x,a\rb,y\n${plainLines(10)}`);
  });

  it('a line longer than the fast path takes, and one longer than the record limit', async () => {
    const long = 'z'.repeat(FAST_MAX_LINE + 10);
    await same(`id,a\n${plainLines(100)}1,${long}\n2,b\n`);
    await same(`id,a\n${plainLines(30_000)}1,${long}`);
    const r = await same(`id,a\n1,${'y'.repeat(5000)}\n2,b\n${plainLines(5)}`, {}, 4000);
    expect(r.malformed).toBe(1);
  });

  it('random files of quoted cells (most quoted plainly, some not): the same rows, lines and diagnostics', async () => {
    let seed = 777;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const inner = ['a', 'x, y', 'say ""hi""', '', ' ', 'ố', '12,5', '""', ';', '\t'];
    const odd = ['"', 'a"b', '"x"y', ' "z"', '"\n', '"\r\n', '\r', '"""'];
    for (let f = 0; f < 8; f++) {
      const eol = f % 2 === 1 ? '\r\n' : '\n';
      let s = '"id","a","b"' + eol;
      const lines = 2000 + rand(20_000);
      const cell = (i: number) => (rand(60) === 0 ? odd[rand(odd.length)] : rand(3) === 0 ? String(i) : `"${inner[rand(inner.length)]}"`);
      for (let i = 0; i < lines; i++) s += `${cell(i)},${cell(i)},${cell(i)}${eol}`;
      await same(s);
    }
  });

  it('random files: the same rows, lines and diagnostics', async () => {
    // A small deterministic generator: mostly plain lines, sometimes quotes, CRs, blanks, long cells.
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const pieces = ['a', 'bc', 'é', 'ố', ' ', '\u00a0', '', '12.5', ',', ',', ',', ',', '\n', '\n', '\n', '\r\n', '\r', '"', '""', ';', '\t'];
    for (let f = 0; f < 12; f++) {
      const crlf = f % 3 === 1;
      const eol = crlf ? '\r\n' : '\n';
      let s = f % 4 === 3 ? ' , \n' : 'id,a,b' + eol;
      const lines = 3000 + rand(30_000);
      const trickyFrom = rand(lines);
      for (let i = 0; i < lines; i++) {
        if (i >= trickyFrom && rand(50) === 0) {
          for (let k = rand(6); k >= 0; k--) s += pieces[rand(pieces.length)];
        } else if (rand(40) === 0) s += eol;
        else s += `${i},${'x'.repeat(rand(12))}${rand(5) === 0 ? 'ồ' : ''},${rand(3) === 0 ? '' : i}${eol}`;
      }
      if (rand(2) === 0) s = s.slice(0, s.length - eol.length);
      await same(s);
    }
  });
});

describe('QuoteFreeSplitter takes cells quoted on one line itself', () => {
  function split(text: string) {
    const rows: [string[], number][] = [];
    const s = new QuoteFreeSplitter(',', (r, line) => rows.push([r, line]));
    const handoff = s.write(Buffer.from(text)) ?? s.end();
    return { rows, handoff: handoff && { rest: handoff.rest.toString(), line: handoff.line, recordDelimiter: handoff.recordDelimiter } };
  }

  it('every cell quoted, doubled quotes, delimiters inside: no handoff, the cells unquoted', () => {
    expect(split('"id","a b","c"\r\n"1","x,y","say ""hi"""\r\n"",2,""\r\n"3","""",z')).toEqual({
      rows: [
        [['id', 'a b', 'c'], 1],
        [['1', 'x,y', 'say "hi"'], 2],
        [['', '2', ''], 3],
        [['3', '"', 'z'], 4],
      ],
      handoff: undefined,
    });
  });

  it.each([
    ['a quoted line break', 'id,a\n1,"q"\n2,"x\ny"\n3,z\n', 3, '2,"x\ny"\n3,z\n', '\n'],
    ['a quote inside an unquoted cell', 'id,a\n1,"q"\n2,a"b\n', 3, '2,a"b\n', '\n'],
    ['text after a closing quote', 'id,a\r\n2,"x"y\r\n', 2, '2,"x"y\r\n', '\r\n'],
    ['an unclosed quote on the last line', 'id,a\n1,"x', 2, '1,"x', '\n'],
    ['a quoted CRLF on the first line: csv-parse finds the record delimiter', '"i\r\nd",a\n1,2\n', 1, '"i\r\nd",a\n1,2\n', undefined],
  ] as const)('%s: the rest goes to csv-parse from that line', (_name, text, line, rest, recordDelimiter) => {
    const r = split(text);
    expect(r.handoff).toEqual({ rest, line, recordDelimiter });
    expect(r.rows.map(([, l]) => l)).toEqual(Array.from({ length: line - 1 }, (_, i) => i + 1));
  });
});
