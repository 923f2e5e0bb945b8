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
import { mapColumns } from '../ingest/columns.js';
import { createCsvReader, DEFAULT_CSV_LIMITS } from '../ingest/csv-reader.js';
import type { SourceReader } from '../ingest/rows.js';
import { createSourceReader } from '../ingest/source.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { contentHash } from '../validate/ledger.js';
import { createRecordNormalizer, type SeizureRecord } from '../validate/record.js';
import type { ReadUnit } from './plan.js';

/** Where a unit's findings go, in file order. */
export interface UnitSink {
  diagnostic(d: Diagnostic): void;
  /** Rows read, of which `rejected` never became a record (their diagnostics came before). */
  rows(read: number, rejected: number): void;
  /** A well-formed record (its warnings came before), with its content hash (see contentHash). */
  record(rec: SeizureRecord, signature: number): void;
  /**
   * A row rejected before it became a record (its diagnostics came before): its line, its
   * day when its date could be read (days since 1970), and its error codes, distinct, in order.
   */
  rejectedRow(line: number, day: number | undefined, codes: readonly string[]): void;
}

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
    : createSourceReader(file);
  const limit = r ? r.end - r.start : Infinity;
  await normalizeRows(campaign, unit, reader, sink, onProgress && ((records, bytes) => onProgress(records, Math.min(bytes, limit))));
  if (!r) return { sha256: reader.stats.sha256, bytes: reader.stats.bytes, encoding: reader.stats.encoding, endLine: 0 };
  // A range at a file's start begins on line 1, whatever the caller passed.
  const firstLine = r.start > 0 ? startLine : 1;
  return { sha256: '', bytes: r.end - r.start, encoding: reader.stats.encoding, endLine: firstLine + countNewlines(r.shared.fd, r.start, r.end) };
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
}

/** What a file's header gives every unit of it: its findings, and the normalizer for its rows. */
interface Prepared {
  readonly diagnostics: readonly Diagnostic[];
  readonly rejectAll: boolean;
  /** The codes a row of a file rejected as a whole is rejected with. */
  readonly headerCodes: readonly string[];
  readonly normalize: ReturnType<typeof createRecordNormalizer>;
}

/** Per campaign, per file and header: the ranges a thread reads of one file share one normalizer (and its caches). */
const preparedFor = new WeakMap<Campaign, Map<string, Prepared>>();

function prepare(campaign: Campaign, unit: ReadUnit, header: readonly string[]): Prepared {
  let byFile = preparedFor.get(campaign);
  if (!byFile) preparedFor.set(campaign, (byFile = new Map()));
  const key = `${unit.fileIndex}\u0000${header.join('\u0001')}`;
  let p = byFile.get(key);
  if (p === undefined) {
    const file = campaign.files[unit.fileIndex]!;
    const columns = mapColumns(header, file.config, file.display, campaign.redact);
    const headerErrors = columns.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    p = {
      diagnostics: columns.diagnostics,
      rejectAll: columns.missing.length > 0 || headerErrors.length > 0,
      headerCodes: [...new Set(headerErrors.length > 0 ? headerErrors : ['MISSING_COLUMN'])],
      normalize: createRecordNormalizer({ campaign, file, fileIndex: unit.fileIndex, columns }),
    };
    byFile.set(key, p);
  }
  return p;
}

async function normalizeRows(campaign: Campaign, unit: ReadUnit, reader: SourceReader, sink: UnitSink, onProgress?: UnitProgress): Promise<void> {
  // A range past the file's start has the header of the range before it: its findings are reported there.
  const reportHeader = !unit.range || unit.range.start === 0;
  let p: Prepared | undefined;
  let read = 0;
  for await (const batch of reader.batches()) {
    if (batch.header !== undefined) {
      p = prepare(campaign, unit, batch.header);
      // A file with no header at all is reported once, as EMPTY_FILE or MALFORMED_*.
      if (reportHeader && batch.header.length > 0) p.diagnostics.forEach((d) => sink.diagnostic(d));
    }
    for (const d of batch.diagnostics) {
      sink.diagnostic(d);
      if (d.code === 'MALFORMED_CSV' || d.code === 'MALFORMED_YAML') sink.rejectedRow(d.line, undefined, [d.code]);
    }
    const { rows, lines } = batch;
    read += batch.malformed + rows.length;
    if (p!.rejectAll) {
      sink.rows(batch.malformed + rows.length, batch.malformed + rows.length);
      rejectWhole(p!.normalize, rows, lines, p!.headerCodes, sink);
    } else sink.rows(batch.malformed + rows.length, batch.malformed + normalizeBatch(p!.normalize, rows, lines, sink));
    onProgress?.(read, reader.stats.bytes);
  }
}

/** Normalizes a batch's rows into `sink`; returns how many were rejected. */
function normalizeBatch(normalize: ReturnType<typeof createRecordNormalizer>, rows: string[][], lines: number[], sink: UnitSink): number {
  let rejected = 0;
  for (let i = 0; i < rows.length; i++) {
    const result = normalize(rows[i]!, lines[i]!);
    if (!result.ok) {
      rejected++;
      for (const d of result.errors) sink.diagnostic(d);
      for (const d of result.warnings) sink.diagnostic(d);
      sink.rejectedRow(lines[i]!, result.day, [...new Set(result.errors.map((d) => d.code))]);
      continue;
    }
    for (const d of result.warnings) sink.diagnostic(d);
    sink.record(result.record, contentHash(result.record));
  }
  return rejected;
}

/**
 * The rows of a file rejected as a whole (a required column missing): each is
 * still normalized, for its date only (its findings are not reported: the
 * header's stand for them), so a summary can place it by date.
 */
function rejectWhole(normalize: ReturnType<typeof createRecordNormalizer>, rows: string[][], lines: number[], codes: readonly string[], sink: UnitSink): void {
  for (let i = 0; i < rows.length; i++) {
    const result = normalize(rows[i]!, lines[i]!);
    sink.rejectedRow(lines[i]!, result.ok ? result.record.day : result.day, codes);
  }
}

const SCAN = 1 << 20;

/** The SHA-256 of a whole file read in ranges, from the descriptor they share (an unlinked file still has its bytes). */
export function hashFile(fd: number): string {
  const hash = createHash('sha256');
  const buf = scratchBuffer();
  let off = 0;
  for (let len = readSync(fd, buf, 0, SCAN, off); len > 0; len = readSync(fd, buf, 0, SCAN, off)) {
    hash.update(buf.subarray(0, len));
    off += len;
  }
  return hash.digest('hex');
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
