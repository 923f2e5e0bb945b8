/**
 * Generated phases: `phases: { every: year | quarter | month, from, to, fiscal_year_start }`
 * instead of a hand-written list of years, quarters or months. Pure.
 *
 * Ids and names (language-neutral, so every report locale shows them as they are):
 * - year: `2015` / `2015`; with a fiscal year starting in month m > 1, `fy2020` / `FY2020`,
 *   named by the year it ends in (m = 10: FY2020 is 2019-10-01 … 2020-09-30, the US federal year);
 * - quarter: `2015-Q1` / `2015 Q1` (January–March); fiscal, `fy2020-q1` / `FY2020 Q1` (the first
 *   three months of FY2020: October–December 2019 for m = 10);
 * - month: `2015-07` / `2015-07`.
 * `from` and `to` are years (fiscal years with fiscal_year_start), both included; for months also
 * `yyyy-MM`, for quarters `yyyy-Qn` (a fiscal quarter of that fiscal year when fiscal_year_start is set).
 */
import { daysInMonth, toDayDate } from '../normalize/date.js';
import type { Phase } from './campaign.js';

export interface PhaseSeries {
  readonly every: 'year' | 'quarter' | 'month';
  readonly from: number | string;
  readonly to: number | string;
  readonly fiscal_year_start?: number | undefined;
}

/** More phases than this is a mistake in the campaign file (a century of months). */
export const MAX_GENERATED_PHASES = 1200;

/** The phases of a series, in order; throws an Error whose message says what is wrong (the caller names the key). */
export function generatePhases(series: PhaseSeries): Phase[] {
  const fy = series.fiscal_year_start ?? 1;
  const months = series.every === 'year' ? 12 : series.every === 'quarter' ? 3 : 1;
  const first = boundMonths(series, 'from', fy)[0];
  const last = boundMonths(series, 'to', fy)[1];
  if (last < first) throw new Error(`from ${String(series.from)} is after to ${String(series.to)}`);
  const count = (last - first + 1) / months;
  if (count > MAX_GENERATED_PHASES) throw new Error(`${count} phases (at most ${MAX_GENERATED_PHASES}): is every: ${series.every} meant?`);
  const out: Phase[] = [];
  for (let m = first; m <= last; m += months) out.push(phaseAt(series.every, m, months, fy));
  return out;
}

/**
 * The first and last months of a bound, as month numbers (year × 12 + month − 1).
 * A year is a fiscal year: it starts in month `fy` of the year before (for fy > 1).
 */
function boundMonths(series: PhaseSeries, which: 'from' | 'to', fy: number): [number, number] {
  const v = String(series[which]);
  const m = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$/.exec(v);
  if (!m) throw new Error(`${which}: expected a year such as 2015, got ${JSON.stringify(v)}`);
  const year = Number(m[1]);
  const yearStart = year * 12 + (fy > 1 ? fy - 1 - 12 : 0);
  if (m[2] !== undefined) {
    if (series.every !== 'month') throw new Error(`${which}: ${v} is a month; for every: ${series.every} give a year${series.every === 'quarter' ? ' or a quarter (2015-Q1)' : ''}`);
    const at = year * 12 + Number(m[2]) - 1;
    return [at, at];
  }
  if (m[3] !== undefined) {
    if (series.every !== 'quarter') throw new Error(`${which}: ${v} is a quarter; for every: ${series.every} give a year${series.every === 'month' ? ' or a month (2015-07)' : ''}`);
    const at = yearStart + (Number(m[3]) - 1) * 3;
    return [at, at + 2];
  }
  return [yearStart, yearStart + 11];
}

/** The phase of `months` months starting at month number `at`. */
function phaseAt(every: PhaseSeries['every'], at: number, months: number, fy: number): Phase {
  const year = Math.floor(at / 12);
  const month = (at % 12) + 1;
  const endAt = at + months - 1;
  const endYear = Math.floor(endAt / 12);
  const endMonth = (endAt % 12) + 1;
  const start = toDayDate(year, month, 1, 'day');
  const end = toDayDate(endYear, endMonth, daysInMonth(endYear, endMonth), 'day');
  if (!start || !end) throw new Error(`${year}-${month} is outside the years 1–9999`);
  const { id, name } = label(every, year, month, fy);
  return { id, name, start, end };
}

function label(every: PhaseSeries['every'], year: number, month: number, fy: number): { id: string; name: string } {
  const mm = String(month).padStart(2, '0');
  if (every === 'month') return { id: `${year}-${mm}`, name: `${year}-${mm}` };
  // The fiscal year a month belongs to is named by the year it ends in.
  const fiscal = fy > 1 && month >= fy ? year + 1 : year;
  const q = Math.floor((((month - fy + 12) % 12) / 3)) + 1;
  if (fy > 1) return every === 'year' ? { id: `fy${fiscal}`, name: `FY${fiscal}` } : { id: `fy${fiscal}-q${q}`, name: `FY${fiscal} Q${q}` };
  return every === 'year' ? { id: `${year}`, name: `${year}` } : { id: `${year}-Q${q}`, name: `${year} Q${q}` };
}
