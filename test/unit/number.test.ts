import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/normalize/number.js';
import { plainNumber } from '../../src/validate/record-fields.js';

describe('parseNumber with decimal "."', () => {
  it.each([
    ['1.5', 1.5],
    ['42', 42],
    [' 42 ', 42],
    ['0.001', 0.001],
    ['.5', 0.5],
    ['-3', -3],
    ['+3', 3],
    ['1,234', 1234],
    ['1,234,567.8', 1234567.8],
    ['1 234 567.8', 1234567.8],
    ['1\u00a0234.5', 1234.5], // no-break space
    ['1\u202f234.5', 1234.5], // narrow no-break space (French/Swiss exports)
    ["1'234.5", 1234.5], // Swiss apostrophe
  ])('%j → %d', (raw, expected) => {
    expect(parseNumber(raw, '.')).toBe(expected);
  });

  it.each([
    ['1,5', 'a comma can only group thousands when "." is the decimal mark'],
    ['1,23', 'group of two digits'],
    ['1,2345', 'group of four digits'],
    ['1.234,5', 'European style under "."'],
    ['1.000.000', 'dots as thousands under "."'],
    ['NaN', 'not finite'],
    ['Infinity', 'not finite'],
    ['-Infinity', 'not finite'],
    ['1e400', 'overflows to Infinity'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['abc', 'text'],
    ['1.2.3', 'two decimal marks'],
    ['0x10', 'hex'],
    ['1_000', 'underscore'],
    ['12 kg', 'unit inside the cell'],
  ])('%j → NaN (%s)', (raw) => {
    expect(parseNumber(raw, '.')).toBeNaN();
  });
});

describe('parseNumber with decimal ","', () => {
  it.each([
    ['1,5', 1.5],
    ['0,25', 0.25],
    [',5', 0.5],
    ['12', 12],
    ['1.234', 1234],
    ['1.234.567,8', 1234567.8],
    ['1 234 567,8', 1234567.8],
    ['1\u00a0234,5', 1234.5],
    ['1234,5678', 1234.5678],
  ])('%j → %d', (raw, expected) => {
    expect(parseNumber(raw, ',')).toBe(expected);
  });

  it.each([
    ['1,234.5', 'US style under ","'],
    ['1.5', 'a dot that cannot be a thousands separator'],
    ['1.23', 'a dot with two digits after it'],
    ['1,2,3', 'two decimal commas'],
    ['1.234,5.6', 'garbage'],
    ['NaN', 'not finite'],
    ['1e400', 'overflows'],
  ])('%j → NaN (%s)', (raw) => {
    expect(parseNumber(raw, ',')).toBeNaN();
  });

  it('defaults to decimal "."', () => {
    expect(parseNumber('1,234')).toBe(1234);
    expect(parseNumber('2.5')).toBe(2.5);
  });
});

describe('plainNumber (the fast lane of parseNumber with decimal ".")', () => {
  it('gives the very double Number gives, up to 15 digits from its own digits and past them from Number', () => {
    const cases = ['0', '7', '007', '33', '0.008', '.5', '5.', '0.1', '0.3', '2.675', '1234567.891', '0.000125', '999999999999999', '99999999999999.9',
      '9007199254740993', '12345678901234567.8', '0.1234567890123456789', '123456789012345678901234567890'];
    for (const s of cases) expect(Object.is(plainNumber(s), Number(s)), s).toBe(true);
  });

  it('agrees with Number on random digit strings with at most one dot', () => {
    let x = 2024;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x;
    };
    for (let i = 0; i < 20_000; i++) {
      const len = 1 + (next() % 18);
      let s = '';
      for (let j = 0; j < len; j++) s += String(next() % 10);
      const dot = next() % (len + 2);
      if (dot <= len) s = s.slice(0, dot) + '.' + s.slice(dot);
      expect(plainNumber(s), s).toBe(Number(s));
    }
  });

  it('hands anything else to parseNumber', () => {
    for (const s of ['', '.', '1.2.3', '1,234.5', ' 12 ', '1e3', '-4', 'abc', '1'.repeat(301)]) expect(Object.is(plainNumber(s), parseNumber(s, '.')), s).toBe(true);
  });
});
