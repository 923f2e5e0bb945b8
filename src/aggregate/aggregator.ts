import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';
import { CASE_BATCH, CaseSet } from './case-set.js';
import { DIMENSION_VALUE, type Dimension, type DimensionValue } from './dimensions.js';

/** One output row: the dimension values, then unit, cases, seizures, quantity. */
export interface AggregateRow {
  readonly dims: readonly string[];
  readonly unit: CanonicalUnit;
  readonly cases: number;
  readonly seizures: number;
  /** Sum in the canonical unit, rounded to 3 decimals. */
  readonly quantity: number;
  /** With a kg-equivalent factor table (see Aggregator): the estimate in kg, undefined when no item of the row has a factor. */
  readonly kgEquivalent?: number | undefined;
}

/** Kg per unit of a good (by subtype id) as UNODC estimates kg equivalents; undefined when there is no factor. */
export type KgFactor = (subtype: string, unit: CanonicalUnit) => number | undefined;

interface Group {
  dims: string[];
  unit: CanonicalUnit;
  seizures: number;
  /** Cases that totals rows stand for (they carry no case ids). */
  cases: number;
  index: number;
  sum: number;
  /** Neumaier compensation: exact to the last gram over a million rows. */
  comp: number;
  /** Kg-equivalent estimate, and how many items had a factor. */
  kg: number;
  kgItems: number;
}

/**
 * Group-by engine. Quantities of different canonical units are never added
 * together: the unit is always part of the group key. `cases` counts distinct
 * case ids per reporting country within the group.
 */
export class Aggregator {
  /** Nested maps, one level per dimension then unit: lookups reuse the strings' cached hashes, no key is built. */
  private readonly root = new Map<string, unknown>();
  private readonly list: Group[] = [];
  /** Distinct (group, case) pairs; a case is the 64-bit hash of reporting country + case id. */
  private readonly caseSeen: CaseSet;
  /** Case keys not yet in caseSeen (h1, h2, group index), added a batch at a time (see CaseSet). */
  private readonly pending1 = new Uint32Array(CASE_BATCH);
  private readonly pending2 = new Uint32Array(CASE_BATCH);
  private readonly pendingGroup = new Uint32Array(CASE_BATCH);
  private readonly fresh = new Uint8Array(CASE_BATCH);
  private pending = 0;
  private readonly getters: DimensionValue[];

  /**
   * @param splitUnits false groups across units: cases and seizures only (the
   * quantity of such a row is meaningless and reported as 0, unit ''). The case set starts small;
   * reserveCases sizes it for the records announced.
   */
  constructor(
    readonly dimensions: readonly Dimension[],
    private readonly phaseOrder: readonly string[] = [],
    private readonly splitUnits = true,
    private readonly kgFactor: KgFactor | undefined = undefined,
  ) {
    this.caseSeen = new CaseSet(1 << 14);
    this.getters = dimensions.map((d) => DIMENSION_VALUE[d]);
  }

  /** Adds an accepted record; (`case1`, `case2`) is the 64-bit hash of its case (reporting country + case id). */
  add(rec: SeizureRecord, phase: string, case1: number, case2: number): void {
    const g = this.getters;
    let level = this.root;
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!(rec, phase);
      let next = level.get(v) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(v, next);
      }
      level = next;
    }
    const unit = this.splitUnits ? rec.unit : ('' as CanonicalUnit);
    let group = level.get(unit) as Group | undefined;
    if (group === undefined) {
      group = { dims: g.map((get) => get(rec, phase)), unit, seizures: 0, cases: 0, sum: 0, comp: 0, kg: 0, kgItems: 0, index: this.list.length };
      level.set(unit, group);
      this.list.push(group);
    }
    group.seizures += rec.count;
    // Totals rows stand for `count` seizures of as many cases and carry no case id.
    if (rec.totals) group.cases += rec.count;
    else {
      const k = this.pending;
      this.pending1[k] = case1;
      this.pending2[k] = case2;
      this.pendingGroup[k] = group.index;
      if ((this.pending = k + 1) === CASE_BATCH) this.addPendingCases();
    }
    const t = group.sum + rec.quantity;
    group.comp += Math.abs(group.sum) >= Math.abs(rec.quantity) ? group.sum - t + rec.quantity : rec.quantity - t + group.sum;
    group.sum = t;
    if (this.kgFactor) this.addKg(group, rec.subtype, rec.unit, rec.quantity);
  }

  /** The case keys held back into the case set; each group counts its new ones. */
  private addPendingCases(): void {
    const n = this.pending;
    const fresh = this.fresh;
    const groups = this.pendingGroup;
    this.caseSeen.addMany(this.pending1, this.pending2, groups, n, fresh);
    for (let i = 0; i < n; i++) if (fresh[i] === 1) this.list[groups[i]!]!.cases++;
    this.pending = 0;
  }

  private addKg(group: Group, subtype: string, unit: CanonicalUnit, quantity: number): void {
    const f = this.kgFactor!(subtype, unit);
    if (f === undefined) return;
    group.kg += quantity * f;
    group.kgItems++;
  }

  /**
   * Adds one pre-aggregated row of a partial (see partial.ts): `value(d)` gives
   * its value for each dimension, `cases` its case keys as (h1, h2) pairs, so a
   * case whose items fall in several fine rows still counts once per group.
   */
  addFine(value: (d: Dimension) => string, unit: CanonicalUnit, seizures: number, quantity: number, totalsCases: number, cases: Uint32Array): void {
    const group = this.list[this.groupIndex(this.dimensions.map(value), unit)]!;
    if (this.kgFactor) this.addKg(group, value('subtype'), unit, quantity);
    group.seizures += seizures;
    group.cases += totalsCases;
    for (let i = 0; i + 1 < cases.length; i += 2) if (this.caseSeen.add(cases[i]!, cases[i + 1]!, group.index)) group.cases++;
    const t = group.sum + quantity;
    group.comp += Math.abs(group.sum) >= Math.abs(quantity) ? group.sum - t + quantity : quantity - t + group.sum;
    group.sum = t;
  }

  /** The index of the group of these dimension values and unit, created when new. */
  private groupIndex(dims: readonly string[], unit: CanonicalUnit): number {
    let level = this.root;
    for (const v of dims) {
      let next = level.get(v) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(v, next);
      }
      level = next;
    }
    const u = this.splitUnits ? unit : ('' as CanonicalUnit);
    let group = level.get(u) as Group | undefined;
    if (group === undefined) {
      group = { dims: [...dims], unit: u, seizures: 0, cases: 0, sum: 0, comp: 0, kg: 0, kgItems: 0, index: this.list.length };
      level.set(u, group);
      this.list.push(group);
    }
    return group.index;
  }

  /** Room for `extra` more case keys without rehashing the case set (RunCallbacks.onReserve; see `reserve` in src/util/hash.ts). */
  reserveCases(extra: number): void {
    this.caseSeen.reserve(extra);
  }

  /** Rows sorted by the dimensions (phases in campaign order) then canonical unit order. */
  rows(): AggregateRow[] {
    this.addPendingCases();
    const rows: AggregateRow[] = [];
    for (const g of this.list) {
      const row: AggregateRow = { dims: g.dims, unit: g.unit, cases: g.cases, seizures: g.seizures, quantity: this.splitUnits ? round3(g.sum + g.comp) : 0 };
      rows.push(this.kgFactor ? { ...row, kgEquivalent: g.kgItems > 0 ? round3(g.kg) : undefined } : row);
    }
    return sortRows(rows, this.dimensions, this.phaseOrder);
  }
}

/** Rows sorted by their dimensions (phases in campaign order, other values by code point), then canonical unit order. */
export function sortRows(rows: AggregateRow[], dims: readonly Dimension[], phaseOrder: readonly string[]): AggregateRow[] {
  const phaseRank = new Map(phaseOrder.map((p, i) => [p, i]));
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

/**
 * A quantity as tables show it: to 3 decimals (a gram of a kg), but a non-zero
 * quantity is never 0: below 0.001 it keeps three significant digits.
 */
export function round3(x: number): number {
  // Equivalent at the edges: 0 and 0.001 come out the same by either way (0, and 0.001 to three digits).
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (see above)
  if (x !== 0 && Math.abs(x) < 0.001) return Number(x.toPrecision(3));
  const r = Math.round((x + Number.EPSILON * Math.abs(x)) * 1000) / 1000;
  // Stryker disable next-line UnaryOperator: equivalent, r is never -0 here (-0 + 0 is +0; |x| ≥ 0.001 rounds away from 0), so -0 and +0 compare alike
  return Object.is(r, -0) ? 0 : r;
}
