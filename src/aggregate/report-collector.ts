import type { Campaign } from '../config/campaign.js';
import type { SeizureRecord } from '../validate/record.js';
import { Aggregator, type AggregateRow } from './aggregator.js';
import type { Dimension } from './dimensions.js';
import { compareLarge, type LargeSeizure } from './large-seizure.js';
import { partialCaseKeys, type PartialDocument } from './partial.js';

/** The groupings a phase-end report needs, each per phase; collected in one pass. */
export const REPORT_TABLES = {
  total: [],
  commodity: ['commodity'],
  subtype: ['commodity', 'subtype'],
  country: ['country'],
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
    let byPhase = this.largest.get(phase);
    if (!byPhase) this.largest.set(phase, (byPhase = new Map()));
    const key = `${rec.commodity}\u001f${rec.unit}`;
    let list = byPhase.get(key);
    if (!list) byPhase.set(key, (list = []));
    if (list.length === this.topN && list[list.length - 1]!.quantity > rec.quantity) return;
    const item: LargeSeizure = {
      date: rec.date,
      country: rec.reportingCountry,
      route: rec.route,
      subtype: rec.subtype,
      quantity: rec.quantity,
      unit: rec.unit,
      concealment: rec.concealment,
    };
    list.push(item);
    list.sort(compareLarge);
    if (list.length > this.topN) list.pop();
  };

  /** Adds a partial's fine rows and largest seizures (see partial.ts). */
  addPartial(doc: PartialDocument, sourceIndex: number): void {
    for (const row of doc.rows) {
      const cases = partialCaseKeys(sourceIndex, row.cases);
      const value = (d: Dimension) => row[d];
      for (const a of this.counts.values()) a.addFine(value, row.unit, row.seizures, row.quantity, row.totalsCases, cases);
      for (const a of this.quantities.values()) a.addFine(value, row.unit, row.seizures, row.quantity, row.totalsCases, cases);
    }
    for (const l of doc.largest) {
      let byPhase = this.largest.get(l.phase);
      if (!byPhase) this.largest.set(l.phase, (byPhase = new Map()));
      const key = `${l.commodity}\u001f${l.unit}`;
      const list = [...(byPhase.get(key) ?? []), ...l.items].sort(compareLarge).slice(0, this.topN);
      byPhase.set(key, list);
    }
  }

  rows(table: ReportTable, withUnits: boolean): AggregateRow[] {
    return (withUnits ? this.quantities : this.counts).get(table)!.rows();
  }

  largestOf(phase: string): ReadonlyMap<string, readonly LargeSeizure[]> {
    return this.largest.get(phase) ?? new Map();
  }
}
