import { describe, expect, it } from 'vitest';
import { neutralizeFormula, writeTable, type Table } from '../../src/output/table.js';
import { escapeMarkdown } from '../../src/util/escape.js';

const table = (rows: (string | number)[][]): Table => ({
  columns: ['commodity', 'route', 'unit', 'cases', 'seizures', 'quantity'],
  numeric: new Set(['cases', 'seizures', 'quantity']),
  rows,
});

describe('neutralizeFormula', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with an apostrophe', (s) => {
    expect(neutralizeFormula(s)).toBe(`'${s}`);
  });
  it.each(['drugs', '1+1', 'a=b', '', "'quoted"])('leaves %j alone', (s) => {
    expect(neutralizeFormula(s)).toBe(s);
  });
});

describe('writeTable csv', () => {
  it('writes a header, plain numbers and LF line ends', () => {
    expect(writeTable(table([['drugs', 'air', 'kg', 3, 4, 1234567.891]]), 'csv')).toBe(
      'commodity,route,unit,cases,seizures,quantity\ndrugs,air,kg,3,4,1234567.891\n',
    );
  });

  it('quotes cells with a comma, a quote or a line break (RFC 4180)', () => {
    const out = writeTable(table([['a,b', 'say "x"', 'two\nlines', 1, 1, 1]]), 'csv');
    expect(out.split('\n').slice(1).join('\n')).toBe('"a,b","say ""x""","two\nlines",1,1,1\n');
  });

  it('neutralizes formula starters in text cells, never in numeric columns', () => {
    const out = writeTable(table([['=HYPERLINK("x")', '+air', '-kg', 1, 2, -5], ['@cmd', '\tsea', '\rland', 0, 0, 0]]), 'csv');
    const lines = out.split('\n');
    expect(lines[1]).toBe(`"'=HYPERLINK(""x"")",'+air,'-kg,1,2,-5`);
    expect(lines[2]).toBe(`'@cmd,'\tsea,"'\rland",0,0,0`);
  });

  it('no thousands separators or exponent for ordinary magnitudes', () => {
    const out = writeTable(table([['d', 'r', 'sticks', 1, 1, 12345678901]]), 'csv');
    expect(out.trim().split('\n')[1]).toBe('d,r,sticks,1,1,12345678901');
  });
});

describe('writeTable tsv', () => {
  it('separates with tabs, flattens tabs and line breaks inside cells, neutralizes formulas', () => {
    const out = writeTable(table([['a\tb', 'two\r\nlines', '=x', 1, 2, -3.5]]), 'tsv');
    expect(out).toBe('commodity\troute\tunit\tcases\tseizures\tquantity\na b\ttwo lines\t\'=x\t1\t2\t-3.5\n');
  });
});

describe('writeTable json / ndjson', () => {
  const rows = [
    ['drugs', 'air', 'kg', 3, 4, 2.5],
    ['=x', 'sea', 'l', 1, 1, 0.001],
  ];

  it('json: an array of objects with the columns as keys in order, numbers as numbers, text verbatim', () => {
    const out = writeTable(table(rows), 'json');
    expect(out.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(out) as Record<string, unknown>[];
    expect(parsed).toEqual([
      { commodity: 'drugs', route: 'air', unit: 'kg', cases: 3, seizures: 4, quantity: 2.5 },
      { commodity: '=x', route: 'sea', unit: 'l', cases: 1, seizures: 1, quantity: 0.001 },
    ]);
    expect(Object.keys(parsed[0]!)).toEqual(['commodity', 'route', 'unit', 'cases', 'seizures', 'quantity']);
  });

  it('json of no rows is []', () => {
    expect(JSON.parse(writeTable(table([]), 'json'))).toEqual([]);
  });

  it('ndjson: one object per line', () => {
    const out = writeTable(table(rows), 'ndjson');
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({ commodity: 'drugs', route: 'air', unit: 'kg', cases: 3, seizures: 4, quantity: 2.5 });
    expect(writeTable(table([]), 'ndjson')).toBe('');
  });
});

describe('writeTable md', () => {
  it('a GitHub table: numeric columns right-aligned, | and ` escaped, empty cells kept', () => {
    const out = writeTable(table([['a|b', '`code`', '', 1, 2, 3.25]]), 'md');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('| commodity | route | unit | cases | seizures | quantity |');
    expect(lines[1]).toBe('| --- | --- | --- | ---: | ---: | ---: |');
    expect(lines[2]).toBe('| a\\|b | \\`code\\` |   | 1 | 2 | 3.25 |');
    // every row has as many unescaped pipes as the header
    const pipes = (s: string) => s.replace(/\\\|/g, '').split('|').length;
    expect(pipes(lines[2]!)).toBe(pipes(lines[0]!));
  });

  it('escapeMarkdown flattens line breaks and escapes a leading dash', () => {
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('*bold* _it_')).toBe('\\*bold\\* \\_it\\_');
  });
});
