import { format as formatDate } from 'date-fns/format';
import { dateLocale } from './format.js';
import { fill } from './fill.js';
import type { ReportLocale } from './locale.js';

const DAY = 86_400_000;

/** A period of the trend (inclusive UTC days, as day numbers since 1970-01-01), and its kind. */
export interface Period {
  kind: 'week' | 'month' | 'quarter' | 'year';
  first: number;
  last: number;
}

/** The days an ISO week `yyyy-Www`, a month `yyyy-MM`, a quarter `yyyy-Qn` or a year `yyyy` covers; undefined for anything else. */
export function periodOf(key: string): Period | undefined {
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    // week 1 is the week (Monday to Sunday) that holds 4 January
    const jan4 = Date.UTC(Number(m[1]), 0, 4) / DAY;
    const monday = jan4 - ((new Date(jan4 * DAY).getUTCDay() + 6) % 7) + (Number(m[2]) - 1) * 7;
    return { kind: 'week', first: monday, last: monday + 6 };
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return { kind: 'month', first: Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) / DAY, last: Date.UTC(Number(m[1]), Number(m[2]), 0) / DAY };
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const q = Number(m[2]) - 1;
    return { kind: 'quarter', first: Date.UTC(Number(m[1]), q * 3, 1) / DAY, last: Date.UTC(Number(m[1]), q * 3 + 3, 0) / DAY };
  }
  m = /^(\d{4})$/.exec(key);
  if (m) return { kind: 'year', first: Date.UTC(Number(m[1]), 0, 1) / DAY, last: Date.UTC(Number(m[1]) + 1, 0, 0) / DAY };
  return undefined;
}

/** Day number of an ISO date `yyyy-MM-dd`. */
export function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY;
}

/** A trend period as a reader says it, and whether the phase covers only part of it. */
export interface PeriodLabel {
  label: string;
  /** Days of the period inside the phase, and the period's days, when the phase does not cover it all. */
  partial?: { days: number; of: number };
}

/**
 * A trend key in the report's language: a week by its dates ("29 Jul – 4 Aug"),
 * a month by its name, a quarter or year as such; a period the phase
 * (`start`..`end`, ISO dates) covers only in part says how many of its days it
 * covers ("4 of 7 days"), so a short edge week does not read as a drop.
 * A key of another shape is returned as it is.
 */
export function labelPeriod(key: string, start: string, end: string, loc: ReportLocale): PeriodLabel {
  const p = periodOf(key);
  if (!p) return { label: key };
  const L = loc.labels;
  const fmt = (day: number, pattern: string) => {
    const d = new Date(day * DAY);
    return formatDate(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()), pattern, { locale: dateLocale(loc.locale) });
  };
  const label =
    p.kind === 'week'
      ? fill(L.periodRange ?? '{from} – {to}', { from: fmt(p.first, L.chartDayMonth ?? 'd MMM'), to: fmt(p.last, L.chartDayMonth ?? 'd MMM') })
      : p.kind === 'month'
        ? fmt(p.first, L.chartMonth ?? 'MMM yyyy')
        : key;
  const days = Math.min(p.last, dayOf(end)) - Math.max(p.first, dayOf(start)) + 1;
  const of = p.last - p.first + 1;
  return days > 0 && days < of ? { label, partial: { days, of } } : { label };
}

