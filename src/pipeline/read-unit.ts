/**
 * read → normalize for one unit of a plan (a whole source or a byte range of
 * one), the same code on every thread. What it finds goes to a UnitSink in file
 * order: on the main thread straight to the ledger (run.ts), on a worker into
 * columns sent back to it (unit-codec.ts). Each record comes with its content
 * hash (the costliest per-record hash), computed here so a worker does that work too.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import type { Campaign } from '../config/campaign.js';
import { FIELD_INDEX } from '../config/column-map.js';
import { mapColumns } from '../ingest/columns.js';
import { createCsvReader, DEFAULT_CSV_LIMITS } from '../ingest/csv-reader.js';
import type { SourceReader } from '../ingest/rows.js';
import { createSourceReader } from '../ingest/source.js';
import { isTotalsRow } from '../ingest/totals-rows.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { contentHash } from '../validate/ledger.js';
import { createRecordNormalizer, createRowCells, createTotalsReader, type RecordResult, type SeizureRecord, type TotalsFigure } from '../validate/record.js';
import { createNullTest, createRowFilter } from '../validate/source-cells.js';
import { CampaignReportError } from '../errors.js';
import { LINE_ID } from '../config/schema.js';
import type { ReadUnit } from './plan.js';

/** Where a unit's findings go, in file order. */
export interface UnitSink {
  diagnostic(d: Diagnostic): void;
  /**
   * Rows read, of which `rejected` never became a record (their diagnostics came before), and
   * `filtered` were left out by the source's `where:` (out of scope, reason filtered; no diagnostic).
   */
  rows(read: number, rejected: number, filtered?: number): void;
  /** A well-formed record (its warnings came before), with its content hash (see contentHash). */
  record(rec: SeizureRecord, signature: number): void;
  /**
   * The next `n` records `record` will be given, in order, before any of them is (the read path
   * normalizes rows a block at a time): a sink may start fetching what it will look up for them.
   * Optional, and only a hint: `record` still comes for each.
   */
  upcoming?(recs: readonly SeizureRecord[], n: number): void;
  /**
   * A row rejected before it became a record (its diagnostics came before): its line, its
   * day when its date could be read (days since 1970), and its error codes, distinct, in order;
   * with `asWritten`, its cells as written (see createRowCells) when it had any.
   */
  rejectedRow(line: number, day: number | undefined, codes: readonly string[], cells?: readonly string[]): void;
  /** Rejected rows come with their cells (export --include rejected): read by the reader, set by whoever made the sink. */
  readonly asWritten?: boolean;
  /** Rows that are not records (never in `rows`), in file order with the records: see RowNote. */
  note(n: RowNote): void;
}

/**
 * Rows that are not records: title rows above the header and blank rows
 * (counted), a totals row (with its figure when it gives a quantity and unit,
 * checked against the records above it), and the start of a workbook's sheet
 * (totals are checked within a sheet).
 */
export type RowNote =
  | { readonly kind: 'skipped'; readonly title: number; readonly blank: number }
  | { readonly kind: 'sheet'; readonly sheet: string }
  | { readonly kind: 'totals'; readonly line: number; readonly sheet?: string; readonly figure?: TotalsFigure };

/** What the reader learned of the unit's bytes. */
export interface UnitStats {
  /** Of the whole file, for a whole source; '' for a range (see hashFile). */
  sha256: string;
  /** Bytes of this unit. */
  bytes: number;
  encoding: string;
  /** For a range: the physical line its end starts (the next range's first line). */
  endLine: number;
}

export type UnitProgress = (records: number, bytes: number) => void;

/**
 * Reads one unit to the end, feeding `sink`; throws only for input that cannot
 * be read. A range past the file's start needs `startLine`, the physical line
 * it starts on (the thread that reads it knows it: see LineCounter).
 */
export async function readUnit(campaign: Campaign, unit: ReadUnit, sink: UnitSink, onProgress?: UnitProgress, startLine = 1): Promise<UnitStats> {
  const file = campaign.files[unit.fileIndex]!;
  const r = unit.range;
  const reader = r
    ? createCsvReader(file, DEFAULT_CSV_LIMITS, true, {
        start: r.start,
        end: r.end,
        hash: null,
        shared: r.shared,
        ...(r.start > 0 ? { line: startLine, header: r.header, delimiter: r.delimiter } : {}),
      })
    : createSourceReader(file, campaign.redact);
  const limit = r ? r.end - r.start : Infinity;
  await normalizeRows(campaign, unit, reader, sink, onProgress && ((records, bytes) => onProgress(records, Math.min(bytes, limit))));
  if (!r) return { sha256: reader.stats.sha256, bytes: reader.stats.bytes, encoding: reader.stats.encoding, endLine: 0 };
  // A range at a file's start begins on line 1, whatever the caller passed.
  const firstLine = r.start > 0 ? startLine : 1;
  // The line its end starts: as the fast path counted while reading, else counted again from the file.
  return { sha256: '', bytes: r.end - r.start, encoding: reader.stats.encoding, endLine: reader.stats.endLine ?? firstLine + countNewlines(r.shared.fd, r.start, r.end) };
}

/**
 * The physical line at a byte offset of a file, for a thread that reads some
 * of its ranges: counts newlines from where it last was, never from the start
 * again (ranges are taken in file order).
 */
export class LineCounter {
  private readonly at = new Map<number, { pos: number; line: number }>();

  /** The line at byte `pos` of the file open as `fd`. */
  lineAt(fd: number, pos: number): number {
    const was = this.at.get(fd) ?? { pos: 0, line: 1 };
    const line = pos >= was.pos ? was.line + countNewlines(fd, was.pos, pos) : 1 + countNewlines(fd, 0, pos);
    this.at.set(fd, { pos, line });
    return line;
  }

  /**
   * Byte `pos` of the file open as `fd` starts line `line`: the end of a range this
   * thread has just read (UnitStats.endLine), so that the next range it takes is not
   * counted through again (it counted those bytes for endLine already).
   */
  know(fd: number, pos: number, line: number): void {
    this.at.set(fd, { pos, line });
  }
}

/** What a file's header gives every unit of it: its findings, and the normalizer for its rows. */
interface Prepared {
  readonly diagnostics: readonly Diagnostic[];
  readonly rejectAll: boolean;
  /** The codes a row of a file rejected as a whole is rejected with. */
  readonly headerCodes: readonly string[];
  readonly normalize: ReturnType<typeof createRecordNormalizer>;
  /** A row's cells as written (rejected rows, with UnitSink.asWritten). */
  readonly cells: ReturnType<typeof createRowCells>;
  /** The columns that feed the id (a totals row has none of its own), and a totals row's figure. */
  readonly idCells: readonly number[];
  readonly totals: ReturnType<typeof createTotalsReader>;
  /** The source's `where:`: false for a row it leaves out; undefined without one. */
  readonly filter: ((row: readonly string[]) => boolean) | undefined;
}

/** Per campaign, per file and header: the ranges a thread reads of one file share one normalizer (and its caches). */
const preparedFor = new WeakMap<Campaign, Map<string, Prepared>>();

function prepare(campaign: Campaign, unit: ReadUnit, header: readonly string[], isoDates: boolean, sheet: string | undefined): Prepared {
  let byFile = preparedFor.get(campaign);
  if (!byFile) preparedFor.set(campaign, (byFile = new Map()));
  const file = campaign.files[unit.fileIndex]!;
  // Ids made of file and line name a workbook's sheet: each sheet has its normalizer.
  const lineIdSheet = file.config.columns?.id === LINE_ID ? sheet : undefined;
  const key = `${unit.fileIndex}\u0000${isoDates ? 1 : 0}${lineIdSheet ?? ''}\u0000${header.join('\u0001')}`;
  let p = byFile.get(key);
  if (p === undefined) {
    const columns = mapColumns(header, file.config, file.display, campaign.redact, file.settingsFrom);
    if (columns.whereMissing && header.length > 0) throw whereError(columns.whereMissing[0]!, file.display, header, file.settingsFrom === 'flags');
    const headerErrors = columns.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    const ctx = { campaign, file, fileIndex: unit.fileIndex, columns, isoDates, ...(lineIdSheet !== undefined ? { sheet: lineIdSheet } : {}) };
    p = {
      diagnostics: columns.diagnostics,
      rejectAll: columns.missing.length > 0 || headerErrors.length > 0,
      headerCodes: [...new Set(headerErrors.length > 0 ? headerErrors : ['MISSING_COLUMN'])],
      normalize: createRecordNormalizer(ctx),
      cells: createRowCells(ctx),
      idCells: columns.cells[FIELD_INDEX.id]!,
      totals: createTotalsReader(ctx),
      filter: createRowFilter(columns.where, createNullTest(file.config.null_values)),
    };
    byFile.set(key, p);
  }
  return p;
}

/** A `where:` header the file does not have: no row could be told in or out (exit 2). */
function whereError(header: string, display: string, columns: readonly string[], adhoc: boolean): CampaignReportError {
  return new CampaignReportError('CONFIG_INVALID', `${adhoc ? '--where' : 'where'}: ${display} has no column "${header}"`, {
    hint: `the header has: ${columns.map((h) => JSON.stringify(h)).join(', ')}`,
  });
}

async function normalizeRows(campaign: Campaign, unit: ReadUnit, reader: SourceReader, sink: UnitSink, onProgress?: UnitProgress): Promise<void> {
  // A range past the file's start has the header of the range before it: its findings are reported there.
  const reportHeader = !unit.range || unit.range.start === 0;
  let p: Prepared | undefined;
  let read = 0;
  let at: SheetSink | undefined;
  for await (const batch of reader.batches()) {
    // A workbook's diagnostics name the sheet beside the row.
    if (batch.sheet !== undefined && at?.sheet !== batch.sheet) at = new SheetSink(sink, batch.sheet);
    const out = at ?? sink;
    if (batch.header !== undefined) {
      p = prepare(campaign, unit, batch.header, batch.typed === true, batch.sheet);
      if (batch.sheet !== undefined) sink.note({ kind: 'sheet', sheet: batch.sheet });
      // A file with no header at all is reported once, as EMPTY_FILE or MALFORMED_*.
      const headerLine = batch.headerLine ?? 1;
      if (reportHeader && batch.header.length > 0) p.diagnostics.forEach((d) => out.diagnostic(d.line === 1 && headerLine !== 1 ? { ...d, line: headerLine } : d));
    }
    if (batch.skipped && batch.skipped.title + batch.skipped.blank > 0) sink.note({ kind: 'skipped', ...batch.skipped });
    for (const d of batch.diagnostics) {
      out.diagnostic(d);
      if (d.code === 'MALFORMED_CSV' || d.code === 'MALFORMED_YAML' || d.code === 'MALFORMED_XLSX') sink.rejectedRow(d.line, undefined, [d.code]);
    }
    const { rows, lines } = batch;
    read += batch.malformed + rows.length;
    if (p!.rejectAll) {
      const filtered = rejectWhole(p!, rows, lines, sink);
      sink.rows(batch.malformed + rows.length, batch.malformed + rows.length - filtered, filtered);
    } else {
      const n = normalizeBatch(p!, rows, lines, out);
      // totals rows are not records: not read, counted apart (RowNote)
      sink.rows(batch.malformed + rows.length - n.totals, batch.malformed + n.rejected, n.filtered);
    }
    onProgress?.(read, reader.stats.bytes);
  }
}

/** The sink, with the sheet named on every diagnostic (a workbook's rows). */
class SheetSink implements UnitSink {
  constructor(
    private readonly to: UnitSink,
    readonly sheet: string,
  ) {}
  diagnostic(d: Diagnostic): void {
    this.to.diagnostic(d.sheet === undefined ? { ...d, sheet: this.sheet } : d);
  }
  rows(read: number, rejected: number, filtered?: number): void {
    this.to.rows(read, rejected, filtered);
  }
  record(rec: SeizureRecord, signature: number): void {
    this.to.record(rec, signature);
  }
  rejectedRow(line: number, day: number | undefined, codes: readonly string[], cells?: readonly string[]): void {
    this.to.rejectedRow(line, day, codes, cells);
  }
  get asWritten(): boolean | undefined {
    return this.to.asWritten;
  }
  note(n: RowNote): void {
    this.to.note(n.kind === 'totals' ? { ...n, sheet: this.sheet } : n);
  }
}

/** Rows normalized at a time before they go to the sink: enough for the sink to fetch ahead (UnitSink.upcoming), few enough to stay in cache. */
const BLOCK = 16;

/** A row of a block that is no record: a totals row, or one the source's `where:` leaves out. */
const TOTALS = 1;
const FILTERED = 2;

/**
 * Normalizes a batch's rows into `sink` (a totals row goes as a note, not a record; a row the
 * source's `where:` leaves out is only counted); returns how many were rejected, totals rows, and filtered.
 * Rows go BLOCK at a time: all normalized, the sink told of the block's records (UnitSink.upcoming),
 * then everything handed on in row order, as one row at a time would.
 */
function normalizeBatch(p: Prepared, rows: string[][], lines: number[], sink: UnitSink): { rejected: number; totals: number; filtered: number } {
  const { normalize, idCells, filter } = p;
  const asWritten = sink.asWritten === true;
  const results = new Array<RecordResult | typeof TOTALS | typeof FILTERED>(BLOCK);
  const recs: SeizureRecord[] = new Array<SeizureRecord>(BLOCK);
  let rejected = 0;
  let totals = 0;
  let filtered = 0;
  for (let start = 0; start < rows.length; start += BLOCK) {
    const end = Math.min(start + BLOCK, rows.length);
    let n = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      let r: RecordResult | typeof TOTALS | typeof FILTERED;
      if (isTotalsRow(row, idCells)) r = TOTALS;
      else if (filter !== undefined && !filter(row)) r = FILTERED;
      else {
        r = normalize(row, lines[i]!);
        if (r.ok) recs[n++] = r.record;
      }
      results[i - start] = r;
    }
    if (n > 0) sink.upcoming?.(recs, n);
    for (let i = start; i < end; i++) {
      const result = results[i - start]!;
      if (result === TOTALS) {
        totals++;
        const figure = p.totals(rows[i]!);
        sink.note({ kind: 'totals', line: lines[i]!, ...(figure ? { figure } : {}) });
      } else if (result === FILTERED) filtered++;
      else if (!result.ok) {
        rejected++;
        for (const d of result.errors) sink.diagnostic(d);
        for (const d of result.warnings) sink.diagnostic(d);
        const codes = [...new Set(result.errors.map((d) => d.code))];
        if (asWritten) sink.rejectedRow(lines[i]!, result.day, codes, p.cells(rows[i]!));
        else sink.rejectedRow(lines[i]!, result.day, codes);
      } else {
        for (const d of result.warnings) sink.diagnostic(d);
        sink.record(result.record, contentHash(result.record));
      }
    }
  }
  return { rejected, totals, filtered };
}

/**
 * The rows of a file rejected as a whole (a required column missing): each is
 * still normalized, for its date only (its findings are not reported: the
 * header's stand for them), so a summary can place it by date. A row the
 * source's `where:` leaves out is out of scope all the same: returns how many.
 */
function rejectWhole(p: Prepared, rows: string[][], lines: number[], sink: UnitSink): number {
  const { normalize, headerCodes: codes } = p;
  const asWritten = sink.asWritten === true;
  let filtered = 0;
  for (let i = 0; i < rows.length; i++) {
    if (p.filter !== undefined && !p.filter(rows[i]!)) {
      filtered++;
      continue;
    }
    const result = normalize(rows[i]!, lines[i]!);
    const day = result.ok ? result.record.day : result.day;
    if (asWritten) sink.rejectedRow(lines[i]!, day, codes, p.cells(rows[i]!));
    else sink.rejectedRow(lines[i]!, day, codes);
  }
  return filtered;
}

const SCAN = 1 << 20;

/** The SHA-256 of a whole file read in ranges, from the descriptor they share (an unlinked file still has its bytes). */
export function hashFile(fd: number): string {
  return new FileHash(fd).digest();
}

/**
 * The SHA-256 of a file open as `fd`, read SCAN bytes a step, so that a thread
 * hashes in the time it would wait for the other: a worker while it is AHEAD of
 * the main thread (claimForWorker's `idle`), a main thread that only replays
 * between its worker's units (run.ts); the rest at the end (digest).
 */
export class FileHash {
  private readonly hash = createHash('sha256');
  private at = 0;
  private done = false;

  constructor(private readonly fd: number) {}

  /** Hashes the next SCAN bytes; false once the whole file is hashed. */
  step(): boolean {
    if (this.done) return false;
    const buf = scratchBuffer();
    const len = readSync(this.fd, buf, 0, SCAN, this.at);
    if (len === 0) {
      this.done = true;
      return false;
    }
    this.hash.update(buf.subarray(0, len));
    this.at += len;
    return true;
  }

  /** The hash of the whole file (hashing what is left). */
  digest(): string {
    while (this.step());
    return this.hash.digest('hex');
  }
}

/** One read buffer per thread for counting and hashing (a fresh 1 MiB each call lingered as garbage outside the heap). */
let scratch: Buffer | undefined;
function scratchBuffer(): Buffer {
  return (scratch ??= Buffer.allocUnsafe(SCAN));
}

/** Newline bytes in bytes [start, end) of the file open as `fd`: 4 bytes at a time (SWAR). */
export function countNewlines(fd: number, start: number, end: number): number {
  const buf = scratchBuffer();
  const words = new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
  let n = 0;
  for (let off = start; off < end; ) {
    const len = readSync(fd, buf, 0, Math.min(buf.length, end - off), off);
    if (len <= 0) break;
    const w = len >> 2;
    for (let i = 0; i < w; i++) {
      const y = words[i]! ^ 0x0a0a0a0a;
      // High bit of each byte set exactly where the byte of y is 0 (a newline).
      const t = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y | 0x7f7f7f7f);
      n += Math.imul((t >>> 7) & 0x01010101, 0x01010101) >>> 24;
    }
    for (let i = w << 2; i < len; i++) if (buf[i] === 10) n++;
    off += len;
  }
  return n;
}
