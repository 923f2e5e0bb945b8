/**
 * The columns of `export` (a documented contract, README "Export: the
 * harmonized record table"): each with its type and how it reads an accepted
 * record or a rejected row. Pure: the writers (export-writers.ts) only format.
 */
import type { Phase } from '../config/campaign.js';
import { FIELD_INDEX } from '../config/column-map.js';
import { CANONICAL_FIELDS, type CanonicalField } from '../config/schema.js';
import { isoOfDay } from '../normalize/date.js';
import { looseKey } from '../normalize/text.js';
import type { RejectedRecord } from '../pipeline/types.js';
import type { SeizureRecord } from '../validate/record.js';

/** Formats of `export`. */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The format an --out file's extension names, if any. */
export function exportFormatOfPath(file: string): ExportFormat | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  return undefined;
}

/** A cell: text, a number, a date (days since 1970), or null (empty). */
export type ExportCell = string | number | null;

/** Column types, as Parquet stores them: UTF8 strings, DATE, DOUBLE, INT64; all nullable. */
export type ExportType = 'string' | 'date' | 'double' | 'int';

/** An accepted record with what the run knows of it. */
export interface RecordRow {
  readonly rec: SeizureRecord;
  readonly phase: string;
  readonly file: string;
  readonly sheet: string | undefined;
}

export interface ExportColumn {
  readonly name: string;
  readonly type: ExportType;
  /** The canonical field whose `redact:` drops the column. */
  readonly field?: CanonicalField;
  /** Its value for an accepted record. */
  readonly accepted: (r: RecordRow) => ExportCell;
  /** Its value for a rejected row: as written (RejectedRecord.cells), or as understood for a record rejected for its id. */
  readonly rejected: (r: RejectedRecord) => ExportCell;
}

/** '' is no value: null in NDJSON and Parquet, an empty cell in CSV. */
function text(s: string): string | null {
  return s === '' ? null : s;
}

/** A rejected row's cell of a canonical field, as written. */
function written(r: RejectedRecord, f: CanonicalField): string | null {
  return r.cells ? text(r.cells[FIELD_INDEX[f]] ?? '') : null;
}

/** A column of a text field: the record's value, else the rejected row's cell as written. */
function textColumn(name: string, field: CanonicalField, get: (rec: SeizureRecord) => string): ExportColumn {
  return {
    name,
    type: 'string',
    field,
    accepted: (r) => text(get(r.rec)),
    rejected: (r) => (r.record ? text(get(r.record)) : written(r, field)),
  };
}

/** A column known only of an understood record (accepted, or rejected for its id): null for a row rejected as written. */
function understood(name: string, type: ExportType, field: CanonicalField, get: (rec: SeizureRecord) => ExportCell): ExportColumn {
  return { name, type, field, accepted: (r) => get(r.rec), rejected: (r) => (r.record ? get(r.record) : null) };
}

/** The columns of every export, in order. */
export const RECORD_COLUMNS: readonly ExportColumn[] = [
  textColumn('id', 'id', (r) => r.id),
  textColumn('case_id', 'case_id', (r) => r.caseId),
  // A rejected row's date when it could be read (its day), else null: the cell as written is in date_as_written.
  { name: 'date', type: 'date', field: 'date', accepted: (r) => r.rec.day, rejected: (r) => (r.record ? r.record.day : (r.day ?? null)) },
  // day, month or year: a yearly total is dated the first day of its year, and says so here (README "Date precision").
  { name: 'date_precision', type: 'string', field: 'date', accepted: (r) => r.rec.precision, rejected: (r) => r.record?.precision ?? null },
  textColumn('reporting_country', 'reporting_country', (r) => r.reportingCountry),
  textColumn('agency', 'agency', (r) => r.agency),
  textColumn('commodity', 'commodity', (r) => r.commodity),
  // The group comes from the vocabulary, never from a cell.
  understood('group', 'string', 'subtype', (r) => text(r.group)),
  textColumn('subtype', 'subtype', (r) => r.subtype),
  understood('quantity', 'double', 'quantity', (r) => roundQuantity(r.quantity)),
  understood('unit', 'string', 'unit', (r) => r.unit),
  understood('seizures', 'int', 'count', (r) => r.count),
  textColumn('route', 'route', (r) => r.route),
  textColumn('direction', 'direction', (r) => r.direction),
  textColumn('origin', 'origin_country', (r) => r.origin),
  textColumn('destination', 'destination_country', (r) => r.destination),
  textColumn('location', 'location', (r) => r.location),
  textColumn('detection_method', 'detection_method', (r) => r.detectionMethod),
  textColumn('concealment', 'concealment', (r) => r.concealment),
  // The phase the ledger gave an accepted record (its phase column, else its date); a rejected row's phase cell as written.
  { name: 'phase', type: 'string', field: 'phase', accepted: (r) => text(r.phase), rejected: (r) => (r.record ? text(r.record.phase) : written(r, 'phase')) },
  { name: 'quantity_as_written', type: 'string', field: 'quantity', accepted: (r) => text(r.rec.quantityText), rejected: (r) => (r.record ? text(r.record.quantityText) : written(r, 'quantity')) },
  { name: 'unit_as_written', type: 'string', field: 'unit', accepted: (r) => text(r.rec.conversion.from), rejected: (r) => (r.record ? text(r.record.conversion.from) : written(r, 'unit')) },
  { name: 'source_file', type: 'string', accepted: (r) => r.file, rejected: (r) => r.file },
  { name: 'source_line', type: 'int', accepted: (r) => r.rec.line, rejected: (r) => r.line },
  { name: 'sheet', type: 'string', accepted: (r) => r.sheet ?? null, rejected: (r) => r.sheet ?? null },
];

/** The columns `--include rejected` adds after RECORD_COLUMNS. */
export const REJECTED_COLUMNS: readonly ExportColumn[] = [
  { name: 'status', type: 'string', accepted: () => 'accepted', rejected: () => 'rejected' },
  { name: 'codes', type: 'string', accepted: () => null, rejected: (r) => text(r.codes.join(';')) },
  { name: 'date_as_written', type: 'string', field: 'date', accepted: () => null, rejected: (r) => written(r, 'date') },
];

/**
 * The columns of an export: RECORD_COLUMNS, then REJECTED_COLUMNS with
 * `--include rejected`; a column of a field the campaign redacts is left out
 * (its cells are empty anyway: a redacted column is never read).
 */
export function exportColumns(options: { readonly rejected: boolean; readonly redact: readonly string[] }): ExportColumn[] {
  const redacted = redactedFields(options.redact);
  const all = options.rejected ? [...RECORD_COLUMNS, ...REJECTED_COLUMNS] : RECORD_COLUMNS;
  return all.filter((c) => c.field === undefined || !redacted.has(c.field));
}

/** The canonical fields `redact:` names (by field name, as mapColumns matches them). */
export function redactedFields(redact: readonly string[]): ReadonlySet<CanonicalField> {
  const names = new Set(redact.map(looseKey));
  return new Set(CANONICAL_FIELDS.filter((f) => names.has(looseKey(f))));
}

/** Whether a rejected row belongs to `phase` for `export --phase`: its date (when it could be read) falls in the phase. */
export function rejectedInPhase(r: RejectedRecord, phase: Phase): boolean {
  const day = r.record ? r.record.day : r.day;
  return day !== undefined && day >= phase.start.day && day <= phase.end.day;
}

/**
 * A canonical quantity to 15 significant digits: what a double holds of a
 * decimal figure, without the noise of a unit conversion (18 g is 0.018 kg, not
 * 0.018000000000000002). Sums at 3 decimals, as `aggregate` gives them, do not move.
 */
export function roundQuantity(q: number): number {
  return Number.isFinite(q) ? Number(q.toPrecision(15)) : q;
}

/** A date cell (days since 1970) as ISO yyyy-MM-dd. */
export function isoDate(day: number): string {
  return isoOfDay(day);
}
