import { format as formatDate } from 'date-fns/format';
import { enGB } from 'date-fns/locale/en-GB';
import { ko } from 'date-fns/locale/ko';
import { vi } from 'date-fns/locale/vi';
import { formerCountryName } from '../normalize/country.js';
import type { ReportLocale } from './locale.js';

const DATE_LOCALES = { en: enGB, vi, ko } as const;

/** The date-fns locale of a report language (English as written in Britain when the language has none). */
export function dateLocale(locale: string): typeof enGB {
  return DATE_LOCALES[locale as keyof typeof DATE_LOCALES] ?? enGB;
}

/** How figures, dates and codes are written in a report's language (plain text: the caller escapes). */
export interface Formatters {
  /** A number with up to `digits` decimals (default 3); below 0.001 three significant digits; n/a when not finite. */
  num(v: unknown, digits?: number): string;
  int(v: unknown): string;
  /** A quantity and its unit. */
  qty(v: unknown, unit: unknown): string;
  /** A change in percent, signed (n/a when there is none). */
  pct(change: { percent: number | null } | undefined): string;
  /** An ISO date (yyyy-MM-dd…) in the locale's date format. */
  date(iso: unknown): string;
  country(code: unknown): string;
  commodity(c: unknown): string;
  route(c: unknown): string;
  direction(c: unknown): string;
  unit(c: unknown): string;
  reason(c: unknown): string;
  label(key: string): string;
  /**
   * A label's `{name:one|other}` forms resolved by the locale's plural rules for
   * `counts[name]` ("{cases} {cases:case|cases}": 1 case, 2 cases); `{name}`
   * placeholders are left for `fill`. A language without such forms writes none.
   */
  forms(template: string, counts: Record<string, number>): string;
}

/** The formatters of `loc`: the template helpers and the executive summary write every figure alike. */
export function formatters(loc: ReportLocale): Formatters {
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const nf = (digits: number) => {
    let f = numberFormats.get(digits);
    if (!f) numberFormats.set(digits, (f = new Intl.NumberFormat(loc.numberLocale, { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
    return f;
  };
  const regionNames = new Intl.DisplayNames([loc.locale], { type: 'region', fallback: 'code' });
  const from = (table: Record<string, string>, key: string) => table[key] ?? key;
  const tiny = new Intl.NumberFormat(loc.numberLocale, { maximumSignificantDigits: 3 });
  const num = (v: unknown, digits = 3) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return loc.labels.na ?? 'n/a';
    return digits === 3 && v !== 0 && Math.abs(v) < 0.001 ? tiny.format(v) : nf(digits).format(v);
  };
  return {
    num,
    int: (v) => num(v, 0),
    qty: (v, unit) => `${num(v, 3)} ${from(loc.units, String(unit))}`,
    pct: (change) => {
      const p = change?.percent;
      if (p === null || p === undefined || !Number.isFinite(p)) return loc.labels.na ?? 'n/a';
      return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${nf(1).format(Math.abs(p))} %`;
    },
    date: (iso) => {
      if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return '';
      const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
      return formatDate(new Date(y, m - 1, d), loc.dateFormat, { locale: dateLocale(loc.locale) });
    },
    country: (code) => {
      const c = String(code ?? '');
      if (c === '') return '—';
      if (c === 'ZZ') return loc.labels.unknown ?? 'unknown';
      // A former code's own name (CLDR gives SU as Russia, its successor); a four-letter one (CSHH) is no region for CLDR.
      return formerCountryName(c, loc.locale) ?? regionName(regionNames, c) ?? c;
    },
    commodity: (c) => from(loc.commodities, String(c)),
    route: (c) => from(loc.routes, String(c)),
    direction: (c) => from(loc.directions, String(c ?? '')),
    unit: (c) => from(loc.units, String(c)),
    reason: (c) => from(loc.reasons, String(c)),
    label: (key) => loc.labels[key] ?? key,
    forms: (template, counts) => {
      const rules = new Intl.PluralRules(loc.locale);
      return template.replace(FORMS, (m, name: string, one: string, other: string) => (counts[name] === undefined ? m : rules.select(counts[name]) === 'one' ? one : other));
    },
  };
}

/** CLDR's name of a region code, or undefined (a code CLDR cannot take, such as CSHH, throws). */
function regionName(names: Intl.DisplayNames, code: string): string | undefined {
  try {
    return names.of(code);
  } catch {
    return undefined;
  }
}

/** `{name:one|other}`: the word forms of a count in a label (see Formatters.forms). */
const FORMS = /\{([A-Za-z]+):([^{}|]*)\|([^{}|]*)\}/g;

