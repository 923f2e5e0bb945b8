/**
 * Source options that decide what a row's cells say before any field is
 * parsed: `null_values` (cells that mean "empty"), several quantity columns
 * (`columns.quantity: { coalesce | max }`) and the `where:` row filter. Pure.
 */
import { parseNumber, type DecimalMark } from '../normalize/number.js';
import { AliasTable } from '../normalize/text.js';

/** Whether a trimmed cell is one of the source's `null_values` (case ignored); undefined when the source has none. */
export function createNullTest(values: readonly string[] | undefined): ((cell: string) => boolean) | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const set = new Set(values.map((v) => v.trim().toLowerCase()));
  const longest = Math.max(...[...set].map((v) => v.length));
  // Most cells are longer than every null spelling: ruled out without lower-casing them.
  return (cell) => cell.length <= longest && set.has(cell.toLowerCase());
}

/**
 * Which of several quantity cells (trimmed, null values already empty) is the
 * quantity: `coalesce`, the first non-empty one; `max`, the largest number, the
 * first of equals — but a cell that is not a number is chosen, so that it is
 * reported rather than passed over. -1 when every cell is empty.
 */
export function pickQuantityCell(cells: readonly string[], mode: 'coalesce' | 'max', decimal: DecimalMark): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < cells.length; k++) {
    const v = cells[k]!;
    if (v === '') continue;
    if (mode === 'coalesce') return k;
    const n = parseNumber(v, decimal);
    if (Number.isNaN(n)) return k;
    if (best === -1 || n > bestValue) {
      best = k;
      bestValue = n;
    }
  }
  return best;
}

/** One header of a `where:` filter: its column, and the values a row may have there. */
export interface WhereColumn {
  readonly index: number;
  readonly values: readonly string[];
}

/**
 * The `where:` filter of a source as a test of a row: true when, for every
 * header, the row's cell (trimmed; a null value is empty) is one of its values,
 * matched as values are (case, spaces and underscores ignored, Vietnamese
 * diacritics where that is unambiguous). Undefined when the source has no filter.
 */
export function createRowFilter(where: readonly WhereColumn[] | undefined, isNull?: (cell: string) => boolean): ((row: readonly string[]) => boolean) | undefined {
  if (where === undefined || where.length === 0) return undefined;
  const tests = where.map((w) => {
    const allowed = new AliasTable<true>(w.values.map((v) => [v, true] as const));
    // Exports repeat the same few values in a filtered column: each is looked up once.
    const seen = new Map<string, boolean>();
    return (row: readonly string[]) => {
      const raw = row[w.index] ?? '';
      let ok = seen.get(raw);
      if (ok === undefined) {
        let cell = raw.trim();
        if (isNull?.(cell)) cell = '';
        ok = allowed.get(cell) === true;
        if (seen.size < 10_000) seen.set(raw, ok);
      }
      return ok;
    };
  });
  return (row) => tests.every((t) => t(row));
}
