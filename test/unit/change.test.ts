import { describe, expect, it } from 'vitest';
import type { AggregateRow } from '../../src/aggregate/aggregator.js';
import { change, PreviousPhase, rowsByFirst } from '../../src/aggregate/change.js';

const row = (dims: string[], unit: string, cases: number, seizures: number, quantity = 0): AggregateRow => ({ dims, unit: unit as AggregateRow['unit'], cases, seizures, quantity });

describe('change', () => {
  it('percent against the previous value; n/a without one or against 0', () => {
    expect(change(15, 10)).toEqual({ previous: 10, percent: 50 });
    expect(change(5, 10)).toEqual({ previous: 10, percent: -50 });
    expect(change(3, 0)).toEqual({ previous: 0, percent: null });
    expect(change(3, null)).toEqual({ previous: null, percent: null });
    expect(change(3, undefined)).toEqual({ previous: null, percent: null });
  });
});

describe('PreviousPhase', () => {
  const rows = [
    row(['p1', 'drugs'], '', 4, 6),
    row(['p1', 'tobacco'], '', 1, 1),
    row(['p1', 'drugs'], 'kg', 4, 5, 12.5),
    row(['p1', 'drugs'], 'l', 1, 1, 2),
  ];

  it('looks a group up by the dimensions after the phase, and its unit', () => {
    const prev = new PreviousPhase(rows);
    expect(prev.change(8, 'cases', ['drugs'])).toEqual({ previous: 4, percent: 100 });
    expect(prev.change(3, 'seizures', ['drugs'])).toEqual({ previous: 6, percent: -50 });
    expect(prev.change(25, 'quantity', ['drugs'], 'kg')).toEqual({ previous: 12.5, percent: 100 });
    expect(prev.change(1, 'quantity', ['drugs'], 'l')).toEqual({ previous: 2, percent: -50 });
  });

  it('a group the previous phase did not have compares with 0 (n/a percent)', () => {
    const prev = new PreviousPhase(rows);
    expect(prev.change(2, 'cases', ['cites'])).toEqual({ previous: 0, percent: null });
    expect(prev.change(2, 'quantity', ['drugs'], 'pieces')).toEqual({ previous: 0, percent: null });
  });

  it('no previous phase: every change is n/a', () => {
    expect(new PreviousPhase(undefined).change(8, 'cases', ['drugs'])).toEqual({ previous: null, percent: null });
    // an empty previous phase is still a previous phase
    expect(new PreviousPhase([]).change(8, 'cases', ['drugs'])).toEqual({ previous: 0, percent: null });
  });

  it('keys cannot run into each other, whatever the values hold', () => {
    const prev = new PreviousPhase([row(['p1', 'a\u001fb', ''], '', 7, 7)]);
    expect(prev.change(1, 'cases', ['a', 'b\u001f'])).toEqual({ previous: 0, percent: null });
    expect(prev.change(14, 'cases', ['a\u001fb', ''])).toEqual({ previous: 7, percent: 100 });
  });
});

describe('rowsByFirst', () => {
  it('the first row of each value of the first dimension', () => {
    const byPhase = rowsByFirst([row(['p1'], '', 1, 1), row(['p2'], '', 2, 2), row(['p1'], 'kg', 3, 3)]);
    expect([...byPhase.keys()]).toEqual(['p1', 'p2']);
    expect(byPhase.get('p1')?.cases).toBe(1);
  });
});
