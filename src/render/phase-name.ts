/**
 * Phase names that are not names but English defaults ("Phase 2", "August",
 * "July 2024", and the ids of generated phases: "2024-07", "2024-Q3",
 * "FY2024"), said in the report's language. Any other name is the campaign
 * file's, shown as written; so is every name in an English report.
 */
import { fill } from './fill.js';
import type { ReportLocale } from './locale.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  // full names, and three-letter abbreviations ("Sep", "Sept")
  return MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w) && (w.length === 3 || w === 'sept')));
}

/** `name` in the report's language when it is a default the tool knows; else `name` itself. */
export function localizePhaseName(name: string, loc: Pick<ReportLocale, 'locale' | 'labels'>): string {
  // English reports show the campaign file's names untouched
  if (loc.locale === 'en') return name;
  const s = name.trim();
  const L = loc.labels;
  let m = /^phase\s*(\d+)$/i.exec(s);
  if (m && L.phaseNumbered) return fill(L.phaseNumbered, { n: String(Number(m[1])) });
  m = /^(\d{4})-?Q([1-4])$/i.exec(s);
  if (m && L.phaseQuarter) return fill(L.phaseQuarter, { year: m[1]!, q: m[2]! });
  m = /^Q([1-4])\s+(\d{4})$/i.exec(s);
  if (m && L.phaseQuarter) return fill(L.phaseQuarter, { year: m[2]!, q: m[1]! });
  m = /^FY\s?(\d{4})$/i.exec(s);
  if (m && L.phaseFiscalYear) return fill(L.phaseFiscalYear, { year: m[1]! });
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthName(loc.locale, Number(m[2]) - 1, Number(m[1]));
  m = /^([A-Za-z]+\.?)(?:\s+(\d{4}))?$/.exec(s);
  const month = m ? monthIndex(m[1]!) : -1;
  if (m && month >= 0) return monthName(loc.locale, month, m[2] === undefined ? undefined : Number(m[2]));
  return name;
}

function monthName(locale: string, month: number, year: number | undefined): string {
  const f = new Intl.DateTimeFormat(locale, { month: 'long', ...(year === undefined ? {} : { year: 'numeric' }), timeZone: 'UTC' });
  const s = f.format(Date.UTC(year ?? 2000, month, 1));
  // a name begins with a capital ("tháng 8 năm 2024" → "Tháng 8 năm 2024")
  return s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
}
