import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';
import { CASE_BATCH, CaseSet } from './case-set.js';
import { TupleIndex } from './tuple-index.js';
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

/** A group's figures, side by side in one Float64Array (FIGURES numbers a group). */
const SEIZURES = 0;
/** Cases: distinct case keys, and the cases totals rows stand for (they carry no case ids). */
const CASES = 1;
const SUM = 2;
/** Neumaier compensation: exact to the last gram over a million rows. */
const COMP = 3;
/** Kg-equivalent estimate, and how many items had a factor. */
const KG = 4;
const KG_ITEMS = 5;
const FIGURES = 6;

/**
 * Group-by engine. Quantities of different canonical units are never added
 * together: the unit is always part of the group key. `cases` counts distinct
 * case ids per reporting country within the group.
 */
export class Aggregator {
  /** Groups by their dimension values and unit (the last position of the tuple): see TupleIndex. */
  private readonly index: TupleIndex;
  /** Each group's figures (see SEIZURES …), grown as groups come. */
  private figures = new Float64Array(64 * FIGURES);
  /** Distinct (group, case) pairs; a case is the 64-bit hash of reporting country + case id. */
  private readonly caseSeen: CaseSet;
  /** Case keys not yet in caseSeen (h1, h2, group), added a batch at a time (see CaseSet). */
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
    this.index = new TupleIndex(dimensions.length + 1);
  }

  /** Adds an accepted record; (`case1`, `case2`) is the 64-bit hash of its case (reporting country + case id). */
  add(rec: SeizureRecord, phase: string, case1: number, case2: number): void {
    const g = this.getters;
    const index = this.index;
    for (let i = 0; i < g.length; i++) index.setValue(i, g[i]!(rec, phase));
    index.setValue(g.length, this.splitUnits ? rec.unit : '');
    const group = this.groupOf();
    const f = this.figures;
    const at = group * FIGURES;
    f[at + SEIZURES]! += rec.count;
    // Totals rows stand for `count` seizures of as many cases and carry no case id.
    if (rec.totals) f[at + CASES]! += rec.count;
    else {
      const k = this.pending;
      this.pending1[k] = case1;
      this.pending2[k] = case2;
      this.pendingGroup[k] = group;
      if ((this.pending = k + 1) === CASE_BATCH) this.addPendingCases();
    }
    addQuantity(f, at, rec.quantity);
    if (this.kgFactor) this.addKg(at, rec.subtype, rec.unit, rec.quantity);
  }

  /** The group of the tuple set in the index, its figures made room for when new. */
  private groupOf(): number {
    const group = this.index.group();
    if ((group + 1) * FIGURES > this.figures.length) {
      const f = new Float64Array(this.figures.length * 2);
      f.set(this.figures);
      this.figures = f;
    }
    return group;
  }

  /** The case keys held back into the case set; each group counts its new ones. */
  private addPendingCases(): void {
    const n = this.pending;
    const fresh = this.fresh;
    const groups = this.pendingGroup;
    this.caseSeen.addMany(this.pending1, this.pending2, groups, n, fresh);
    const f = this.figures;
    for (let i = 0; i < n; i++) if (fresh[i] === 1) f[groups[i]! * FIGURES + CASES]!++;
    this.pending = 0;
  }

  private addKg(at: number, subtype: string, unit: CanonicalUnit, quantity: number): void {
    const factor = this.kgFactor!(subtype, unit);
    if (factor === undefined) return;
    this.figures[at + KG]! += quantity * factor;
    this.figures[at + KG_ITEMS]!++;
  }

  /**
   * Adds one pre-aggregated row of a partial (see partial.ts): `value(d)` gives
   * its value for each dimension, `cases` its case keys as (h1, h2) pairs, so a
   * case whose items fall in several fine rows still counts once per group.
   */
  addFine(value: (d: Dimension) => string, unit: CanonicalUnit, seizures: number, quantity: number, totalsCases: number, cases: Uint32Array): void {
    const dims = this.dimensions;
    for (let i = 0; i < dims.length; i++) this.index.setValue(i, value(dims[i]!));
    this.index.setValue(dims.length, this.splitUnits ? unit : '');
    const group = this.groupOf();
    const at = group * FIGURES;
    if (this.kgFactor) this.addKg(at, value('subtype'), unit, quantity);
    const f = this.figures;
    f[at + SEIZURES]! += seizures;
    f[at + CASES]! += totalsCases;
    for (let i = 0; i + 1 < cases.length; i += 2) if (this.caseSeen.add(cases[i]!, cases[i + 1]!, group)) f[at + CASES]!++;
    addQuantity(f, at, quantity);
  }

  /** Room for `extra` more case keys without rehashing the case set (RunCallbacks.onReserve; see `reserve` in src/util/hash.ts). */
  reserveCases(extra: number): void {
    this.caseSeen.reserve(extra);
  }

  /** Rows sorted by the dimensions (phases in campaign order) then canonical unit order. */
  rows(): AggregateRow[] {
    this.addPendingCases();
    const rows: AggregateRow[] = [];
    const { index, figures: f } = this;
    const w = this.dimensions.length;
    for (let g = 0; g < index.size; g++) {
      const at = g * FIGURES;
      const dims: string[] = [];
      for (let i = 0; i < w; i++) dims.push(index.value(g, i));
      const unit = index.value(g, w) as CanonicalUnit;
      const row: AggregateRow = { dims, unit, cases: f[at + CASES]!, seizures: f[at + SEIZURES]!, quantity: this.splitUnits ? round3(f[at + SUM]! + f[at + COMP]!) : 0 };
      rows.push(this.kgFactor ? { ...row, kgEquivalent: f[at + KG_ITEMS]! > 0 ? round3(f[at + KG]!) : undefined } : row);
    }
    return sortRows(rows, this.dimensions, this.phaseOrder);
  }
}

/** Adds a quantity to the group's sum at `at` (Neumaier: the compensation keeps what the sum loses). */
function addQuantity(f: Float64Array, at: number, quantity: number): void {
  const sum = f[at + SUM]!;
  const t = sum + quantity;
  f[at + COMP]! += Math.abs(sum) >= Math.abs(quantity) ? sum - t + quantity : quantity - t + sum;
  f[at + SUM] = t;
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
