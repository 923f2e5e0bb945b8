import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/normalize/number.js';

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
