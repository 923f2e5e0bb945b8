import type { SourceFile } from '../config/campaign.js';
import type { Diagnostic } from '../core/diagnostic.js';

/**
 * What a reader yields: rows of string cells with the physical line each starts
 * on. Rows come in batches so the per-record path stays synchronous (an async
 * step per record costs more than parsing it).
 */
export interface RowBatch {
  /** Present on the first batch of a file (even when it has no rows); a workbook's, on the first of each sheet read. */
  header?: readonly string[];
  /** The physical line (row) of `header`, when not 1. */
  headerLine?: number;
  /** A workbook's sheet these rows are from (diagnostics name it beside the row). */
  sheet?: string;
  /** Typed cells (a workbook): a date cell is written yyyy-MM-dd, a number in the source's decimal mark. */
  typed?: boolean;
  /** Rows that are not records, skipped before these rows: title rows above the header, blank rows. */
  skipped?: { title: number; blank: number };
  rows: string[][];
  lines: number[];
  /** File-level findings and rows that could not be parsed (each counts as one rejected record). */
  diagnostics: Diagnostic[];
  /** Number of entries of `diagnostics` that stand for unparsable records. */
  malformed: number;
}

/** Facts about a file once it has been read to the end. */
export interface FileStats {
  sha256: string;
  bytes: number;
  encoding: string;
  delimiter?: string;
  /** For a byte range the fast path read whole: the physical line its end starts (so the range's newlines need no second count). */
  endLine?: number;
}

export interface SourceReader {
  readonly file: SourceFile;
  batches(): AsyncIterable<RowBatch>;
  /** Filled in when `batches()` is exhausted. */
  readonly stats: FileStats;
}
