import { createRequire } from 'node:module';

/**
 * date-fns `parse` is needed only for formats the fast parser below does not
 * handle: it is loaded then (its CommonJS build, synchronously), not at start-up
 * (the date-fns entry point alone takes ~100 ms to load).
 */
const require = createRequire(import.meta.url);
type DateFnsParse = (dateStr: string, formatStr: string, referenceDate: Date) => Date;
let dateFnsParse: DateFnsParse | undefined;
function parseWithDateFns(raw: string, format: string, ref: Date): Date {
  dateFnsParse ??= (require('date-fns/parse') as { parse: DateFnsParse }).parse;
  return dateFnsParse(raw, format, ref);
}
/** date-fns `isValid` of a Date: not an Invalid Date. */
function isValid(d: Date): boolean {
  return !Number.isNaN(d.getTime());
}

/** A calendar date as days since 1970-01-01 (UTC), with the precision the source had. */
export interface DayDate {
  /** Days since 1970-01-01. */
  readonly day: number;
  /** `yyyy-MM-dd` (first day of the month/year when the source had less precision). */
  readonly iso: string;
  readonly precision: 'day' | 'month' | 'year';
}

export interface DateParser {
  (raw: string): DayDate | null;
}

/** How precise a date is: a day, or only a month or a year (a reported total of that period). */
export type DatePrecision = DayDate['precision'];

/** Coarsest first: a smaller rank is a longer period. */
const PRECISION_RANK: Readonly<Record<DatePrecision, number>> = { year: 0, month: 1, day: 2 };

/** The coarser of two precisions (the one whose periods are longer). */
export function coarserPrecision(a: DatePrecision, b: DatePrecision): DatePrecision {
  // Stryker disable next-line EqualityOperator: equivalent, equal ranks are the same precision
  return PRECISION_RANK[a] <= PRECISION_RANK[b] ? a : b;
}

/**
 * The precision of the dates a date-fns format writes: `day` with a day (d, D),
 * a localized date (P), a timestamp (t, T) or an ISO week date (I, i, w);
 * `month` with a month or quarter (M, L, Q, q) and no day; else `year`. Text in
 * single quotes is literal.
 */
export function formatPrecision(format: string): DatePrecision {
  const tokens = format.replace(/'[^']*'/g, '');
  if (/[dDPtTIiw]/.test(tokens)) return 'day';
  if (/[MLQq]/.test(tokens)) return 'month';
  return 'year';
}

/**
 * The date at `precision` when that is coarser than its own: the first day of
 * its month or year, with that precision. A date is never made more precise
 * than it was written.
 */
export function atPrecision(d: DayDate, precision: DatePrecision): DayDate {
  if (PRECISION_RANK[precision] >= PRECISION_RANK[d.precision]) return d;
  const year = Number(d.iso.slice(0, 4));
  const month = precision === 'year' ? 1 : Number(d.iso.slice(5, 7));
  return toDayDate(year, month, 1, precision)!;
}

/** The last day (days since 1970) of the period a date stands for: itself at day precision, else the last day of its month or year. */
export function periodEndDay(day: number, iso: string, precision: DatePrecision): number {
  if (precision === 'day') return day;
  const year = Number(iso.slice(0, 4));
  const month = precision === 'year' ? 12 : Number(iso.slice(5, 7));
  // Stryker disable next-line StringLiteral: equivalent, only the day number is used
  return toDayDate(year, month, daysInMonth(year, month), 'day')!.day;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MS_PER_DAY = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function toDayDate(year: number, month: number, day: number, precision: DayDate['precision']): DayDate | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  const d = Date.UTC(year, month - 1, day);
  const dt = new Date(d);
  // Date.UTC maps years 0..99 to 1900..1999; correct it.
  if (year < 100) dt.setUTCFullYear(year);
  const ms = dt.getTime();
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { day: Math.round(ms / MS_PER_DAY), iso, precision };
}

/** `yyyy-MM-dd` of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Parses a strict ISO `yyyy-MM-dd` (as used in campaign files). */
export function parseIsoDate(raw: string): DayDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (!m) return null;
  return toDayDate(Number(m[1]), Number(m[2]), Number(m[3]), 'day');
}

type Token = 'yyyy' | 'yy' | 'MM' | 'M' | 'dd' | 'd' | 'MMM' | 'MMMM';
const TOKEN_RE: Record<Token, string> = {
  yyyy: '(\\d{4})',
  yy: '(\\d{2})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  dd: '(\\d{2})',
  d: '(\\d{1,2})',
  MMM: '([A-Za-z]{3})',
  MMMM: '([A-Za-z]+)',
};

/**
 * Compiles a date-fns format into a fast parser. The common tokens (y, M, MMM,
 * d) are matched with one regular expression; any other format falls back to
 * date-fns `parse`. Impossible dates (31/02) are null either way. With
 * `fiscalYearStart` (1..12, e.g. 10 for the US federal year) the year in the
 * data is a fiscal year: FY2021 OCT is October 2020.
 */
export function compileDateParser(format: string, fiscalYearStart = 1): DateParser {
  const tokens: Token[] = [];
  let re = '^';
  let fast = true;
  let rest = format;
  while (rest.length > 0) {
    const m = /^(yyyy|yy|MMMM|MMM|MM|M|dd|d)/.exec(rest);
    if (m) {
      const t = m[1] as Token;
      tokens.push(t);
      re += TOKEN_RE[t];
      rest = rest.slice(t.length);
      continue;
    }
    const ch = rest[0]!;
    if (/[A-Za-z]/.test(ch)) {
      fast = false;
      break;
    }
    re += ch === ' ' ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    rest = rest.slice(1);
  }
  re += '$';
  const precision = formatPrecision(format);
  const shiftFiscal = (year: number, month: number): number =>
    fiscalYearStart > 1 && month >= fiscalYearStart ? year - 1 : year;

  // Stryker disable next-line MethodExpression: equivalent, every year token (yy, yyyy) starts and ends with y
  if (fast && tokens.some((t) => t.startsWith('y'))) {
    const regex = new RegExp(re);
    return (raw) => {
      const m = regex.exec(raw.trim());
      if (!m) return null;
      let year = 0;
      let month = 1;
      let day = 1;
      for (let i = 0; i < tokens.length; i++) {
        const v = m[i + 1]!;
        switch (tokens[i]) {
          case 'yyyy':
            year = Number(v);
            break;
          case 'yy': {
            // POSIX strptime pivot: 00–68 → 20xx, 69–99 → 19xx
            const yy = Number(v);
            year = yy <= 68 ? 2000 + yy : 1900 + yy;
            break;
          }
          case 'MM':
          case 'M':
            month = Number(v);
            break;
          case 'MMM':
          case 'MMMM': {
            const idx = MONTHS.indexOf(v.slice(0, 3).toLowerCase());
            if (idx < 0 || (tokens[i] === 'MMMM' && v.length > 3 && !fullMonthMatches(v, idx))) return null;
            month = idx + 1;
            break;
          }
          default:
            day = Number(v);
        }
      }
      return toDayDate(shiftFiscal(year, month), month, day, precision);
    };
  }
  const ref = new Date(Date.UTC(2000, 0, 1));
  return (raw) => {
    const d = parseWithDateFns(raw.trim(), format, ref);
    if (!isValid(d)) return null;
    const month = d.getMonth() + 1;
    return toDayDate(shiftFiscal(d.getFullYear(), month), month, d.getDate(), precision);
  };
}

const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
function fullMonthMatches(v: string, idx: number): boolean {
  return FULL_MONTHS[idx] === v.toLowerCase();
}
