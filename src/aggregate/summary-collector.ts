import type { Phase, Threshold } from '../config/campaign.js';
import { periodEndDay } from '../normalize/date.js';
import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';
import { COMMODITIES } from '../normalize/vocabulary.js';
import type { SeizureRecord } from '../validate/record.js';
import { Aggregator } from './aggregator.js';
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

/** Labels of the `phase` dimension in the running-totals aggregators. */
export const RUNNING = ['current', 'previous'] as const;

/**
 * Collects, in one pass over the accepted records, what a nightly summary
 * needs: the window's cases, seizures and quantities by commodity and by route,
 * who reported in it, its notable seizures, and the running totals of the
 * current phase and of the previous one up to the same day. Pure.
 */
export class SummaryCollector {
  // The window's aggregators have no phase dimension: the phase order they are given is never read.
  // Stryker disable next-line ArrayDeclaration: equivalent (see above)
  readonly windowTotal = new Aggregator([], [], false);
  // Stryker disable next-line ArrayDeclaration: equivalent (see above)
  readonly windowCommodity = new Aggregator(['commodity'], [], false);
  // Stryker disable next-line ArrayDeclaration: equivalent (see above)
  readonly windowCommodityQty = new Aggregator(['commodity'], [], true);
  // Stryker disable next-line ArrayDeclaration: equivalent (see above)
  readonly windowRoute = new Aggregator(['route'], [], false);
  readonly runningTotal = new Aggregator(['phase'], RUNNING, false);
  readonly runningCommodity = new Aggregator(['phase', 'commodity'], RUNNING, false);
  readonly runningCommodityQty = new Aggregator(['phase', 'commodity'], RUNNING, true);
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
    if (rec.day >= window.from && last <= window.to) {
      this.windowTotal.add(rec, phase, case1, case2);
      this.windowCommodity.add(rec, phase, case1, case2);
      this.windowCommodityQty.add(rec, phase, case1, case2);
      this.windowRoute.add(rec, phase, case1, case2);
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
    const label = current && phase === current.phase.id && last <= current.to ? RUNNING[0] : previous && phase === previous.phase.id && last <= previous.to ? RUNNING[1] : undefined;
    if (label) {
      this.runningTotal.add(rec, label, case1, case2);
      this.runningCommodity.add(rec, label, case1, case2);
      this.runningCommodityQty.add(rec, label, case1, case2);
    }
  };

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
