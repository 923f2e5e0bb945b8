import type { AggregateRow } from './aggregator.js';

export interface Change {
  /** The value of the previous phase, or null when there is none to compare with. */
  previous: number | null;
  /** Percent change against it, or null ("n/a"): no previous phase, or it was 0. */
  percent: number | null;
}

export function change(current: number, previous: number | null | undefined): Change {
  if (previous === null || previous === undefined) return { previous: null, percent: null };
  return { previous, percent: previous === 0 ? null : ((current - previous) / previous) * 100 };
}

/** The figures of an aggregate row that can be compared. */
export type Figure = 'cases' | 'seizures' | 'quantity';

/**
 * The previous phase's rows of one aggregate (first dimension: the phase),
 * looked up by the other dimensions and the unit, for the comparisons of the
 * report and the summary. Without a previous phase every change is n/a; a
 * group the previous phase did not have compares with 0.
 */
export class PreviousPhase {
  private readonly byKey: Map<string, AggregateRow> | undefined;

  /** @param rows the previous phase's rows, or undefined when there is no previous phase. */
  constructor(rows: readonly AggregateRow[] | undefined) {
    if (!rows) return;
    this.byKey = new Map();
    for (const r of rows) {
      const key = keyOf(r.dims.slice(1), r.unit);
      if (!this.byKey.has(key)) this.byKey.set(key, r);
    }
  }

  /** `current` against the previous phase's `figure` of the group `keys` (the dimensions after the phase) in `unit` ('' for rows across units). */
  change(current: number, figure: Figure, keys: readonly string[] = [], unit = ''): Change {
    if (!this.byKey) return change(current, null);
    return change(current, this.byKey.get(keyOf(keys, unit))?.[figure] ?? 0);
  }
}

/** A key no two different groups share, whatever their values hold. */
function keyOf(keys: readonly string[], unit: string): string {
  return JSON.stringify([...keys, unit]);
}

/** The first row of each value of the first dimension (a phase, a running-total label). */
export function rowsByFirst(rows: readonly AggregateRow[]): ReadonlyMap<string, AggregateRow> {
  const out = new Map<string, AggregateRow>();
  for (const r of rows) if (!out.has(r.dims[0]!)) out.set(r.dims[0]!, r);
  return out;
}
