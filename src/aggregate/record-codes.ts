import { CANONICAL_UNITS } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';
import { DIMENSION_VALUE, type Dimension, type DimensionValue } from './dimensions.js';

/**
 * The values of one dimension as small codes 0, 1, 2 … in the order first
 * seen. Several fine aggregations of the same records may share one, so that a
 * record's value is looked up once for all of them.
 */
export class ValueCodes {
  private readonly codes = new Map<string, number>();
  /** code → value. */
  readonly values: string[] = [];

  /** The value's code, given when new. */
  code(v: string): number {
    let c = this.codes.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.codes.set(v, c);
    }
    return c;
  }
}

/** The dimensions that are the record's date's (its day, read at its precision). */
export const DATE_DIMENSIONS: ReadonlySet<Dimension> = new Set<Dimension>(['year', 'quarter', 'month', 'week']);

/** The canonical unit's code: its index in CANONICAL_UNITS. */
export const UNIT_CODE: ReadonlyMap<string, number> = new Map(CANONICAL_UNITS.map((u, i) => [u, i]));

const PRECISION_CODE = { day: 0, month: 1, year: 2 } as const;

/** Dates remembered at once (direct-mapped by day): more than a campaign's days, fewer than fill a cache. */
const DATE_SLOTS = 1 << 10;

/**
 * Codes a record's value of each of `dims` once (`codes[i]` for `dims[i]`,
 * then the canonical unit's at `dims.length`), with one ValueCodes per
 * dimension that the fine aggregations of the same records share.
 *
 * The date's dimensions are coded together once per date: a direct-mapped table
 * by day number remembers, per slot, the last date (day, precision and text)
 * and its codes, so most records read their week, month and year with three
 * comparisons and no look-up by text. A slot another date took is filled again
 * (exact whatever the number of dates).
 */
export class RecordCoder {
  readonly codes: Int32Array;
  readonly dictionaries: readonly ValueCodes[];
  private readonly getters: readonly DimensionValue[];
  /** Indices in `dims` of the date's dimensions, and of the others. */
  private readonly dateAt: Int32Array;
  private readonly otherAt: Int32Array;
  /** Per slot: its date's day (NaN: empty) and precision, its text, and its codes at `dateAt`. */
  private readonly slotDay = new Float64Array(DATE_SLOTS).fill(NaN);
  private readonly slotPrecision = new Uint8Array(DATE_SLOTS);
  private readonly slotDate: string[] = new Array<string>(DATE_SLOTS).fill('');
  private readonly slotCodes: Int32Array;

  /** @param dictionaries one per dimension of `dims` (default: new ones). */
  constructor(
    readonly dims: readonly Dimension[],
    dictionaries?: readonly ValueCodes[],
  ) {
    this.dictionaries = dictionaries ?? dims.map(() => new ValueCodes());
    this.getters = dims.map((d) => DIMENSION_VALUE[d]);
    this.dateAt = Int32Array.from(dims.flatMap((d, i) => (DATE_DIMENSIONS.has(d) ? [i] : [])));
    this.otherAt = Int32Array.from(dims.flatMap((d, i) => (DATE_DIMENSIONS.has(d) ? [] : [i])));
    this.slotCodes = new Int32Array(DATE_SLOTS * Math.max(1, this.dateAt.length));
    this.codes = new Int32Array(dims.length + 1);
  }

  /** Fills `codes` with the record's (`phase`: its phase id). */
  encode(rec: SeizureRecord, phase: string): void {
    const s = this.codes;
    const g = this.getters;
    const dict = this.dictionaries;
    const other = this.otherAt;
    for (let j = 0; j < other.length; j++) {
      const i = other[j]!;
      s[i] = dict[i]!.code(g[i]!(rec, phase));
    }
    const dated = this.dateAt;
    if (dated.length > 0) {
      const at = this.dateSlot(rec, phase) * dated.length;
      for (let j = 0; j < dated.length; j++) s[dated[j]!] = this.slotCodes[at + j]!;
    }
    s[g.length] = UNIT_CODE.get(rec.unit) ?? -1;
  }

  /** The slot holding the codes of the record's date, filled when it held another. */
  private dateSlot(rec: SeizureRecord, phase: string): number {
    const slot = rec.day & (DATE_SLOTS - 1);
    const precision = PRECISION_CODE[rec.precision];
    if (this.slotDay[slot] === rec.day && this.slotPrecision[slot] === precision && this.slotDate[slot] === rec.date) return slot;
    const dated = this.dateAt;
    for (let j = 0; j < dated.length; j++) {
      const i = dated[j]!;
      this.slotCodes[slot * dated.length + j] = this.dictionaries[i]!.code(this.getters[i]!(rec, phase));
    }
    this.slotDay[slot] = rec.day;
    this.slotPrecision[slot] = precision;
    this.slotDate[slot] = rec.date;
    return slot;
  }
}
