import type { Campaign } from '../config/campaign.js';
import type { CanonicalUnit } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';
import { Aggregator, type AggregateRow } from './aggregator.js';
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
  route: ['route', 'direction'],
  routeOnly: ['route'],
  flow: ['origin', 'destination'],
  week: ['week'],
} as const satisfies Record<string, readonly Dimension[]>;
export type ReportTable = keyof typeof REPORT_TABLES;

/**
 * Feeds accepted records into per-phase aggregators for every report table:
 * one without units (cases, seizures: a case counts once however many units
 * its items are in) and one split by canonical unit (quantities).
 */
export class ReportCollector {
  readonly counts = new Map<ReportTable, Aggregator>();
  readonly quantities = new Map<ReportTable, Aggregator>();
  /** phase → commodity\u001funit → largest seizures, biggest first. */
  private readonly largest = new Map<string, Map<string, LargeSeizure[]>>();

  constructor(
    campaign: Campaign,
    private readonly topN = 5,
  ) {
    const order = campaign.phases.map((p) => p.id);
    for (const [name, dims] of Object.entries(REPORT_TABLES) as [ReportTable, readonly Dimension[]][]) {
      this.counts.set(name, new Aggregator(['phase', ...dims], order, false));
      this.quantities.set(name, new Aggregator(['phase', ...dims], order, true));
    }
  }

  readonly add = (rec: SeizureRecord, phase: string, case1: number, case2: number): void => {
    for (const a of this.counts.values()) a.add(rec, phase, case1, case2);
    for (const a of this.quantities.values()) a.add(rec, phase, case1, case2);
    if (rec.totals) return; // totals rows are not single seizures
    const list = this.largestList(phase, rec.commodity, rec.unit);
    // Most records are smaller than the smallest kept: leave them without making an item.
    if (list.length === this.topN && list[list.length - 1]!.quantity > rec.quantity) return;
    offerTopN(list, largeSeizureOf(rec), this.topN, compareLarge);
  };

  /** Adds a partial's fine rows and largest seizures (see partial.ts). */
  addPartial(doc: PartialDocument, sourceIndex: number): void {
    for (const row of doc.rows) {
      const cases = partialCaseKeys(sourceIndex, row.cases);
      const value = (d: Dimension) => partialValue(row, d);
      for (const a of this.counts.values()) a.addFine(value, row.unit, row.seizures, row.quantity, row.totalsCases, cases);
      for (const a of this.quantities.values()) a.addFine(value, row.unit, row.seizures, row.quantity, row.totalsCases, cases);
    }
    for (const l of doc.largest) mergeTopN(this.largestList(l.phase, l.commodity, l.unit), l.items, this.topN, compareLarge);
  }

  /** The largest seizures so far of a phase, commodity and unit (created empty). */
  private largestList(phase: string, commodity: string, unit: CanonicalUnit): LargeSeizure[] {
    let byPhase = this.largest.get(phase);
    if (!byPhase) this.largest.set(phase, (byPhase = new Map()));
    const key = `${commodity}\u001f${unit}`;
    let list = byPhase.get(key);
    if (!list) byPhase.set(key, (list = []));
    return list;
  }

  rows(table: ReportTable, withUnits: boolean): AggregateRow[] {
    return (withUnits ? this.quantities : this.counts).get(table)!.rows();
  }

  largestOf(phase: string): ReadonlyMap<string, readonly LargeSeizure[]> {
    return this.largest.get(phase) ?? new Map();
  }
}
