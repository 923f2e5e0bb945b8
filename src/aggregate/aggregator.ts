import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';
import { DIMENSION_VALUE, type Dimension, type DimensionValue } from './dimensions.js';

/** One output row: the dimension values, then unit, cases, seizures, quantity. */
export interface AggregateRow {
  readonly dims: readonly string[];
  readonly unit: CanonicalUnit;
  readonly cases: number;
  readonly seizures: number;
  /** Sum in the canonical unit, rounded to 3 decimals. */
  readonly quantity: number;
}

interface Group {
  dims: string[];
  unit: CanonicalUnit;
  seizures: number;
  /** Cases that totals rows stand for (they carry no case ids). */
  totalsCases: number;
  caseKeys: Set<string>;
  sum: number;
  /** Neumaier compensation: exact to the last gram over a million rows. */
  comp: number;
}

/**
 * Group-by engine. Quantities of different canonical units are never added
 * together: the unit is always part of the group key. `cases` counts distinct
 * case ids per reporting country within the group.
 */
export class Aggregator {
  private readonly groups = new Map<string, Group>();
  private readonly getters: DimensionValue[];

  constructor(
    readonly dimensions: readonly Dimension[],
    private readonly phaseOrder: readonly string[] = [],
  ) {
    this.getters = dimensions.map((d) => DIMENSION_VALUE[d]);
  }

  /** Adds an accepted record; `caseKey` identifies its case (reporting country + case id). */
  add(rec: SeizureRecord, phase: string, caseKey: string): void {
    const g = this.getters;
    let key = rec.unit;
    const dims = new Array<string>(g.length);
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!(rec, phase);
      dims[i] = v;
      key += '\u001f' + v;
    }
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { dims, unit: rec.unit, seizures: 0, totalsCases: 0, caseKeys: new Set(), sum: 0, comp: 0 };
      this.groups.set(key, group);
    }
    group.seizures += rec.count;
    if (rec.totals) group.totalsCases += rec.count;
    else group.caseKeys.add(caseKey);
    const t = group.sum + rec.quantity;
    group.comp += Math.abs(group.sum) >= Math.abs(rec.quantity) ? group.sum - t + rec.quantity : rec.quantity - t + group.sum;
    group.sum = t;
  }

  /** Rows sorted by the dimensions (phases in campaign order) then canonical unit order. */
  rows(): AggregateRow[] {
    const rows: AggregateRow[] = [];
    for (const g of this.groups.values()) {
      rows.push({ dims: g.dims, unit: g.unit, cases: g.caseKeys.size + g.totalsCases, seizures: g.seizures, quantity: round3(g.sum + g.comp) });
    }
    const phaseRank = new Map(this.phaseOrder.map((p, i) => [p, i]));
    const dims = this.dimensions;
    rows.sort((a, b) => {
      for (let i = 0; i < dims.length; i++) {
        const x = a.dims[i]!;
        const y = b.dims[i]!;
        if (x === y) continue;
        if (dims[i] === 'phase') return (phaseRank.get(x) ?? 1e9) - (phaseRank.get(y) ?? 1e9) || (x < y ? -1 : 1);
        return x < y ? -1 : 1;
      }
      return CANONICAL_UNITS.indexOf(a.unit) - CANONICAL_UNITS.indexOf(b.unit);
    });
    return rows;
  }
}

export function round3(x: number): number {
  const r = Math.round((x + Number.EPSILON * Math.abs(x)) * 1000) / 1000;
  return Object.is(r, -0) ? 0 : r;
}
