import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import type { SeizureRecord } from '../validate/record.js';

/** Dimensions `--by` accepts, in the order the README documents them. */
export const DIMENSIONS = ['phase', 'commodity', 'group', 'subtype', 'route', 'direction', 'country', 'agency', 'origin', 'destination', 'year', 'quarter', 'month', 'week'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DEFAULT_DIMENSIONS: readonly Dimension[] = ['commodity', 'route', 'country'];

export type DimensionValue = (rec: SeizureRecord, phase: string) => string;

const weekCache = new Map<number, string>();
/** ISO week `yyyy-Www` of a day number (the week-year, not the calendar year). */
export function isoWeekOfDay(day: number): string {
  let w = weekCache.get(day);
  if (w === undefined) {
    const d = new Date(day * 86_400_000);
    // date-fns works in local time; build the same calendar date locally.
    const local = new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    w = `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
    weekCache.set(day, w);
  }
  return w;
}

const QUARTER = ['', 'Q1', 'Q1', 'Q1', 'Q2', 'Q2', 'Q2', 'Q3', 'Q3', 'Q3', 'Q4', 'Q4', 'Q4'];

/** `yyyy-Qn` of an ISO date (calendar quarters). */
export function quarterOf(iso: string): string {
  return `${iso.slice(0, 4)}-${QUARTER[Number(iso.slice(5, 7))]}`;
}

export const DIMENSION_VALUE: Record<Dimension, DimensionValue> = {
  phase: (_r, phase) => phase,
  commodity: (r) => r.commodity,
  group: (r) => r.group,
  subtype: (r) => r.subtype,
  route: (r) => r.route,
  direction: (r) => r.direction,
  country: (r) => r.reportingCountry,
  agency: (r) => r.agency,
  origin: (r) => r.origin,
  destination: (r) => r.destination,
  // A record dated by month or year has no week, one dated by year no quarter or month: '' (README "Date precision").
  year: (r) => r.date.slice(0, 4),
  quarter: (r) => (r.precision === 'year' ? '' : quarterOf(r.date)),
  month: (r) => (r.precision === 'year' ? '' : r.date.slice(0, 7)),
  week: (r) => (r.precision === 'day' ? isoWeekOfDay(r.day) : ''),
};

/** Parses a `--by` list; returns the unknown names for the caller to report. */
export function parseDimensions(list: string): { dims: Dimension[]; unknown: string[] } {
  const dims: Dimension[] = [];
  const unknown: string[] = [];
  for (const raw of list.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if ((DIMENSIONS as readonly string[]).includes(name)) {
      if (!dims.includes(name as Dimension)) dims.push(name as Dimension);
    } else unknown.push(raw.trim());
  }
  return { dims, unknown };
}
