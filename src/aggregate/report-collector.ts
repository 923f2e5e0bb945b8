import type { Campaign } from '../config/campaign.js';
import type { CanonicalUnit } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';
import type { AggregateRow } from './aggregator.js';
import { FineAggregator } from './fine.js';
import type { Dimension } from './dimensions.js';
import { compareLarge, largeSeizureOf, type LargeSeizure } from './large-seizure.js';
import { partialCaseKeys, partialValue, type PartialDocument } from './partial.js';
import { mergeTopN, offerTopN } from './top-n.js';

/** The groupings a phase-end report needs, each per phase; collected in one pass. */
export const REPORT_TABLES = {
  total: [],
  commodity: ['commodity'],
  subtype: ['commodity', 'subtype'],
  country: ['country'],
  agency: ['country', 'agency'],
  countryCommodity: ['country', 'commodity'],
  agencyCommodity: ['country', 'agency', 'commodity'],
  routeCommodity: ['route', 'commodity'],
  route: ['route', 'direction'],
  routeOnly: ['route'],
  flow: ['origin', 'destination'],
  week: ['week'],
  month: ['month'],
  year: ['year'],
} as const satisfies Record<string, readonly Dimension[]>;
export type ReportTable = keyof typeof REPORT_TABLES;

/** The fine grain every report table is derived from: the phase and each table's dimensions. */
export const REPORT_GRAIN: readonly Dimension[] = ['phase', 'commodity', 'subtype', 'country', 'agency', 'route', 'direction', 'origin', 'destination', 'week', 'month', 'year'];

/**
 * Feeds accepted records into one fine aggregation (FineAggregator, at
 * REPORT_GRAIN) from which every report table is derived per phase: without
 * units (cases, seizures: a case counts once however many units its items are
 * in) and split by canonical unit (quantities). A record costs the same
 * whatever the number of tables.
 */
export class ReportCollector {
  private readonly fine = new FineAggregator(REPORT_GRAIN);
  private readonly order: readonly string[];
  /** The report tables, derived at the first `rows` call after the last record (see rows). */
  private readonly derived = new Map<string, AggregateRow[]>();
  private readonly largestByCommodity = new WeakMap<object, Map<string, Map<CanonicalUnit, LargeSeizure[]>>>();
  /** phase → commodity\u001funit → largest seizures, biggest first. */
  private readonly largest = new Map<string, Map<string, LargeSeizure[]>>();
  /** Accepted records per phase (a totals row is one record however many seizures it stands for). */
  private readonly records = new Map<string, number>();
  /** The campaign-to-date tables, by the last phase they cover (see toDate). */
  private readonly toDateTables = new Map<string, AggregateRow[][]>();
  /** Phases with a reported total: a totals row (count column) or a record dated by month or year. */
  private readonly totalsPhases = new Set<string>();

  constructor(
    campaign: Campaign,
    private readonly topN = 5,
  ) {
    this.order = campaign.phases.map((p) => p.id);
  }

  readonly add = (rec: SeizureRecord, phase: string, case1: number, case2: number): void => {
    this.fine.add(rec, phase, case1, case2);
    this.records.set(phase, (this.records.get(phase) ?? 0) + 1);
    if (this.derived.size > 0) this.derived.clear();
    if (this.toDateTables.size > 0) this.toDateTables.clear();
    // Totals rows, and totals of a month or a year, are not single seizures.
    if (rec.totals || rec.precision !== 'day') {
      this.totalsPhases.add(phase);
      return;
    }
    const list = this.largestList(phase, rec.commodity, rec.unit);
    // Most records are smaller than the smallest kept: leave them without making an item.
    if (list.length === this.topN && list[list.length - 1]!.quantity > rec.quantity) return;
    offerTopN(list, largeSeizureOf(rec), this.topN, compareLarge);
  };

  /** Room for `records` more cases (RunCallbacks.onReserve). */
  readonly reserve = (records: number): void => {
    this.fine.reserveCases(records);
  };

  /** Adds a partial's fine rows and largest seizures (see partial.ts). */
  addPartial(doc: PartialDocument, sourceIndex: number): void {
    for (const row of doc.rows) {
      const cases = partialCaseKeys(sourceIndex, row.cases);
      this.fine.addFine((d: Dimension) => partialValue(row, d), row.unit, row.seizures, row.quantity, row.totalsCases, cases);
      this.records.set(row.phase, (this.records.get(row.phase) ?? 0) + row.records);
      // A row of totals rows, or of records dated by month or year (no week).
      if (row.totalsCases > 0 || row.week === '') this.totalsPhases.add(row.phase);
    }
    this.derived.clear();
    this.toDateTables.clear();
    for (const l of doc.largest) mergeTopN(this.largestList(l.phase, l.commodity, l.unit), l.items, this.topN, compareLarge);
  }

  /** The last list largestList gave, and for what: records come in runs of one phase, commodity and unit. */
  private last: { phase: string; commodity: string; unit: CanonicalUnit; list: LargeSeizure[] } | undefined;

  /** The largest seizures so far of a phase, commodity and unit (created empty). */
  private largestList(phase: string, commodity: string, unit: CanonicalUnit): LargeSeizure[] {
    const last = this.last;
    if (last !== undefined && last.phase === phase && last.commodity === commodity && last.unit === unit) return last.list;
    const list = this.findLargest(phase, commodity, unit);
    this.last = { phase, commodity, unit, list };
    return list;
  }

  private findLargest(phase: string, commodity: string, unit: CanonicalUnit): LargeSeizure[] {
    let byPhase = this.largest.get(phase);
    if (!byPhase) this.largest.set(phase, (byPhase = new Map()));
    // phase → commodity → unit, built without a key string per record; flattened by largestOf
    let byCommodity = this.largestByCommodity.get(byPhase);
    if (!byCommodity) this.largestByCommodity.set(byPhase, (byCommodity = new Map()));
    let byUnit = byCommodity.get(commodity);
    if (!byUnit) byCommodity.set(commodity, (byUnit = new Map()));
    let list = byUnit.get(unit);
    if (!list) {
      byUnit.set(unit, (list = []));
      byPhase.set(`${commodity}\u001f${unit}`, list);
    }
    return list;
  }

  /** A report table's rows, every phase (phase first); all tables are derived at the first call, in one pass over the fine rows. */
  rows(table: ReportTable, withUnits: boolean): AggregateRow[] {
    if (this.derived.size === 0) {
      const names = Object.keys(REPORT_TABLES) as ReportTable[];
      const specs = names.flatMap((t) => [false, true].map((splitUnits) => ({ dims: ['phase', ...REPORT_TABLES[t]] as Dimension[], splitUnits })));
      this.fine.tables(specs, this.order).forEach((rows, i) => this.derived.set(`${names[i >> 1]}\u001f${(i & 1) === 1}`, rows));
    }
    return this.derived.get(`${table}\u001f${withUnits}`)!;
  }

  /**
   * The campaign to date: the totals and the commodities (without units, then
   * per unit) of every phase up to `phase` (campaign order) as one period, a case
   * counted once however many of those phases its items fall in.
   */
  toDate(phase: string): { total: AggregateRow[]; commodity: AggregateRow[]; commodityUnits: AggregateRow[] } {
    let t = this.toDateTables.get(phase);
    if (t === undefined) {
      const upTo = new Set(this.order.slice(0, this.order.indexOf(phase) + 1));
      const where = { dim: 'phase' as const, values: upTo };
      t = this.fine.tables(
        [
          { dims: [], splitUnits: false, where },
          { dims: ['commodity'], splitUnits: false, where },
          { dims: ['commodity'], splitUnits: true, where },
        ],
        this.order,
      );
      this.toDateTables.set(phase, t);
    }
    return { total: t[0]!, commodity: t[1]!, commodityUnits: t[2]! };
  }

  /** Accepted records of a phase (records, not seizures: a totals row is one). */
  recordsOf(phase: string): number {
    return this.records.get(phase) ?? 0;
  }

  /** Whether a phase has reported totals (a count column, or dates that are only a month or a year). */
  hasReportedTotals(phase: string): boolean {
    return this.totalsPhases.has(phase);
  }

  largestOf(phase: string): ReadonlyMap<string, readonly LargeSeizure[]> {
    return this.largest.get(phase) ?? new Map();
  }
}
