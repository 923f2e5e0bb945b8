/**
 * Totals rows: agencies' sheets end (or break) with a "Total" / "Tổng cộng" /
 * "합계" row. Such a row is not a seizure: it has no id (or the totals word
 * where the id would be), and one of its cells is a totals word.
 */
import { looseKey } from '../normalize/text.js';

/** Totals words in English, Vietnamese and Korean, as cells hold them (case, spaces, a trailing colon ignored). */
export const TOTALS_WORDS: readonly string[] = ['Total', 'Totals', 'Subtotal', 'Sub-total', 'Sub total', 'Grand total', 'Tổng', 'Tổng cộng', 'Tổng số', 'Cộng', 'Tổng cộng chung', '합계', '총계', '소계', '총합계'];

const WORDS = new Set(TOTALS_WORDS.map((w) => looseKey(w)));
/** The longest word (a decomposed Vietnamese word is longer: it is normalized before the lookup, the length checked with room). */
const LONGEST = 2 * Math.max(...TOTALS_WORDS.map((w) => w.normalize('NFD').length));
/** First letters of the words, both cases: most cells are ruled out without normalizing them. */
const FIRST = new Set(TOTALS_WORDS.flatMap((w) => [w.charCodeAt(0), w.toLowerCase().charCodeAt(0), w.toUpperCase().charCodeAt(0)]));

/** Whether a cell is a totals word. */
export function isTotalsWord(text: string): boolean {
  // every row's id comes here: rule out most with a look at its first character and its length
  if (text.length === 0 || text.length > 40) return false;
  const cell = text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32 ? text.trim() : text;
  if (cell.length === 0 || cell.length > LONGEST + 1 || !FIRST.has(cell.charCodeAt(0))) return false;
  for (let i = 1; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) return false; // no totals word has a digit; most ids do
  }
  return WORDS.has(looseKey(cell.replace(/[:：.]\s*$/, '')));
}

/**
 * Whether a row is a totals row: its id cells (`idCells`, the columns that feed
 * the id) are empty or a totals word, and some cell is a totals word.
 */
export function isTotalsRow(row: readonly string[], idCells: readonly number[]): boolean {
  let word = false;
  for (const i of idCells) {
    const v = row[i] ?? '';
    if (isTotalsWord(v)) word = true;
    else if (v.trim() !== '') return false;
  }
  if (word) return true;
  for (const c of row) if (c !== '' && isTotalsWord(c.trim())) return true;
  return false;
}
