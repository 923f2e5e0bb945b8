/**
 * Diagnostics and buckets: the shared vocabulary of every stage that reads,
 * checks or counts records. Base types, so readers, rules, collectors and
 * writers at any layer may import them.
 */
/** Stable diagnostic codes. Errors reject a record; warnings keep or bucket it. */
export type DiagnosticCode =
  // errors: the record is rejected
  | 'MISSING_FIELD'
  | 'MISSING_COLUMN'
  | 'INVALID_DATE'
  | 'INVALID_QUANTITY'
  | 'INVALID_COUNT'
  | 'UNKNOWN_UNIT'
  | 'UNKNOWN_COMMODITY'
  | 'UNKNOWN_ROUTE'
  | 'UNKNOWN_COUNTRY'
  | 'UNKNOWN_DIRECTION'
  | 'UNKNOWN_PHASE'
  | 'CONFLICTING_ID'
  | 'FIELD_COUNT'
  | 'MALFORMED_CSV'
  | 'MALFORMED_YAML'
  | 'SUBTYPE_COMMODITY_MISMATCH'
  | 'AGENCY_COUNTRY_MISMATCH'
  | 'MALFORMED_XLSX'
  // warnings
  | 'DUPLICATE'
  | 'OUTSIDE_PHASES'
  | 'COMMODITY_OUT_OF_SCOPE'
  | 'NOT_PARTICIPANT'
  | 'UNUSUAL_UNIT'
  | 'UNKNOWN_SUBTYPE'
  | 'UNKNOWN_AGENCY'
  | 'ENCODING_GUESSED'
  | 'DUPLICATE_COLUMN'
  | 'EMPTY_FILE'
  | 'PARTIAL_CAMPAIGN'
  | 'TOTALS_MISMATCH'
  | 'WORKBOOK_NAMED_CSV'
  | 'SHEET_NOT_FOUND'
  | 'SHEET_SKIPPED'
  | 'SUPERSEDED'
  | 'FORMER_COUNTRY_CODE';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  /** Source file as written in the campaign file (relative to it, forward slashes). */
  readonly file: string;
  /** 1-based physical line where the record starts (header = 1); in a workbook, the row of `sheet`. */
  readonly line: number;
  /** A workbook's sheet (the line is its row). */
  readonly sheet?: string;
  readonly field?: string;
  readonly value?: string;
  readonly message: string;
  readonly hint?: string;
}

/** The four buckets every record ends in exactly one of. */
export interface Buckets {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  out_of_scope: number;
}

export function emptyBuckets(): Buckets {
  return { read: 0, accepted: 0, rejected: 0, duplicates: 0, out_of_scope: 0 };
}

/** `read N = accepted N + rejected N + duplicates N + out_of_scope N` */
export function formatBuckets(b: Buckets): string {
  return `read ${b.read} = accepted ${b.accepted} + rejected ${b.rejected} + duplicates ${b.duplicates} + out_of_scope ${b.out_of_scope}`;
}

/**
 * `data/vn-hq.csv:42: [INVALID_QUANTITY] quantity "abc": is not a number (decimal: ",")`;
 * in a workbook `data/vn-hq.xlsx [Tháng 7] row 42: …`.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.sheet !== undefined ? `${d.file} [${d.sheet}]${d.line > 0 ? ` row ${d.line}` : ''}` : d.line > 0 ? `${d.file}:${d.line}` : d.file;
  const what = d.field ? ` ${d.field}${d.value !== undefined ? ` ${JSON.stringify(d.value)}` : ''}:` : '';
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${where}: [${d.code}]${what} ${d.message}${hint}`;
}
