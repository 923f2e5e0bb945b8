import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';
import { HashSet64, HashSlots } from '../util/hash.js';
import { round3, sortRows, type AggregateRow } from './aggregator.js';
import type { Dimension } from './dimensions.js';
import { RecordCoder, UNIT_CODE, type ValueCodes } from './record-codes.js';
import { RowTable } from './row-table.js';

/**
 * One aggregation per record, at a fine grain (dimensions × canonical unit),
 * from which any coarser table is derived exactly: what a report needs from
 * each record, computed once whatever the number of its tables.
 *
 * Rows are kept as columns of typed arrays: each dimension's value as a small
 * code, the unit, seizures, the compensated sum, and the cases that totals
 * rows stand for. Cases stay exact when regrouped: each distinct case (a
 * 64-bit hash of reporting country + case id) is numbered once (CaseNumbers,
 * which several aggregations of the same records may share) and remembers
 * its row; the few cases whose items fall in several rows (a multi-item case
 * with two goods, or two units) keep each (case, row) pair, so a derived group
 * counts such a case once however many of its rows it gathers.
 */
/** A table derived from the fine rows: its dimensions (each one of the grain's), per canonical unit or not. */
export interface TableSpec {
  readonly dims: readonly Dimension[];
  readonly splitUnits: boolean;
  /** Only the fine rows whose value of `dim` (one of the grain's) is in `values` (e.g. the phases up to one: campaign to date). */
  readonly where?: { readonly dim: Dimension; readonly values: ReadonlySet<string> };
}

/** A table being derived: where its key is in a row's codes, how it is looked up, and its groups' figures. */
interface TablePart {
  readonly at: readonly number[];
  /** Per code of the `where` dimension, whether its rows count (undefined: every row). */
  readonly keep: { readonly at: number; readonly codes: Uint8Array } | undefined;
  readonly split: boolean;
  readonly positions: Int32Array;
  readonly radix: Float64Array;
  readonly dense: Int32Array | undefined;
  readonly exact: boolean;
  /** Per fine row: its group, or −1 when the row does not count (`where`); filled by the pass over the rows. */
  readonly rowGroup: Int32Array;
  readonly map: Map<number | string, number>;
  readonly groups: { dims: string[]; unit: CanonicalUnit }[];
  readonly seizures: number[];
  readonly cases: number[];
  readonly sum: number[];
  readonly comp: number[];
}

/** Numbers distinct cases (64-bit hashes) 0, 1, 2 … in the order first seen. */
export class CaseNumbers {
  private readonly index = new HashSlots(1 << 14);

  /** The case's number, given when new. */
  of(h1: number, h2: number): number {
    const found = this.index.insert(h1, h2);
    return found === -1 ? this.index.size - 1 : found;
  }

  /** Room for `extra` more cases without growing while records stream in. */
  reserve(extra: number): void {
    this.index.reserve(extra);
  }

  /** Cases about to be numbered: their entries are fetched now, so the cache misses overlap (HashSlots.touch). */
  // Stryker disable next-line BlockStatement: equivalent, a fetch ahead numbers nothing (only when the cache misses come changes)
  expect(h1: Uint32Array, h2: Uint32Array, n: number): void {
    // Stryker disable next-line EqualityOperator: equivalent, touching one entry more or none numbers nothing
    for (let i = 0; i < n; i++) this.index.touch(h1[i]!, h2[i]!);
  }

  /** Cases numbered so far. */
  get size(): number {
    return this.index.size;
  }
}

export class FineAggregator {
  /** Codes the records this aggregation is given whole (add, addNumbered); its dictionaries are the grain's. */
  private readonly coder: RecordCoder;
  /** Per dimension of the grain: code → value. */
  private readonly valueOf: readonly string[][];
  private readonly dictionaries: readonly ValueCodes[];
  /** The rows by their codes (the dimensions', then the unit's). */
  private readonly table: RowTable;
  private seizures: Float64Array;
  private sum: Float64Array;
  private comp: Float64Array;
  /** Allocated at the first totals row (most campaigns have none). */
  private totalsCases: Float64Array | undefined;
  private readonly scratch: Uint32Array;
  /** Per case number: its first row + 1 (0: no item of the case here yet); whether it has more than one. */
  private caseRow = new Int32Array(1 << 14);
  private caseMulti = new Uint8Array(1 << 14);
  /** (case, row) pairs of the cases in several rows, each once. */
  private readonly pairSeen = new HashSet64(1 << 10);
  private pairs: number[] = [];
  /** Per row, its cases in no other row, kept as cases come (a case counts in its first row until a second row takes it). */
  private single: Float64Array;
  /** The pairs' rows by case, and where each case's end (rowsByCase): computed at the first derivation (cleared by any add). */
  private byCase: { rows: Int32Array; ends: Int32Array } | undefined;
  /** The row the last record went to (addNumbered, addCoded). */
  lastRow = -1;

  /**
   * @param cases shared by aggregations of the same records (each numbers a case the same), else its own.
   * @param dictionaries one per dimension of the grain, shared by aggregations of the same records that
   *   code a record once for all of them (addCoded), else its own.
   */
  constructor(
    readonly grain: readonly Dimension[],
    private readonly cases = new CaseNumbers(),
    dictionaries?: readonly ValueCodes[],
  ) {
    this.coder = new RecordCoder(grain, dictionaries);
    this.dictionaries = this.coder.dictionaries;
    this.valueOf = this.dictionaries.map((d) => d.values);
    this.table = new RowTable(grain.length + 1);
    this.scratch = new Uint32Array(grain.length + 1);
    const cap = 1 << 10;
    this.seizures = new Float64Array(cap);
    this.sum = new Float64Array(cap);
    this.comp = new Float64Array(cap);
    this.single = new Float64Array(cap);
  }

  /** Fine rows so far. */
  get size(): number {
    return this.table.size;
  }

  /** Adds an accepted record; (`case1`, `case2`) is the 64-bit hash of its case. */
  add(rec: SeizureRecord, phase: string, case1: number, case2: number): void {
    this.addNumbered(rec, phase, rec.totals ? -1 : this.cases.of(case1, case2));
  }

  /** Adds an accepted record of case number `caseNo` (this aggregation's CaseNumbers'); -1 for a totals row. */
  addNumbered(rec: SeizureRecord, phase: string, caseNo: number): void {
    this.coder.encode(rec, phase);
    this.addCoded(this.coder.codes, rec.count, rec.quantity, rec.totals ? rec.count : 0, caseNo);
  }

  /**
   * Adds a record already coded: `codes[i]` its code of grain dimension `i` (by this aggregation's
   * dictionaries), `codes[grain.length]` its unit's; case number `caseNo`, or -1 (a totals row).
   */
  addCoded(codes: ArrayLike<number>, seizures: number, quantity: number, totalsCases: number, caseNo: number): void {
    const row = this.rowOf(codes);
    this.lastRow = row;
    this.byCase = undefined;
    this.addFigures(row, seizures, quantity, totalsCases);
    if (caseNo >= 0) this.addCase(row, caseNo);
  }

  /** The value of the grain's dimension `at` (its index in the grain) in fine row `row`. */
  valueAt(row: number, at: number): string {
    return this.valueOf[at]![this.table.at(row, at)]!;
  }

  /** The canonical unit of fine row `row`. */
  unitAt(row: number): CanonicalUnit {
    return CANONICAL_UNITS[this.table.at(row, this.grain.length)]!;
  }

  /** Adds a pre-aggregated row (a partial's): its value of each grain dimension, and its cases as (h1, h2) pairs. */
  addFine(value: (d: Dimension) => string, unit: CanonicalUnit, seizures: number, quantity: number, totalsCases: number, cases: Uint32Array): void {
    const numbers = new Float64Array(cases.length >> 1);
    for (let i = 0; i < numbers.length; i++) numbers[i] = this.cases.of(cases[2 * i]!, cases[2 * i + 1]!);
    this.addFineNumbered(value, unit, seizures, quantity, totalsCases, numbers);
  }

  /** addFine with the row's cases as numbers (this aggregation's CaseNumbers'). */
  addFineNumbered(value: (d: Dimension) => string, unit: CanonicalUnit, seizures: number, quantity: number, totalsCases: number, caseNos: ArrayLike<number>): void {
    const s = this.scratch;
    for (let i = 0; i < this.grain.length; i++) s[i] = this.dictionaries[i]!.code(value(this.grain[i]!));
    s[this.grain.length] = UNIT_CODE.get(unit) ?? -1;
    const row = this.rowOf(s);
    this.byCase = undefined;
    this.addFigures(row, seizures, quantity, totalsCases);
    for (let i = 0; i < caseNos.length; i++) this.addCase(row, caseNos[i]!);
  }

  /** Room for `extra` more cases without growing the case tables while records stream in. */
  reserveCases(extra: number): void {
    this.cases.reserve(extra);
  }

  /** The row of these codes, created (with figures at 0) when new. */
  private rowOf(s: ArrayLike<number>): number {
    const row = this.table.rowOf(s);
    if (row >= this.seizures.length) this.growRows(Math.ceil(this.seizures.length * 1.5));
    return row;
  }

  private growRows(cap: number): void {
    const grow = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.seizures = grow(this.seizures);
    this.sum = grow(this.sum);
    this.comp = grow(this.comp);
    this.single = grow(this.single);
    if (this.totalsCases) this.totalsCases = grow(this.totalsCases);
  }

  private addFigures(row: number, seizures: number, quantity: number, totalsCases: number): void {
    this.seizures[row]! += seizures;
    if (totalsCases !== 0) (this.totalsCases ??= new Float64Array(this.seizures.length))[row]! += totalsCases;
    const sum = this.sum[row]!;
    const t = sum + quantity;
    this.comp[row]! += Math.abs(sum) >= Math.abs(quantity) ? sum - t + quantity : quantity - t + sum;
    this.sum[row] = t;
  }

  private addCase(row: number, k: number): void {
    if (k >= this.caseRow.length) this.growCases(k);
    const first = this.caseRow[k]! - 1;
    if (first === -1) {
      this.caseRow[k] = row + 1;
      this.single[row]!++;
      return;
    }
    if (first === row && this.caseMulti[k] === 0) return;
    if (this.caseMulti[k] === 0) {
      this.caseMulti[k] = 1;
      this.single[first]!--;
      this.pair(k, first);
    }
    this.pair(k, row);
  }

  private pair(k: number, row: number): void {
    if (this.pairSeen.add(k, row, 1)) this.pairs.push(k, row);
  }

  /**
   * Room in the per-case arrays for case numbers below `n`, made once before the records
   * come instead of by doubling as they do: each doubling left the arrays before it to the
   * garbage collector (3 grains × 5 bytes a case: ~15 MB of a 1M-row build's peak when no
   * major collection came between the last doubling and the end of the read).
   */
  reserveCaseRows(n: number): void {
    if (n > this.caseRow.length) this.resizeCases(n);
  }

  /** Per-case arrays allocated so far (reserveCaseRows, growCases). */
  get caseCapacity(): number {
    return this.caseRow.length;
  }

  private growCases(k: number): void {
    let n = this.caseRow.length * 2;
    while (n <= k) n *= 2;
    this.resizeCases(n);
  }

  private resizeCases(n: number): void {
    const rows = new Int32Array(n);
    rows.set(this.caseRow);
    this.caseRow = rows;
    const multi = new Uint8Array(n);
    multi.set(this.caseMulti);
    this.caseMulti = multi;
  }

  /**
   * The rows `new Aggregator(dims, phaseOrder, splitUnits)` would give for the
   * same records: grouped by `dims` (each one of the grain's), per canonical
   * unit when `splitUnits` (else unit '' and quantity 0).
   */
  rows(dims: readonly Dimension[], phaseOrder: readonly string[], splitUnits: boolean): AggregateRow[] {
    return this.tables([{ dims, splitUnits }], phaseOrder)[0]!;
  }

  /** Several tables (as `rows` gives each) in one pass over the fine rows. */
  tables(specs: readonly TableSpec[], phaseOrder: readonly string[]): AggregateRow[][] {
    const parts = specs.map((spec) => this.tablePart(spec));
    const single = this.single;
    const totals = this.totalsCases;
    for (let r = 0; r < this.table.size; r++) {
      const cases = single[r]! + (totals ? totals[r]! : 0);
      const q = this.sum[r]! + this.comp[r]!;
      const seizures = this.seizures[r]!;
      for (let p = 0; p < parts.length; p++) {
        const part = parts[p]!;
        if (!this.kept(part, r)) continue;
        const g = (part.rowGroup[r] = this.groupIn(part, r));
        part.seizures[g]! += seizures;
        part.cases[g]! += cases;
        const sum = part.sum[g]!;
        const t = sum + q;
        part.comp[g]! += Math.abs(sum) >= Math.abs(q) ? sum - t + q : q - t + sum;
        part.sum[g] = t;
      }
    }
    this.addMultiRowCases(parts);
    return parts.map((part, p) => {
      const split = specs[p]!.splitUnits;
      const rows = part.groups.map((grp, g): AggregateRow => ({ dims: grp.dims, unit: grp.unit, cases: part.cases[g]!, seizures: part.seizures[g]!, quantity: split ? round3(part.sum[g]! + part.comp[g]!) : 0 }));
      return sortRows(rows, specs[p]!.dims, phaseOrder);
    });
  }

  /**
   * Cases in several fine rows: once per group they fall in, whatever the
   * number of their rows there. Each such case's rows, side by side (pairs by
   * case), are looked up in each table's groups (TablePart.rowGroup) and the
   * distinct groups counted.
   */
  private addMultiRowCases(parts: readonly TablePart[]): void {
    const { rows, ends } = (this.byCase ??= rowsByCase(this.pairs));
    // The groups of one case's rows so far (a case has few rows); no array made per case.
    let seen = new Int32Array(16);
    for (const part of parts) {
      const rowGroup = part.rowGroup;
      const cases = part.cases;
      for (let c = 0, start = 0; c < ends.length; start = ends[c++]!) {
        const end = ends[c]!;
        if (end - start > seen.length) seen = new Int32Array(end - start);
        let n = 0;
        for (let i = start; i < end; i++) {
          const g = rowGroup[rows[i]!]!;
          if (g < 0) continue;
          let j = 0;
          while (j < n && seen[j] !== g) j++;
          if (j < n) continue;
          seen[n++] = g;
          cases[g]!++;
        }
      }
    }
  }

  private tablePart(spec: TableSpec): TablePart {
    const w = this.grain.length + 1;
    const at = spec.dims.map((d) => {
      const i = this.grain.indexOf(d);
      if (i < 0) throw new Error(`${d} is not a dimension of this aggregation's grain`);
      return i;
    });
    const positions = spec.splitUnits ? [...at, w - 1] : [...at];
    const radix = positions.map((i) => (i === w - 1 ? CANONICAL_UNITS.length : this.valueOf[i]!.length));
    const combinations = radix.reduce((a, b) => a * b, 1);
    let keep: TablePart['keep'];
    if (spec.where) {
      const i = this.grain.indexOf(spec.where.dim);
      if (i < 0) throw new Error(`${spec.where.dim} is not a dimension of this aggregation's grain`);
      const values = spec.where.values;
      keep = { at: i, codes: Uint8Array.from(this.valueOf[i]!, (v) => (values.has(v) ? 1 : 0)) };
    }
    return {
      at,
      keep,
      split: spec.splitUnits,
      positions: Int32Array.from(positions),
      radix: Float64Array.from(radix),
      dense: combinations <= 1 << 22 ? new Int32Array(combinations).fill(-1) : undefined,
      exact: combinations <= Number.MAX_SAFE_INTEGER,
      rowGroup: new Int32Array(this.table.size).fill(-1),
      map: new Map(),
      groups: [],
      seizures: [],
      cases: [],
      sum: [],
      comp: [],
    };
  }

  /** Whether fine row `r` counts in a table (its `where`). */
  private kept(part: TablePart, r: number): boolean {
    const keep = part.keep;
    return keep === undefined || keep.codes[this.table.at(r, keep.at)] === 1;
  }

  /**
   * Row `r`'s group in a table, created when new: its codes at the table's
   * positions as the digits of one number (radix: each dimension's count of
   * values), looked up in a dense array when there are few combinations, else in
   * a Map (by the number, or past 2^53 by the codes as text).
   */
  private groupIn(part: TablePart, r: number): number {
    const table = this.table;
    const pos = part.positions;
    let k = 0;
    for (let j = 0; j < pos.length; j++) k = k * part.radix[j]! + table.at(r, pos[j]!);
    if (part.dense !== undefined) {
      const g = part.dense[k]!;
      return g >= 0 ? g : (part.dense[k] = this.newGroup(part, r));
    }
    const key = part.exact ? k : Array.from(pos, (i) => table.at(r, i)).join(',');
    const g = part.map.get(key);
    if (g !== undefined) return g;
    const created = this.newGroup(part, r);
    part.map.set(key, created);
    return created;
  }

  private newGroup(part: TablePart, r: number): number {
    part.groups.push({ dims: part.at.map((i) => this.valueAt(r, i)), unit: part.split ? this.unitAt(r) : ('' as CanonicalUnit) });
    part.seizures.push(0);
    part.cases.push(0);
    part.sum.push(0);
    part.comp.push(0);
    return part.groups.length - 1;
  }
}

/**
 * The rows of the (case, row) pairs grouped by case (cases in the order first
 * seen, a case's rows in the order added), and where each case's rows end:
 * a counting sort on the cases numbered anew 0, 1, 2 … (so its cost is the
 * pairs', not that of every case the records have).
 */
export function rowsByCase(pairs: readonly number[]): { rows: Int32Array; ends: Int32Array } {
  const n = pairs.length >> 1;
  const caseOf = new Int32Array(n);
  const numbers = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = pairs[2 * i]!;
    let c = numbers.get(k);
    if (c === undefined) numbers.set(k, (c = numbers.size));
    caseOf[i] = c;
  }
  const ends = new Int32Array(numbers.size);
  for (let i = 0; i < n; i++) ends[caseOf[i]!]!++;
  for (let c = 1; c < ends.length; c++) ends[c]! += ends[c - 1]!;
  const at = new Int32Array(ends.length);
  for (let c = 1; c < ends.length; c++) at[c] = ends[c - 1]!;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[at[caseOf[i]!]!++] = pairs[2 * i + 1]!;
  return { rows, ends };
}
