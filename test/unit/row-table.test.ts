import { describe, expect, it } from 'vitest';
import { RowTable } from '../../src/aggregate/row-table.js';
import { mulberry32 as random } from '../helpers/random.js';

describe('RowTable', () => {
  it('numbers tuples 0, 1, 2 … in the order first seen and finds each again', () => {
    const t = new RowTable(3);
    expect([t.rowOf([0, 0, 0]), t.rowOf([1, 0, 0]), t.rowOf([0, 0, 1]), t.rowOf([1, 0, 0]), t.rowOf([0, 0, 0]), t.rowOf([0, 1, 0])]).toEqual([0, 1, 2, 1, 0, 3]);
    expect(t.size).toBe(4);
    expect([0, 1, 2].map((i) => t.at(2, i))).toEqual([0, 0, 1]);
  });

  it('keeps every row exact while it grows (60,000 look-ups of 30 × 40 × 25 × 5 tuples, against a Map by text)', () => {
    const t = new RowTable(4, 16);
    const byText = new Map<string, number>();
    const r = random(11);
    const got: number[] = [];
    const want: number[] = [];
    for (let n = 0; n < 60_000; n++) {
      const s = [Math.floor(r() * 30), Math.floor(r() * 40), Math.floor(r() * 25), Math.floor(r() * 5)];
      const key = s.join(',');
      const expected = byText.get(key) ?? byText.size;
      byText.set(key, expected);
      want.push(expected);
      got.push(t.rowOf(s));
    }
    expect(got).toEqual(want);
    expect(t.size).toBe(byText.size);
    expect([...byText].map(([, row]) => [0, 1, 2, 3].map((i) => t.at(row, i)).join(','))).toEqual([...byText.keys()]);
  });

  it('widens its codes from 16 to 32 bits when a code passes 65,535, keeping the rows before', () => {
    const t = new RowTable(2);
    expect(t.rowOf([65_535, 1])).toBe(0);
    expect(t.rowOf([65_536, 1])).toBe(1);
    expect(t.rowOf([70_000, 2])).toBe(2);
    expect([t.rowOf([65_535, 1]), t.rowOf([65_536, 1]), t.rowOf([70_000, 2])]).toEqual([0, 1, 2]);
    expect([t.at(0, 0), t.at(1, 0), t.at(2, 0), t.at(2, 1)]).toEqual([65_535, 65_536, 70_000, 2]);
  });

  it('tuples that differ in one code only are different rows (each hit checked against the codes)', () => {
    const t = new RowTable(12);
    const base = Array.from({ length: 12 }, (_, i) => i);
    expect(t.rowOf(base)).toBe(0);
    for (let i = 0; i < 12; i++) {
      const s = [...base];
      s[i]! += 1;
      expect(t.rowOf(s)).toBe(i + 1);
    }
    expect(t.rowOf(base)).toBe(0);
    expect(t.size).toBe(13);
  });
});
