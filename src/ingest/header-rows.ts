/**
 * Where the header is: agencies' exports often carry a report title (and a
 * blank row or two) above it. By default the header is the first of the first
 * HEADER_SCAN rows whose cells map (built-in and campaign headers) to the most
 * required fields, and the scan stops at the first row that maps every required
 * field the source does not default; `header_row: N` says which physical row it
 * is. The rows above it are title rows: not records, counted per source.
 */
import { FIELD_INDEX } from '../config/column-map.js';
import { LINE_ID, REQUIRED_FIELDS, type CanonicalField, type SourceConfig } from '../config/schema.js';
import { mapColumns } from './columns.js';
import type { RowBatch } from './rows.js';

/** Rows looked at for a header. */
export const HEADER_SCAN = 20;

/** The required fields a header must give a column: those the source gives no default for (an id made of file and line, `columns: { id: "@line" }`, needs none). */
function neededFields(config: SourceConfig): readonly CanonicalField[] {
  return REQUIRED_FIELDS.filter((f) => config.defaults?.[f] === undefined && !(f === 'id' && config.columns?.id === LINE_ID));
}

/**
 * How a row would do as a header: `score`, how many required fields it maps (by a column,
 * not by a default); `complete`, whether it maps every one of `needed` (never when none is needed).
 */
function headerMatch(row: readonly string[], config: SourceConfig, redact: readonly string[], needed: readonly CanonicalField[]): { score: number; complete: boolean } {
  if (row.every((c) => c.trim() === '')) return { score: 0, complete: false };
  const cells = mapColumns(row, config, '', redact).cells;
  const score = REQUIRED_FIELDS.reduce((n, f) => n + (cells[FIELD_INDEX[f]]!.length > 0 ? 1 : 0), 0);
  // With every required field defaulted, any row would be complete: the scan then looks for the best row as before.
  return { score, complete: needed.length > 0 && needed.every((f) => cells[FIELD_INDEX[f]]!.length > 0) };
}

/**
 * A header is recognizable when its cells map at least half of the required
 * fields the source gives no default for (and at least one).
 */
export function isRecognizable(score: number, config: SourceConfig): boolean {
  return score > 0 && score * 2 >= neededFields(config).length;
}

/**
 * The index (into `rows`) of the header: the row at `header_row` when set
 * (the first at or after it, blank rows being absent), else the first row with
 * the best score; -1 when no row maps any required field (so there is no
 * recognizable header: the first row is then taken, as it always was).
 */
export function findHeader(rows: readonly (readonly string[])[], lines: readonly number[], config: SourceConfig, redact: readonly string[]): { index: number; score: number } {
  const needed = neededFields(config);
  if (config.header_row !== undefined) {
    const at = lines.findIndex((l) => l >= config.header_row!);
    return { index: at, score: at === -1 ? 0 : headerMatch(rows[at]!, config, redact, needed).score };
  }
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < Math.min(rows.length, HEADER_SCAN); i++) {
    const { score, complete } = headerMatch(rows[i]!, config, redact, needed);
    if (score > bestScore) {
      best = i;
      bestScore = score;
      // A row with a column for every field the source does not default is the header: the data rows below
      // it need not be mapped too (a source that defaults a required field has no row mapping them all).
      if (complete) break;
    }
  }
  return { index: best, score: bestScore };
}

/**
 * The batches of a delimited file with its header found (see findHeader): the
 * reader's first row (its header) and the next HEADER_SCAN − 1 are held back
 * until the header is known; the rows above it go out as skipped title rows,
 * the header on the first batch with its line. A file whose first row is the
 * header passes through unchanged.
 */
export async function* locateHeader(batches: AsyncIterable<RowBatch>, config: SourceConfig, redact: readonly string[]): AsyncGenerator<RowBatch> {
  let held: RowBatch | undefined;
  let done = false;
  for await (const b of batches) {
    if (done) {
      yield b;
      continue;
    }
    if (held === undefined) {
      if (b.header === undefined) {
        yield b;
        continue;
      }
      held = { ...b, rows: [...b.rows], lines: [...b.lines], diagnostics: [...b.diagnostics] };
    } else {
      held.rows.push(...b.rows);
      held.lines.push(...b.lines);
      held.diagnostics.push(...b.diagnostics);
      held.malformed += b.malformed;
      if (b.skipped) held.skipped = { title: (held.skipped?.title ?? 0) + b.skipped.title, blank: (held.skipped?.blank ?? 0) + b.skipped.blank };
    }
    if (enough(held, config)) {
      done = true;
      yield relocate(held, config, redact);
    }
  }
  if (!done && held !== undefined) yield relocate(held, config, redact);
}

/** Held enough rows to find the header: HEADER_SCAN of them, or up to `header_row`. */
function enough(b: RowBatch, config: SourceConfig): boolean {
  if (config.header_row === undefined) return b.rows.length >= HEADER_SCAN - 1;
  const last = b.lines.length > 0 ? b.lines[b.lines.length - 1]! : (b.headerLine ?? 1);
  return last >= config.header_row;
}

function relocate(b: RowBatch, config: SourceConfig, redact: readonly string[]): RowBatch {
  const header = b.header!;
  if (header.length === 0) return b;
  const rows = [header as string[], ...b.rows];
  const lines = [b.headerLine ?? 1, ...b.lines];
  const { index, score } = findHeader(rows, lines, config, redact);
  if (index === -1 && config.header_row !== undefined) {
    // `header_row` past the last row: every row is above it.
    return { ...b, header: [], rows: [], lines: [], skipped: above(rows, rows.length, b) };
  }
  if (index <= 0 || (config.header_row === undefined && !isRecognizable(score, config))) return b;
  return {
    ...b,
    header: rows[index]!,
    headerLine: lines[index]!,
    rows: rows.slice(index + 1),
    lines: lines.slice(index + 1),
    skipped: above(rows, index, b),
  };
}

/**
 * The rows above the header (the first `n`): title rows, and blank rows (a row of
 * empty cells the reader took for its header, such as ",,,,") added to the batch's.
 */
function above(rows: readonly (readonly string[])[], n: number, b: RowBatch): { title: number; blank: number } {
  let blank = b.skipped?.blank ?? 0;
  for (let i = 0; i < n; i++) if (rows[i]!.every((c) => c.trim() === '')) blank++;
  return { title: n - (blank - (b.skipped?.blank ?? 0)), blank };
}
