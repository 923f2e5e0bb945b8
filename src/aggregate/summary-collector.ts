import type { Phase, Threshold } from '../config/campaign.js';
import { periodEndDay } from '../normalize/date.js';
import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';
import { COMMODITIES } from '../normalize/vocabulary.js';
import type { SeizureRecord } from '../validate/record.js';
import type { AggregateRow } from './aggregator.js';
import type { Dimension } from './dimensions.js';
import { CaseNumbers, FineAggregator } from './fine.js';
import { offerTopN } from './top-n.js';

/** Days since 1970-01-01, both ends inclusive. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

/** A new seizure at or above its commodity's threshold. */
export interface NotableSeizure {
  readonly date: string;
  readonly country: string;
  readonly commodity: string;
  readonly subtype: string;
  readonly route: string;
  readonly quantity: number;
  readonly unit: CanonicalUnit;
  readonly concealment: string;
  /** The record's own id (data: escaped in every format). */
  readonly record: string;
  readonly fileIndex: number;
  readonly line: number;
}

export interface SummaryScope {
  /** The window, by seizure date. */
  readonly window: DayRange;
  /** The phase containing the window's last day, and how far into it the running totals go. */
  readonly current?: { readonly phase: Phase; readonly to: number };
  /** The phase before it, up to the same day offset. */
  readonly previous?: { readonly phase: Phase; readonly to: number };
  readonly thresholds: readonly Threshold[];
}

/** Labels of the `phase` dimension of the running totals. */
export const RUNNING = ['current', 'previous'] as const;

// The window's tables have no phase dimension: the phase order they are given is never read.
// Stryker disable next-line ArrayDeclaration: equivalent (see above)
const NO_PHASE_ORDER: readonly string[] = [];

/** A table derived from a fine aggregation (FineAggregator.rows), again after every add. */
export class DerivedTable {
  constructor(
    private readonly fine: FineAggregator,
    private readonly dims: readonly Dimension[],
    private readonly phaseOrder: readonly string[],
    private readonly splitUnits: boolean,
  ) {}

  /** The rows `new Aggregator(dims, phaseOrder, splitUnits)` fed the same records would give. */
  rows(): AggregateRow[] {
    return this.fine.rows(this.dims, this.phaseOrder, this.splitUnits);
  }
}

/**
 * Collects, in one pass over the accepted records, what a nightly summary
 * needs: the window's cases, seizures and quantities by commodity and by route,
 * who reported in it, its notable seizures, and the running totals of the
 * current phase and of the previous one up to the same day. Pure.
 *
 * A record is added once to each fine aggregation it belongs to (the window's:
 * commodity × route; the running totals': current or previous × commodity; each
 * per canonical unit), and every table is derived from their rows, cases
 * numbered once for both so that they stay exact when regrouped.
 */
export class SummaryCollector {
  private readonly cases = new CaseNumbers();
  private readonly window = new FineAggregator(['commodity', 'route'], this.cases);
  /** Its `phase` dimension holds the RUNNING label, not the phase. */
  private readonly running = new FineAggregator(['phase', 'commodity'], this.cases);
  readonly windowTotal = new DerivedTable(this.window, [], NO_PHASE_ORDER, false);
  readonly windowCommodity = new DerivedTable(this.window, ['commodity'], NO_PHASE_ORDER, false);
  readonly windowCommodityQty = new DerivedTable(this.window, ['commodity'], NO_PHASE_ORDER, true);
  readonly windowRoute = new DerivedTable(this.window, ['route'], NO_PHASE_ORDER, false);
  readonly runningTotal = new DerivedTable(this.running, ['phase'], RUNNING, false);
  readonly runningCommodity = new DerivedTable(this.running, ['phase', 'commodity'], RUNNING, false);
  readonly runningCommodityQty = new DerivedTable(this.running, ['phase', 'commodity'], RUNNING, true);
  /** Reporting countries with an accepted record dated in the window. */
  readonly reporting = new Set<string>();
  /** `country\u001fagency` of every agency with an accepted record dated in the window. */
  readonly reportingAgencies = new Set<string>();
  /** The first `notableMax` notable seizures in `compareNotable` order (memory stays bounded). */
  readonly notable: NotableSeizure[] = [];
  notableCount = 0;
  private readonly minimum = new Map<string, number>();

  constructor(
    readonly scope: SummaryScope,
    private readonly notableMax = 25,
  ) {
    for (const t of scope.thresholds) this.minimum.set(`${t.commodity}\u001f${t.unit}`, t.quantity);
  }

  readonly add = (rec: SeizureRecord, phase: string, case1: number, case2: number): void => {
    const { window, current, previous } = this.scope;
    // A total of a month or a year is placed by its whole period: in the window, or in a phase to date, only once all of it is.
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a shortcut: the period of a day ends that day
    const last = rec.precision === 'day' ? rec.day : periodEndDay(rec.day, rec.date, rec.precision);
    const inWindow = rec.day >= window.from && last <= window.to;
    const label = current && phase === current.phase.id && last <= current.to ? RUNNING[0] : previous && phase === previous.phase.id && last <= previous.to ? RUNNING[1] : undefined;
    // Stryker disable next-line ConditionalExpression: equivalent, a shortcut: a case numbered but added to neither aggregation is in no table
    if (!inWindow && label === undefined) return;
    const caseNo = rec.totals ? -1 : this.cases.of(case1, case2);
    if (inWindow) this.addInWindow(rec, phase, caseNo);
    if (label !== undefined) this.running.addNumbered(rec, label, caseNo);
  };

  private addInWindow(rec: SeizureRecord, phase: string, caseNo: number): void {
    this.window.addNumbered(rec, phase, caseNo);
    this.reporting.add(rec.reportingCountry);
    if (rec.agency !== '') this.reportingAgencies.add(`${rec.reportingCountry}\u001f${rec.agency}`);
    const min = this.minimum.get(`${rec.commodity}\u001f${rec.unit}`);
    // Totals rows, and totals of a month or a year, stand for many seizures: none of them is one large seizure.
    // Stryker disable next-line ConditionalExpression: equivalent, a quantity is never >= undefined
    if (min !== undefined && !rec.totals && rec.precision === 'day' && rec.quantity >= min) {
      this.addNotable({
        date: rec.date,
        country: rec.reportingCountry,
        commodity: rec.commodity,
        subtype: rec.subtype,
        route: rec.route,
        quantity: rec.quantity,
        unit: rec.unit,
        concealment: rec.concealment,
        record: rec.id,
        fileIndex: rec.fileIndex,
        line: rec.line,
      });
    }
  }

  private addNotable(item: NotableSeizure): void {
    this.notableCount++;
    offerTopN(this.notable, item, this.notableMax, compareNotable);
  }
}

const rank = (list: readonly string[], v: string) => {
  const i = list.indexOf(v);
  return i < 0 ? list.length : i;
};

/** Commodity and unit in canonical order, then the largest first, then date and place in the sources. */
export function compareNotable(a: NotableSeizure, b: NotableSeizure): number {
  return (
    rank(COMMODITIES, a.commodity) - rank(COMMODITIES, b.commodity) ||
    rank(CANONICAL_UNITS, a.unit) - rank(CANONICAL_UNITS, b.unit) ||
    b.quantity - a.quantity ||
    (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
    a.fileIndex - b.fileIndex ||
    a.line - b.line
  );
}
