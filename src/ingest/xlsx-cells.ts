/**
 * Workbook cells as the text the record normalizer reads: a date cell as
 * yyyy-MM-dd (the record parser reads that shape as ISO in a workbook,
 * whatever `date_format` says), a number in the source's decimal mark with no
 * grouping (so no decimal-separator question), a formula its cached value,
 * rich text and hyperlinks their text, an error its code (#N/A).
 */
import type { DecimalMark } from '../normalize/number.js';

const DAY_MS = 86_400_000;
/** Days from 1899-12-30 (Excel's day 0 after its fictitious 1900-02-29) to 1970-01-01. */
const EPOCH_1900 = 25_569;
/** The 1904 system (old Mac Excel) counts from 1904-01-01: 1,462 days later. */
const OFFSET_1904 = 1_462;

/**
 * The ISO date of an Excel serial number. In the 1900 system Excel counts
 * 1900-02-29, a day that never was (serial 60, kept from Lotus 1-2-3): serials
 * before it are one day later than plain arithmetic says, and 60 itself is
 * given as "1900-02-29", which the date parser rejects as impossible.
 */
export function serialToIso(serial: number, date1904: boolean): string {
  if (!Number.isFinite(serial) || serial < 0) return String(serial);
  const whole = Math.floor(serial);
  // a sheet repeats the same few hundred days: each is worked out once
  const key = date1904 ? -1 - whole : whole;
  const known = seen.get(key);
  if (known !== undefined) return known;
  const iso = isoOfWholeSerial(whole, date1904);
  if (seen.size < 100_000) seen.set(key, iso);
  return iso;
}

const seen = new Map<number, string>();

function isoOfWholeSerial(whole: number, date1904: boolean): string {
  if (!date1904 && whole === 60) return '1900-02-29';
  if (!date1904 && whole === 0) return '1900-01-00';
  let days = whole - EPOCH_1900 + (date1904 ? OFFSET_1904 : 0);
  if (!date1904 && whole < 60) days += 1;
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** The serial number exceljs turned into a Date (its utils.excelToDate, without the 1900 leap-year rule), back. */
function serialOf(d: Date, date1904: boolean): number {
  return d.getTime() / DAY_MS + EPOCH_1900 - (date1904 ? OFFSET_1904 : 0);
}

/** A number format that shows a date (as exceljs decides it: d, m, y, h, s or b outside quotes and brackets). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt || fmt === 'General') return false;
  return /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

export interface CellOptions {
  readonly decimal: DecimalMark;
  readonly date1904: boolean;
}

/** Writes a number as the source writes numbers: its decimal mark, no grouping. */
export function numberText(n: number, decimal: DecimalMark): string {
  const s = String(n);
  return decimal === ',' ? s.replace('.', ',') : s;
}

/** A cell's value as text (see the file's comment); `numFmt` tells a date serial from a number. */
export function cellText(value: unknown, numFmt: string | undefined, o: CellOptions): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? serialToIso(value, o.date1904) : numberText(value, o.decimal);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return serialToIso(Math.round(serialOf(value, o.date1904) * 1e6) / 1e6, o.date1904);
  if (typeof value === 'object') {
    const v = value as { result?: unknown; formula?: unknown; sharedFormula?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result, numFmt, o);
    if (Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if (v.error !== undefined) return String(v.error);
    if (v.text !== undefined) return cellText(v.text, numFmt, o);
  }
  return '';
}
