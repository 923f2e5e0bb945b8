import type { Campaign, SourceFile } from '../config/campaign.js';
import { compileDateParser } from '../normalize/date.js';
import { AliasTable } from '../normalize/text.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { FIELD_INDEX } from '../config/column-map.js';
import { mapColumns } from './columns.js';
import { createSourceReader } from './source.js';

/** A rejected record with the date its row gives, if any can be read. */
export interface RejectedRow {
  readonly file: string;
  readonly line: number;
  /** `yyyy-MM-dd`, or null: the date cell is empty or unparsable, or the row's cells cannot be trusted. */
  readonly date: string | null;
  /** Distinct error codes, in the order they were reported. */
  readonly codes: readonly string[];
}

/** Unparsable stretches: one rejected record each, with no cells to read a date from. */
const MALFORMED = new Set(['MALFORMED_CSV', 'MALFORMED_YAML']);
/** Codes of the header, not of a row: every row of such a file is rejected (re-detected from the header). */
const HEADER_LEVEL = new Set(['MISSING_COLUMN']);

/**
 * Collects, from a run's error diagnostics, which rows were rejected and why
 * (file → line → codes). At most `max` rows are kept: a hostile file must not
 * exhaust memory; the rest are counted as not placed.
 */
export class RejectedRowIndex {
  private readonly byFile = new Map<string, Map<number, string[]>>();
  private size = 0;

  constructor(private readonly max = 200_000) {}

  readonly add = (d: Diagnostic): void => {
    if (d.severity !== 'error' || HEADER_LEVEL.has(d.code)) return;
    let lines = this.byFile.get(d.file);
    if (!lines) this.byFile.set(d.file, (lines = new Map()));
    const codes = lines.get(d.line);
    if (codes) {
      if (!codes.includes(d.code)) codes.push(d.code);
      return;
    }
    if (this.size >= this.max) return;
    this.size++;
    lines.set(d.line, [d.code]);
  };

  linesOf(file: string): ReadonlyMap<number, readonly string[]> {
    return this.byFile.get(file) ?? new Map();
  }
}

/**
 * Gives every rejected record its date, so a summary can place it in or out of
 * its window. Rejected records are not handed on by the pipeline, so the files
 * that had some are read again, up to their last rejected row (all of a file
 * rejected as a whole), and each such row's date cell is parsed as the source
 * says (columns, defaults, values, date_format, fiscal_year_start). Undated:
 * unparsable stretches (MALFORMED_*), rows with the wrong number of fields
 * (FIELD_COUNT: which cell is the date is unknown) and empty or invalid dates.
 */
export async function dateRejectedRows(campaign: Campaign, index: RejectedRowIndex, rejectedPerFile: ReadonlyMap<string, number>): Promise<RejectedRow[]> {
  const out: RejectedRow[] = [];
  for (const file of campaign.files) {
    if ((rejectedPerFile.get(file.display) ?? 0) === 0) continue;
    const wanted = index.linesOf(file.display);
    const pending = new Set<number>();
    for (const [line, codes] of wanted) {
      if (codes.some((c) => MALFORMED.has(c))) out.push({ file: file.display, line, date: null, codes });
      else pending.add(line);
    }
    out.push(...(await readDates(file, wanted, pending, campaign.redact)));
  }
  return out;
}

async function readDates(file: SourceFile, wanted: ReadonlyMap<number, readonly string[]>, pending: Set<number>, redact: readonly string[]): Promise<RejectedRow[]> {
  const out: RejectedRow[] = [];
  const cfg = file.config;
  const parse = compileDateParser(cfg.date_format ?? 'yyyy-MM-dd', cfg.fiscal_year_start ?? 1);
  const aliases = cfg.values?.date ? new AliasTable(Object.entries(cfg.values.date)) : undefined;
  let dateCells: readonly number[] = [];
  let dateDefault = '';
  let width = 0;
  let isYaml = false;
  let headerCodes: string[] | undefined;
  for await (const batch of createSourceReader(file).batches()) {
    if (batch.header !== undefined) {
      const columns = mapColumns(batch.header, cfg, file.display, redact);
      const errors = columns.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
      headerCodes = columns.missing.length > 0 || errors.length > 0 ? [...new Set(errors.length > 0 ? errors : ['MISSING_COLUMN'])] : undefined;
      dateCells = columns.cells[FIELD_INDEX.date] ?? [];
      dateDefault = columns.defaults[FIELD_INDEX.date] ?? '';
      width = columns.width;
      isYaml = width === 0 || cfg.format === 'yaml' || /\.ya?ml$/i.test(file.path);
    }
    const { rows, lines } = batch;
    for (let i = 0; i < rows.length; i++) {
      const line = lines[i]!;
      const codes = headerCodes ?? wanted.get(line);
      if (!codes || (!headerCodes && !pending.has(line))) continue;
      pending.delete(line);
      const row = rows[i]!;
      const trusted = isYaml || row.length === width;
      let raw = !trusted
        ? ''
        : dateCells.length === 1
          ? (row[dateCells[0]!] ?? '').trim()
          : dateCells.map((c) => (row[c] ?? '').trim()).filter((x) => x !== '').join(' ');
      if (trusted && raw === '') raw = dateDefault;
      if (raw !== '' && aliases) raw = aliases.get(raw) ?? raw;
      const d = raw === '' ? null : parse(raw);
      out.push({ file: file.display, line, date: d ? d.iso : null, codes });
    }
    if (!headerCodes && pending.size === 0) break; // the rest of the file has no rejected row
  }
  // Lines the re-read did not meet (the file changed since): undated.
  for (const line of pending) out.push({ file: file.display, line, date: null, codes: wanted.get(line)! });
  return out;
}
