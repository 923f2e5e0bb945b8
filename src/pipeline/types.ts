/** What a run reads into and gives back: shared by the pipeline's files and its callers. */
import type { PartialDocument } from '../aggregate/partial.js';
import type { Buckets, Diagnostic } from '../core/diagnostic.js';
import type { ConversionCount } from '../normalize/unit.js';
import type { OutOfScopeReason } from '../validate/ledger.js';
import type { SeizureRecord } from '../validate/record.js';
import type { ReadPlan } from './plan.js';
import type { UnitThreads } from './threads.js';

/** Per source file: what it held and where each record went. */
export interface FileSummary extends Buckets {
  readonly file: string;
  sha256: string;
  bytes: number;
  encoding: string;
  /** Rows that are not records, never in the buckets: title rows above the header, totals rows, blank rows (workbooks; CSV skips blank lines silently). */
  titleRows?: number;
  totalsRows?: number;
  blankRows?: number;
  /** Rows its `where:` left out (in `out_of_scope`); present when the source has a filter. */
  filtered?: number;
  /** Accepted records per quantity column, when the source has several (`columns.quantity: { coalesce | max }`): header → records. */
  quantityColumns?: Record<string, number>;
  /** For the sources of a partial: the partial's file and SHA-256. */
  via?: string;
  viaSha256?: string;
}

export interface RunResult {
  readonly buckets: Buckets;
  readonly outOfScope: OutOfScopeCounts;
  readonly files: readonly FileSummary[];
  /** Unit conversions applied to accepted records (and those partials bring), each with how often. */
  readonly conversions: readonly ConversionCount[];
  readonly errors: number;
  readonly warnings: number;
  /** Words the campaign does not know yet (subtypes outside the goods vocabulary, agencies it does not name), per file. */
  readonly unknownWords: readonly UnknownWord[];
  /** Of `buckets.duplicates`: records another with the same `key:` replaced or set aside (SUPERSEDED); 0 without a key. */
  readonly superseded: number;
}

/** Out-of-scope records by reason; `filtered` (rows a source's `where:` left out) only when some source has a filter. */
export type OutOfScopeCounts = Record<OutOfScopeReason, number> & { filtered?: number };

/** A value seen in a source that the vocabulary or the campaign does not know: kept as written. */
export interface UnknownWord {
  readonly field: 'subtype' | 'agency';
  readonly value: string;
  readonly file: string;
  /** Line of its first record. */
  readonly line: number;
  readonly records: number;
}

export interface RunCallbacks {
  /** Every diagnostic, in input order. */
  onDiagnostic?(d: Diagnostic): void;
  /**
   * Every accepted record with its phase and the 64-bit hash of its case (for aggregators and reports).
   * The record is lent for the call: keep what you need, never the object (records read on a worker are
   * replayed through one reused object, so no garbage per record is promoted while the main thread is busiest).
   * `sheet`: a workbook's sheet the record came from (its line is the sheet's row).
   */
  onRecord(rec: SeizureRecord, phase: string, case1: number, case2: number, sheet?: string): void;
  /**
   * The cases of the next `n` records (64-bit hashes, as onRecord will give them), before they come,
   * whatever their bucket: a collector with a table by case may fetch their entries ahead (HashSlots.touch).
   */
  onUpcomingCases?(case1: Uint32Array, case2: Uint32Array, n: number): void;
  onProgress?(p: { file: string; records: number; bytes: number }): void;
  /** A partial listed as a source (its buckets are already counted in the result). */
  onPartial?(doc: PartialDocument, sourceIndex: number): void;
  /**
   * About `records` more records are coming (first the main thread's own share, then each
   * unit a worker read, at once): collectors that keep a table per record size it once
   * (see `reserve` in src/util/hash.ts) instead of growing it while workers hold memory.
   */
  onReserve?(records: number): void;
  /** Every rejected record that has a line (the summary places them by date): `day` when its date could be read. */
  onRejected?(r: RejectedRecord): void;
  /**
   * Every record of a raw source counted as a duplicate or out of scope, with its day (the phase-end report's annex places them by phase).
   * A record superseded later (on_conflict: latest) comes again as a duplicate, and, when it was out of scope, with `count` −1 for that bucket.
   */
  onSetAside?(bucket: 'duplicates' | 'out_of_scope', day: number, count?: number): void;
}

export interface RejectedRecord {
  readonly file: string;
  readonly line: number;
  /** A workbook's sheet (the line is its row). */
  readonly sheet?: string;
  /** Days since 1970, when the record's date could be read. */
  readonly day: number | undefined;
  /** Its error codes, distinct, in the order reported. */
  readonly codes: readonly string[];
  /**
   * With RunOptions.asWritten: the row's cells as written (trimmed, the source's
   * `values:` and defaults applied), in CANONICAL_FIELDS order; absent for a
   * row that never had cells (malformed).
   */
  readonly cells?: readonly string[];
  /**
   * With RunOptions.asWritten, a record rejected for its id (CONFLICTING_ID):
   * the record as it was understood, lent for the call like onRecord's.
   */
  readonly record?: SeizureRecord;
}

export interface RunOptions {
  /** Accept only this phase; records of other phases go to out_of_scope (reason other_phase). */
  phase?: string;
  /** How to cut and deal the sources (default: planReads, which honours CAMPAIGN_REPORT_THREADS). */
  plan?: ReadPlan;
  /** Rejected rows come with their cells as written (RejectedRecord.cells, .record): `export --include rejected`. */
  asWritten?: boolean;
  /**
   * false: with workers, the main thread reads no source unit a worker can (it replays them all),
   * for a command whose collectors make the main thread the busiest (`build`); default true:
   * whoever is free reads the next unit. CAMPAIGN_REPORT_MAIN_STEALS=0 or 1 overrides it.
   */
  mainReads?: boolean;
  /**
   * Workers started early (startReaders, with the same `mainReads` and `plan`), so that they load
   * their code while the command prepares; the run closes them. Default: started by the run.
   */
  readers?: UnitThreads;
}

