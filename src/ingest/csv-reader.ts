import { createHash, type Hash } from 'node:crypto';
import { Parser } from 'csv-parse';
import type { SourceFile } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { createTranscoder, detectEncoding, encodingFromConfig, type DetectedEncoding } from './encoding.js';
import { FAST_MAX_LINE, isRecordEmpty, QuoteFreeSplitter, type Handoff } from './quote-free-splitter.js';
import type { FileStats, RowBatch, SourceReader } from './rows.js';
import { assertUnchanged, openSourceFile } from './source-file.js';

/**
 * csv-parse's engine, as its own stream adapter uses it (`Parser#api`). Calling it
 * directly gives each record synchronously with `info.lines`, which the stream's
 * `info: true` option provides at twice the cost. The csv-parse version is pinned
 * in package.json and test/unit/csv-reader.test.ts covers this contract.
 */
interface CsvEngine {
  info: { lines: number; empty_lines: number; bytes: number };
  options: { record_delimiter: Buffer[] };
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

function engineOf(parser: Parser): CsvEngine {
  const api = (parser as unknown as { api?: CsvEngine }).api;
  if (!api || typeof api.parse !== 'function') throw new CampaignReportError('INTERNAL', 'csv-parse engine not found: the installed csv-parse is not the pinned version');
  return api;
}

const HEAD_BYTES = 64 * 1024;
const CHUNK = 1 << 16;

/**
 * A byte range of an LF-terminated UTF-8 file, for reading a file in two parts
 * at once (src/pipeline/parallel.ts). Reads stay on the 64 KiB grid of a
 * whole-file read, so every batch after a range's first is the same.
 */
export interface CsvRange {
  /** First byte: 0, or the start of a line from which the file reads as it would from its start. */
  readonly start: number;
  /** End (exclusive): the byte after a newline, or the file size. */
  readonly end: number;
  /** For start > 0: the physical line at `start`, and the header and delimiter the file start gave. */
  readonly line?: number;
  readonly header?: string[];
  readonly delimiter?: string;
  /** The bytes read go into this hash (the caller digests it; stats.sha256 stays ''); null: not hashed. */
  readonly hash: Hash | null;
}

/**
 * csv-parse's own record limit: far above the field limit, which push enforces.
 * Only a record beyond this (a 64 MiB line) still reaches csv-parse's error path.
 */
const HARD_RECORD_LIMIT = 64 * 1024 * 1024;

/** Limits that keep a hostile file from exhausting memory. */
export interface CsvLimits {
  maxFieldBytes: number;
  maxColumns: number;
}
export const DEFAULT_CSV_LIMITS: CsvLimits = { maxFieldBytes: 1 << 20, maxColumns: 20_000 };

/**
 * Streams a delimited text file: plain lines (no quote seen yet) through the
 * QuoteFreeSplitter, and from the first line that is not plain to the end of the
 * file through csv-parse's engine (called directly, so each record arrives
 * synchronously with the parser's line counter). Both give the same rows and
 * lines (test/unit/csv-fast-path.test.ts). Detects encoding and delimiter,
 * hashes the raw bytes, and turns unparsable stretches into MALFORMED_CSV
 * diagnostics instead of stopping.
 */
/**
 * @param fastPath false reads every line with csv-parse: the reference the fast path is tested against.
 * @param range read only these bytes of a file (see CsvRange).
 */
export function createCsvReader(file: SourceFile, given: CsvLimits = DEFAULT_CSV_LIMITS, fastPath = true, range?: CsvRange): SourceReader {
  // The source's own limits (campaign file: `max_field_bytes`, `max_columns`, or top-level `limits:`) win.
  const limits: CsvLimits = {
    maxFieldBytes: file.config.max_field_bytes ?? given.maxFieldBytes,
    maxColumns: file.config.max_columns ?? given.maxColumns,
  };
  const stats: FileStats = { sha256: '', bytes: 0, encoding: '' };
  return {
    file,
    stats,
    async *batches() {
      const hash = range ? range.hash : createHash('sha256');
      // A range is read on the same 64 KiB grid as the whole file: from the grid point before its start.
      const from = range ? range.start - (range.start % CHUNK) : 0;
      let skip = range ? range.start - from : 0;
      // `-` is standard input (ad-hoc use: `cat export.csv | campaign-report aggregate -`).
      // A file is read through one handle, so that what it held when opened can be checked at the end.
      const src = file.path === '-' ? undefined : await openSourceFile(file);
      const stream = src ? src.fh.createReadStream({ highWaterMark: CHUNK, autoClose: false, ...(range ? { start: from, end: Math.max(from, range.end - 1) } : {}) }) : process.stdin;
      let detected: DetectedEncoding | undefined;
      let transcode: ((b: Buffer, final: boolean) => Buffer) | undefined;
      let parser: CsvEngine | undefined;
      let fast: QuoteFreeSplitter | undefined;
      let delimiter = ',';
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let headerSent = false;
      /** csv-parse took over before the header: it keeps empty records, push skips them. */
      let keepEmpty = false;
      /** Line on which the last record (or skipped stretch) ended: the next one starts after it. */
      let lastEnd = 0;
      let header: string[] | undefined;
      let batch = newBatch();
      const diagnostics: Diagnostic[] = [];

      /**
       * How far csv-parse's line counter has run ahead: it counts the CR and the LF
       * of a CRLF inside a cell as two lines.
       */
      let over = 0;
      /** The bytes fed to csv-parse (for trimLineEnd), and whether the last feed ends the file. */
      const fed = new FedBytes();
      let ending = false;
      /** csv-parse's count of skipped blank lines when `lastEnd` was set. */
      let emptyAtLastEnd = 0;
      /** The line a broken record starts on: after the last record and the blank lines since. */
      const brokenFrom = () => lastEnd + 1 + (parser!.info.empty_lines - emptyAtLastEnd);
      const markEnd = () => {
        lastEnd = parser!.info.lines - over;
        emptyAtLastEnd = parser!.info.empty_lines;
      };

      const push = (record: string[]) => {
        // A header of empty names only is still the header (see QuoteFreeSplitter.headerPending).
        if (keepEmpty && isRecordEmpty(record) && (header !== undefined || record.length === 1)) {
          markEnd();
          return;
        }
        trimLineEnd(record);
        let breaks = 0;
        for (let i = 0; i < record.length; i++) {
          const f = record[i]!;
          if (f.length > 0 && (f.indexOf('\n') !== -1 || f.indexOf('\r') !== -1)) {
            const b = countLineBreaks(f);
            breaks += b.breaks;
            over += b.crlf;
          }
        }
        markEnd();
        const line = lastEnd - breaks;
        if (header === undefined) {
          header = record;
          return;
        }
        // The field limit is checked here rather than by csv-parse's max_record_size,
        // whose error loses its place in the stream: one oversized record is one
        // rejected record, and the rows after it are read as usual.
        if (record.length > limits.maxColumns) {
          tooWide(record.length, line);
          return;
        }
        for (let i = 0; i < record.length; i++) {
          if (record[i]!.length > limits.maxFieldBytes) {
            diagnostics.push({
              severity: 'error',
              code: 'MALFORMED_CSV',
              file: file.display,
              line,
              message: `field ${i + 1} is ${record[i]!.length} characters long, over the limit of ${limits.maxFieldBytes}`,
              hint: 'a missing closing quote can swallow the rest of a file into one field',
            });
            batch.malformed++;
            return;
          }
        }
        batch.rows.push(record);
        batch.lines.push(line);
      };
      /**
       * A line break that ends the last field is a line end, not data, in two cases
       * csv-parse's record delimiter does not cover: the last byte of the file (a CR
       * or LF after the last record of a file whose lines end otherwise: csv-parse has
       * not counted it as a line), and a CR before the LF delimiter of an LF file (a
       * CRLF row among LF rows: csv-parse counted it as two lines, which is one).
       * Decided from the raw bytes around the record's end, so a quoted `"a\r"`
       * keeps its CR.
       */
      const trimLineEnd = (record: string[]) => {
        const last = record[record.length - 1];
        if (last === undefined || last.length === 0) return;
        const c = last.charCodeAt(last.length - 1);
        if (c !== 10 && c !== 13) return;
        const end = parser!.info.bytes;
        if (ending && end === fed.total && fed.at(end - 1) === c) {
          record[record.length - 1] = last.slice(0, -1);
        } else if (c === 13 && fed.at(end - 1) === 10 && fed.at(end - 2) === 13 && isLfDelimited(parser!)) {
          over++;
          record[record.length - 1] = last.slice(0, -1);
        }
      };
      const close = () => {};
      /** A row with more fields than `max_columns`: one rejected record, named. */
      const tooWide = (n: number, line: number) => {
        diagnostics.push({
          severity: 'error',
          code: 'MALFORMED_CSV',
          file: file.display,
          line,
          message: `row has ${n} fields, over the limit of ${limits.maxColumns} columns`,
          hint: 'raise max_columns for this source if the file really is this wide',
        });
        batch.malformed++;
      };
      const fastPush = (record: string[], line: number) => {
        lastEnd = line;
        if (header === undefined) {
          header = record;
          return;
        }
        if (record.length > limits.maxColumns) {
          tooWide(record.length, line);
          return;
        }
        batch.rows.push(record);
        batch.lines.push(line);
      };

      const start = (head: Buffer, complete: boolean) => {
        const cfg = file.config.encoding;
        detected = cfg ? { encoding: encodingFromConfig(cfg), bom: 0, guessed: false } : detectEncoding(head, complete);
        if (detected.guessed && detected.encoding === 'windows-1252') {
          diagnostics.push({
            severity: 'warning',
            code: 'ENCODING_GUESSED',
            file: file.display,
            line: 0,
            message: 'file is not valid UTF-8; read as Windows-1252',
            hint: 'set `encoding:` on this source if that is wrong',
          });
        }
        stats.encoding = detected.encoding;
        transcode = createTranscoder(detected.encoding);
        const body = stripBom(transcode ? transcode(head.subarray(detected.bom), complete) : head.subarray(detected.bom));
        delimiter = file.config.delimiter ?? detectDelimiter(body);
        stats.delimiter = delimiter;
        // A line of n UTF-16 units is at most 3n bytes: shorter lines can never reach csv-parse's record limit.
        fast = new QuoteFreeSplitter(delimiter, fastPush, Math.min(FAST_MAX_LINE, Math.floor(limits.maxFieldBytes / 3)));
        return body;
      };

      /** csv-parse from here on, for the rest of the file (see QuoteFreeSplitter). */
      const takeOver = (h: Handoff, end: boolean) => {
        fast = undefined;
        keepEmpty = header === undefined;
        parser = engineOf(new Parser({
          delimiter,
          ...(h.recordDelimiter !== undefined ? { record_delimiter: h.recordDelimiter } : {}),
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
          // Before the header, empty records are kept (and skipped in push once the header is known).
          skip_records_with_empty_values: header !== undefined,
          skip_records_with_error: true,
          max_record_size: Math.max(HARD_RECORD_LIMIT, limits.maxFieldBytes * 4),
          on_skip: (err: unknown) => {
            const from = brokenFrom();
            markEnd();
            diagnostics.push({
              severity: 'error',
              code: 'MALFORMED_CSV',
              file: file.display,
              line: from,
              message: `cannot parse the record here${lastEnd > from ? ` (lines ${from}-${lastEnd})` : ''}: ${describeCsvError(err)}`,
              hint: 'check the quotes on this line; the rest of the file is read on',
            });
            batch.malformed++;
          },
        }));
        // The engine counts lines from where it starts reading; `lastEnd` stays at the
        // fast path's last record, and the blank lines it skipped since count as the engine's.
        parser.info.lines = h.line;
        over = 0;
        emptyAtLastEnd = -h.blankLines;
        engineFeed(h.rest, end);
      };

      const engineFeed = (buf: Buffer, end: boolean) => {
        fed.add(buf);
        ending = end;
        const err = parser!.parse(buf, end, push, close);
        if (err) {
          const from = brokenFrom();
          markEnd();
          const to = lastEnd;
          diagnostics.push({
            severity: 'error',
            code: 'MALFORMED_CSV',
            file: file.display,
            line: from,
            message: `cannot parse the record here${to > from ? ` (lines ${from}-${to})` : ''}: ${describeCsvError(err)}`,
            hint: 'check the quotes on this line',
          });
          batch.malformed++;
        }
      };

      const feed = (buf: Buffer) => {
        if (!fastPath && !parser) takeOver({ rest: buf, line: 1, recordDelimiter: undefined, blankLines: 0 }, false);
        else if (fast) {
          const h = fast.write(buf);
          if (h) takeOver(h, false);
        } else engineFeed(buf, false);
      };

      const finish = () => {
        if (!fastPath && !parser) takeOver({ rest: Buffer.alloc(0), line: 1, recordDelimiter: undefined, blankLines: 0 }, true);
        else if (fast) {
          const h = fast.end();
          if (h) takeOver(h, true);
        } else engineFeed(Buffer.alloc(0), true);
      };

      const flush = (): RowBatch | undefined => {
        if (diagnostics.length > 0) batch.diagnostics.push(...diagnostics.splice(0));
        if (!headerSent && header !== undefined) {
          batch.header = header;
          headerSent = true;
        }
        if (batch.rows.length === 0 && batch.diagnostics.length === 0 && batch.header === undefined) return undefined;
        const out = batch;
        batch = newBatch();
        return out;
      };

      let started = false;
      if (range && range.start > 0) {
        // Mid-file: what the start of the file decided, and the line counts at `start`.
        started = true;
        stats.encoding = 'utf-8';
        delimiter = range.delimiter!;
        stats.delimiter = delimiter;
        header = range.header!;
        lastEnd = range.line! - 1;
        fast = new QuoteFreeSplitter(delimiter, fastPush, Math.min(FAST_MAX_LINE, Math.floor(limits.maxFieldBytes / 3)), range.line!);
        fast.headerPending = false; // mid-file: the header came from the file's start
      }
      try {
        for await (let chunk of stream as AsyncIterable<Buffer>) {
          if (skip > 0) {
            chunk = chunk.subarray(skip);
            skip = 0;
          }
          hash?.update(chunk);
          stats.bytes += chunk.length;
          if (!started) {
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes < HEAD_BYTES) continue;
            const head = Buffer.concat(pending);
            pending = [];
            started = true;
            feed(start(head, false));
          } else {
            feed(transcode ? transcode(chunk, false) : chunk);
          }
          const b = flush();
          if (b) yield b;
        }
        // Truncated, appended to or rewritten while read: stop rather than report a version that never was.
        if (src) await assertUnchanged(file, src, range ? undefined : stats.bytes);
      } catch (err) {
        if (err instanceof CampaignReportError) throw err;
        throw new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
      } finally {
        await src?.fh.close().catch(() => {});
      }
      if (!started) {
        const head = Buffer.concat(pending);
        started = true;
        feed(start(head, true));
      }
      if (transcode) feed(transcode(Buffer.alloc(0), true));
      finish();
      if (!range) stats.sha256 = hash!.digest('hex');
      if (!headerSent) {
        batch.header = header ?? [];
        headerSent = true;
      }
      // The header goes out once: a last batch with nothing in it carries none.
      yield flush() ?? newBatch();
    },
  };
}

/**
 * Offsets into what was fed to csv-parse's engine, as its `info.bytes` counts them:
 * the current buffer and the tail of the ones before, enough to look at the bytes
 * just before a record's end (the engine holds back only a few bytes between calls).
 */
class FedBytes {
  total = 0;
  private start = 0;
  private cur: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);
  add(buf: Buffer): void {
    if (buf.length === 0) return;
    // only the last bytes of what came before are kept (no copy of the whole buffer)
    const joined = Buffer.concat([this.tail, this.cur.subarray(Math.max(0, this.cur.length - 16))]);
    this.tail = joined.subarray(Math.max(0, joined.length - 16));
    this.cur = buf;
    this.start = this.total;
    this.total += buf.length;
  }
  /** The byte at engine offset o, or -1 when it is no longer kept. */
  at(o: number): number {
    if (o >= this.start) return o < this.total ? this.cur[o - this.start]! : -1;
    const i = this.tail.length - (this.start - o);
    return i >= 0 ? this.tail[i]! : -1;
  }
}

/** Whether the engine splits records on LF alone (given, or discovered at the file start). */
function isLfDelimited(parser: CsvEngine): boolean {
  const d = parser.options.record_delimiter;
  return d.length === 1 && d[0]!.length === 1 && d[0]![0] === 10;
}

function newBatch(): RowBatch {
  return { rows: [], lines: [], diagnostics: [], malformed: 0 };
}

/** Line breaks inside a cell (CRLF, LF or a lone CR: one each), and how many were CRLF. */
function countLineBreaks(s: string): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) breaks++;
    else if (c === 13) {
      breaks++;
      if (s.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      }
    }
  }
  return { breaks, crlf };
}

function stripBom(b: Buffer): Buffer {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

/** Picks the delimiter that occurs most often (outside quotes) in the first line. */
export function detectDelimiter(head: Buffer): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  const end = Math.min(head.length, HEAD_BYTES);
  for (let i = 0; i < end; i++) {
    const c = head[i]!;
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) break;
    else if (!quoted) {
      if (c === 0x2c) counts[',']!++;
      else if (c === 0x3b) counts[';']!++;
      else if (c === 0x09) counts['\t']!++;
    }
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

function describeCsvError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'characters follow a closing quote';
    case 'CSV_MAX_RECORD_SIZE':
      return 'a field is larger than the limit';
    default:
      return (e.message ?? String(err)).split('\n')[0]!;
  }
}
