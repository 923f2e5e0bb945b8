import * as z from 'zod';
import { conversionLabel, type CanonicalUnit, type ConversionCount } from '../normalize/unit.js';
import { CANONICAL_UNITS } from '../normalize/unit.js';
import type { Buckets } from '../core/diagnostic.js';
import type { SeizureRecord } from '../validate/record.js';
import { HashSlots, hash64, hashOut } from '../util/hash.js';
import { DIMENSION_VALUE, quarterOf, type Dimension } from './dimensions.js';
import { compareLarge, largeSeizureOf, type LargeSeizure } from './large-seizure.js';
import { offerTopN } from './top-n.js';

/**
 * Partials: what an agency can share instead of records. The finest grain the
 * reports need, with each row's cases as small integers local to the partial —
 * so figures re-grouped more coarsely still count a case once, and no case id
 * leaves the agency. Cases are per reporting country, so partials of different
 * countries never share a case; two partials covering the same country and
 * phase are refused.
 */
export const PARTIAL_KIND = 'campaign-report/partial';
export const PARTIAL_SCHEMA_VERSION = 2;
/**
 * The partial's grain; `year` and `quarter` are derived from `month` (partialValue).
 * A record dated by year has `month` yyyy (its year) and one dated by month or
 * year an empty `week`: the precision of its date travels with it.
 */
export const GRAIN = ['phase', 'commodity', 'group', 'subtype', 'route', 'direction', 'country', 'agency', 'origin', 'destination', 'month', 'week'] as const;
export type GrainDimension = (typeof GRAIN)[number];

/** A record's `month` in a partial: yyyy-MM, or yyyy when its date is a year. */
export function partialMonth(rec: SeizureRecord): string {
  return rec.date.slice(0, rec.precision === 'year' ? 4 : 7);
}

const GRAIN_VALUE = GRAIN.map((d) => (d === 'month' ? partialMonth : DIMENSION_VALUE[d]));

/** A partial row's value of any `--by` dimension (a year's total has no quarter or month: ''). */
export function partialValue(row: PartialRow, d: Dimension): string {
  const byYear = row.month.length === 4;
  if (d === 'year') return row.month.slice(0, 4);
  if (d === 'quarter') return byYear ? '' : quarterOf(`${row.month}-01`);
  if (d === 'month') return byYear ? '' : row.month;
  return row[d];
}

export interface PartialRow extends Record<GrainDimension, string> {
  unit: CanonicalUnit;
  seizures: number;
  /** Accepted records in this row (a totals record stands for several seizures). */
  records: number;
  /** Unrounded sum in the canonical unit. */
  quantity: number;
  /** Cases that totals rows stand for (no case ids). */
  totalsCases: number;
  /** Local case numbers (0 … caseCount-1) of the items in this row. */
  cases: number[];
}

export interface PartialSource extends Buckets {
  file: string;
  sha256: string;
  /** Rows the source's `where:` left out (in out_of_scope), when it has a filter. */
  filtered?: number;
  /** Accepted records per quantity column, when the source has several: header → records. */
  quantityColumns?: Record<string, number>;
}

export interface PartialDocument {
  schemaVersion: number;
  kind: typeof PARTIAL_KIND;
  tool: { name: string; version: string };
  campaign: string;
  /** The goods vocabulary's version (GoodsVocabulary.version) the subtypes and groups were made with. */
  vocabulary: string;
  grain: string[];
  reportingCountries: string[];
  phases: string[];
  buckets: Buckets;
  /** `filtered` only when a source had a `where:` filter. */
  outOfScope: { outside_phases: number; commodity: number; other_phase: number; filtered?: number };
  rejectedByReason: Record<string, number>;
  /** Unit conversions applied to accepted records: "cây × 200 → sticks" → count. */
  conversions: Record<string, number>;
  sources: PartialSource[];
  caseCount: number;
  rows: PartialRow[];
  largest: { phase: string; commodity: string; unit: CanonicalUnit; items: LargeSeizure[] }[];
  /**
   * Per phase, the records dated in it that were rejected (by reason), duplicates or out of scope,
   * and the rejected records in no phase (for the phase-end report's annex; absent from older partials).
   */
  setAside?: { phase: string; rejected: number; duplicates: number; out_of_scope: number; rejectedByReason: Record<string, number> }[];
  unplacedRejected?: number;
}

const count = z.number().int().nonnegative();
const bucketsSchema = z.object({ read: count, accepted: count, rejected: count, duplicates: count, out_of_scope: count });
const unitSchema = z.enum(CANONICAL_UNITS as [CanonicalUnit, ...CanonicalUnit[]]);
const dimString = z.string().max(1000);
export const partialSchema = z.object({
  schemaVersion: z.literal(PARTIAL_SCHEMA_VERSION),
  kind: z.literal(PARTIAL_KIND),
  tool: z.object({ name: z.string(), version: z.string() }),
  campaign: z.string(),
  vocabulary: z.string().max(1000),
  grain: z.array(z.string()),
  // Alpha-2, or the four-letter ISO 3166-3 code of a former country whose alpha-2 code was reused (CSHH).
  reportingCountries: z.array(z.string().regex(/^[A-Z]{2}([A-Z]{2})?$/)),
  phases: z.array(z.string()),
  buckets: bucketsSchema,
  outOfScope: z.object({ outside_phases: count, commodity: count, other_phase: count, filtered: count.optional() }),
  rejectedByReason: z.record(z.string(), count),
  conversions: z.record(z.string(), count),
  sources: z.array(bucketsSchema.extend({ file: z.string(), sha256: z.string(), filtered: count.optional(), quantityColumns: z.record(z.string().max(1000), count).optional() })),
  caseCount: count,
  rows: z.array(
    z.object({
      phase: dimString, commodity: dimString, group: dimString, subtype: dimString, route: dimString, direction: dimString, country: dimString,
      agency: dimString, origin: dimString, destination: dimString, month: dimString, week: dimString,
      unit: unitSchema, seizures: count, records: count, quantity: z.number().finite().nonnegative(), totalsCases: count, cases: z.array(count),
    }),
  ),
  largest: z.array(
    z.object({
      phase: z.string(), commodity: z.string(), unit: unitSchema,
      items: z.array(z.object({ date: z.string(), country: z.string(), route: z.string(), subtype: z.string(), quantity: z.number(), unit: unitSchema, concealment: z.string() })),
    }),
  ),
  setAside: z.array(z.object({ phase: z.string(), rejected: count, duplicates: count, out_of_scope: count, rejectedByReason: z.record(z.string(), count) })).optional(),
  unplacedRejected: count.optional(),
});

/** Collects accepted records at the partial's grain. */
export class PartialBuilder {
  private readonly rows = new Map<string, { row: PartialRow; cases: Set<number> }>();
  private readonly caseIndex = new HashSlots(1 << 12);
  private readonly largest = new Map<string, LargeSeizure[]>();
  private readonly countries = new Set<string>();
  private readonly phases = new Set<string>();

  constructor(private readonly topN = 5) {}

  readonly add = (rec: SeizureRecord, phase: string, case1: number, case2: number): void => {
    const values = GRAIN_VALUE.map((get) => get(rec, phase));
    const key = `${values.join('\u001f')}\u001f${rec.unit}`;
    let entry = this.rows.get(key);
    if (!entry) {
      const row = Object.fromEntries(GRAIN.map((d, i) => [d, values[i]!])) as Record<GrainDimension, string>;
      entry = { row: { ...row, unit: rec.unit, seizures: 0, records: 0, quantity: 0, totalsCases: 0, cases: [] }, cases: new Set() };
      this.rows.set(key, entry);
    }
    entry.row.seizures += rec.count;
    entry.row.records++;
    entry.row.quantity += rec.quantity;
    if (rec.totals) entry.row.totalsCases += rec.count;
    else {
      const prev = this.caseIndex.insert(case1, case2);
      entry.cases.add(prev === -1 ? this.caseIndex.size - 1 : prev);
    }
    this.countries.add(rec.reportingCountry);
    this.phases.add(phase);
    // A totals row, or a total of a month or year, is not one seizure.
    if (!rec.totals && rec.precision === 'day') {
      const k = `${phase}\u001f${rec.commodity}\u001f${rec.unit}`;
      const list = this.largest.get(k) ?? [];
      offerTopN(list, largeSeizureOf(rec), this.topN, compareLarge);
      this.largest.set(k, list);
    }
  };

  toDocument(meta: {
    campaign: string;
    version: string;
    vocabulary: string;
    buckets: Buckets;
    outOfScope: PartialDocument['outOfScope'];
    rejectedByReason: ReadonlyMap<string, number>;
    conversions: readonly ConversionCount[];
    sources: PartialSource[];
    setAside?: PartialDocument['setAside'];
    unplacedRejected?: number;
  }): PartialDocument {
    const rows = [...this.rows.values()].map(({ row, cases }) => ({ ...row, cases: [...cases].sort((a, b) => a - b) }));
    rows.sort((a, b) => {
      for (const d of GRAIN) if (a[d] !== b[d]) return a[d] < b[d] ? -1 : 1;
      return CANONICAL_UNITS.indexOf(a.unit) - CANONICAL_UNITS.indexOf(b.unit);
    });
    return {
      schemaVersion: PARTIAL_SCHEMA_VERSION,
      kind: PARTIAL_KIND,
      tool: { name: 'campaign-report', version: meta.version },
      campaign: meta.campaign,
      vocabulary: meta.vocabulary,
      grain: [...GRAIN, 'unit'],
      reportingCountries: [...this.countries].sort(),
      phases: [...this.phases].sort(),
      buckets: { ...meta.buckets },
      outOfScope: { ...meta.outOfScope },
      rejectedByReason: Object.fromEntries([...meta.rejectedByReason].sort()),
      conversions: Object.fromEntries(meta.conversions.map((c): [string, number] => [conversionLabel(c), c.count]).sort()),
      sources: meta.sources,
      caseCount: this.caseIndex.size,
      rows,
      largest: [...this.largest].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, items]) => {
        const [phase, commodity, unit] = k.split('\u001f') as [string, string, CanonicalUnit];
        return { phase, commodity, unit, items };
      }),
      ...(meta.setAside ? { setAside: meta.setAside, unplacedRejected: meta.unplacedRejected ?? 0 } : {}),
    };
  }
}

/**
 * Case keys of a partial's row for the aggregators: (hash of the partial's
 * source index, local case number). Distinct per partial, never equal to a
 * record's (country, case id) hash in practice.
 */
export function partialCaseKeys(sourceIndex: number, cases: readonly number[]): Uint32Array {
  hash64(`partial\u0000${sourceIndex}`);
  const h1 = hashOut.h1;
  const out = new Uint32Array(cases.length * 2);
  cases.forEach((c, i) => {
    out[i * 2] = h1;
    out[i * 2 + 1] = c;
  });
  return out;
}
