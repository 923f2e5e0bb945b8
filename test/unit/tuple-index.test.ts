import { describe, expect, it } from 'vitest';
import { TupleIndex } from '../../src/aggregate/tuple-index.js';

/** The group of a tuple of values (each position by setValue). */
function groupOf(index: TupleIndex, values: readonly string[]): number {
  values.forEach((v, i) => index.setValue(i, v));
  return index.group();
}

describe('TupleIndex', () => {
  it('numbers each position\'s values, and the groups, in the order they come', () => {
    const t = new TupleIndex(2);
    expect(t.setValue(0, 'drugs')).toBe(0);
    expect(t.setValue(0, 'tobacco')).toBe(1);
    expect(t.setValue(0, 'drugs')).toBe(0);
    // Positions have codes of their own.
    expect(t.setValue(1, 'tobacco')).toBe(0);
    expect(t.setValue(1, 'kg')).toBe(1);
    expect(groupOf(t, ['drugs', 'kg'])).toBe(0);
    expect(groupOf(t, ['tobacco', 'kg'])).toBe(1);
    expect(groupOf(t, ['drugs', 'tobacco'])).toBe(2);
    expect(groupOf(t, ['drugs', 'kg'])).toBe(0);
    expect(t.size).toBe(3);
    expect([t.value(1, 0), t.value(1, 1)]).toEqual(['tobacco', 'kg']);
    expect([t.code(2, 0), t.code(2, 1)]).toEqual([0, 0]);
  });

  it('tells apart tuples of the same codes in another order, and takes codes of the caller\'s own', () => {
    const t = new TupleIndex(3);
    t.setCode(0, 1);
    t.setCode(1, 2);
    t.setCode(2, 3);
    expect(t.group()).toBe(0);
    t.setCode(0, 3);
    t.setCode(1, 2);
    t.setCode(2, 1);
    expect(t.group()).toBe(1);
    t.setCode(0, 1);
    t.setCode(1, 2);
    t.setCode(2, 3);
    expect(t.group()).toBe(0);
    expect([t.code(1, 0), t.code(1, 1), t.code(1, 2)]).toEqual([3, 2, 1]);
  });

  it('keeps every group past its first capacity (tuples and slots grown), found again by the same number', () => {
    const t = new TupleIndex(3, 4);
    const tuples: string[][] = [];
    for (let a = 0; a < 20; a++) for (let b = 0; b < 15; b++) for (let c = 0; c < 4; c++) tuples.push([`a${a}`, `b${b}`, `c${(a + b + c) % 7}`]);
    const first = tuples.map((v) => groupOf(t, v));
    const distinct = new Set(tuples.map((v) => v.join('|'))).size;
    expect(t.size).toBe(distinct);
    // Numbered in order of arrival: each new tuple gets the next number.
    let next = 0;
    const seen = new Map<string, number>();
    for (const v of tuples) if (!seen.has(v.join('|'))) seen.set(v.join('|'), next++);
    expect(first).toEqual(tuples.map((v) => seen.get(v.join('|'))));
    expect(tuples.map((v) => groupOf(t, v))).toEqual(first);
    for (let g = 0; g < t.size; g++) expect(seen.get([t.value(g, 0), t.value(g, 1), t.value(g, 2)].join('|'))).toBe(g);
  });

  it('finds every one of 5000 groups again, in any order (slots shared by their hashes, the table grown from one tuple)', () => {
    const t = new TupleIndex(1, 1);
    const groups: number[] = [];
    for (let i = 0; i < 5000; i++) {
      t.setCode(0, i * 1024);
      groups.push(t.group());
    }
    expect(groups).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    for (let i = 4999; i >= 0; i--) {
      t.setCode(0, i * 1024);
      expect(t.group()).toBe(i);
    }
    expect(t.size).toBe(5000);
  });

  it('has no tuple in a table of width 0 but the empty one', () => {
    const t = new TupleIndex(0);
    expect(t.group()).toBe(0);
    expect(t.group()).toBe(0);
    expect(t.size).toBe(1);
  });
});
