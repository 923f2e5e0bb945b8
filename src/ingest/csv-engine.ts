import type { Diagnostic } from '../core/diagnostic.js';
import { countLineBreaks, createCsvParseApi, describeCsvError, FedBytes, HARD_RECORD_LIMIT, isLfDelimited, type CsvParseApi } from './csv-parse-api.js';
import { FAST_MAX_LINE, isRecordEmpty, QuoteFreeSplitter, type Handoff } from './quote-free-splitter.js';
import type { RowBatch } from './rows.js';

/** Limits that keep a hostile file from exhausting memory. */
export interface CsvLimits {
  maxFieldBytes: number;
  maxColumns: number;
}
export const DEFAULT_CSV_LIMITS: CsvLimits = { maxFieldBytes: 1 << 20, maxColumns: 20_000 };

export interface CsvEngineOptions {
  /** The file as diagnostics name it. */
  readonly display: string;
  readonly limits: CsvLimits;
  readonly delimiter: string;
  /** false reads every line with csv-parse: the reference the fast path is tested against. */
  readonly fastPath: boolean;
  /** Reading from inside a file (a byte range): the physical line of the first byte, and the file's header. */
  readonly from?: { readonly line: number; readonly header: string[] };
}

const EMPTY = Buffer.alloc(0);
const NOOP = (): void => {};

/**
 * The CSV engine: UTF-8 bytes in, batches of rows out, each row with the physical
 * line it starts on. Plain lines (no quote seen yet) go through the
 * QuoteFreeSplitter; from the first line that is not plain to the end of the
 * file, csv-parse's engine reads on (called directly, so each record arrives
 * synchronously with the parser's line counter). Both give the same rows and
 * lines, and count the same blank rows (empty lines, and lines of empty cells:
 * skipped, never records, sent out as `skipped.blank`)
 * (test/unit/csv-fast-path.test.ts). Rows over the column or field limit,
 * and unparsable stretches, become MALFORMED_CSV diagnostics instead of stopping.
 * No I/O: the adapters in csv-reader.ts feed it.
 */
export class CsvRowEngine {
  private readonly display: string;
  private readonly maxColumns: number;
  private readonly maxFieldBytes: number;
  private readonly delimiter: string;
  private batch = newBatch();
  private header: string[] | undefined;
  /** The physical line the header is on (for diagnostics of a header found below title rows). */
  private headerLine = 1;
  private headerSent = false;
  /** Line on which the last record (or skipped stretch) ended: the next one starts after it. */
  private lastEnd = 0;
  private fast: QuoteFreeSplitter | undefined;
  private parser: CsvParseApi | undefined;
  /** Blank rows counted by a fast path csv-parse has replaced, and records of empty cells parsedRecord skipped. */
  private blankCounted = 0;
  /** Blank rows already sent out on a batch. */
  private blankSent = 0;
  /** 1 once csv-parse has counted the line end that ends its input as one more empty line (see end()). */
  private eofEmpty = 0;
  /**
   * How far csv-parse's line counter has run ahead: it counts the CR and the LF
   * of a CRLF inside a cell as two lines.
   */
  private over = 0;
  /** csv-parse's count of skipped blank lines when `lastEnd` was set. */
  private emptyAtLastEnd = 0;
  /** The bytes fed to csv-parse (for trimLineEnd), and whether the last feed ends the file. */
  private readonly fed = new FedBytes();
  private ending = false;
  private readonly pushParsed = (record: string[]): void => this.parsedRecord(record);

  constructor(options: CsvEngineOptions) {
    this.display = options.display;
    this.maxColumns = options.limits.maxColumns;
    this.maxFieldBytes = options.limits.maxFieldBytes;
    this.delimiter = options.delimiter;
    const from = options.from;
    if (from) {
      this.header = from.header;
      this.lastEnd = from.line - 1;
    }
    if (!options.fastPath) return;
    // A line of n UTF-16 units is at most 3n bytes: shorter lines can never reach the field limit.
    const maxLine = Math.min(FAST_MAX_LINE, Math.floor(this.maxFieldBytes / 3));
    const sink = (record: string[], line: number): void => this.fastRecord(record, line);
    this.fast = new QuoteFreeSplitter(this.delimiter, sink, maxLine, from?.line);
    // mid-file: the header came from the file's start
    if (from) this.fast.headerPending = false;
  }

  /** Reads the records of the next bytes of the file. */
  write(buf: Buffer): void {
    if (this.fast) {
      const h = this.fast.write(buf);
      if (h) this.takeOver(h, false);
    } else if (this.parser) this.parse(buf, false);
    else this.takeOver({ rest: buf, line: 1, recordDelimiter: undefined, blankLines: 0 }, false);
  }

  /** The file ends: reads its last record. */
  end(): void {
    if (this.fast) {
      const h = this.fast.end();
      if (h) this.takeOver(h, true);
    } else if (this.parser) this.parse(EMPTY, true);
    else this.takeOver({ rest: EMPTY, line: 1, recordDelimiter: undefined, blankLines: 0 }, true);
  }

  /** The physical line of the next byte while the fast path has read every byte so far; undefined once csv-parse has taken over. */
  get fastLine(): number | undefined {
    return this.fast?.line;
  }

  /** A file-level finding (an encoding guess), reported with the rows read so far. */
  report(d: Diagnostic): void {
    this.batch.diagnostics.push(d);
  }

  /** The rows, diagnostics and blank rows since the last call (the header with the first), or undefined when there are none. */
  take(): RowBatch | undefined {
    const b = this.batch;
    if (!this.headerSent && this.header !== undefined) {
      b.header = this.header;
      b.headerLine = this.headerLine;
      this.headerSent = true;
    }
    // Blank rows go out from the header's batch on (those above it with it).
    if (this.headerSent) {
      const blank = this.blankRows() - this.blankSent;
      if (blank > 0) {
        b.skipped = { title: 0, blank };
        this.blankSent += blank;
      }
    }
    if (b.rows.length === 0 && b.diagnostics.length === 0 && b.header === undefined && b.skipped === undefined) return undefined;
    this.batch = newBatch();
    return b;
  }

  /** The last batch, after end(): it carries the header (empty when the file had none) if no batch did. */
  takeLast(): RowBatch {
    if (!this.headerSent) {
      this.batch.header = this.header ?? [];
      this.headerSent = true;
    }
    // The header goes out once: a last batch with nothing in it carries none.
    return this.take() ?? newBatch();
  }

  /** A record of the fast path: one physical line. */
  private fastRecord(record: string[], line: number): void {
    this.lastEnd = line;
    if (this.header === undefined) {
      this.header = record;
      this.headerLine = line;
      return;
    }
    if (record.length > this.maxColumns) {
      this.tooWide(record.length, line);
      return;
    }
    this.batch.rows.push(record);
    this.batch.lines.push(line);
  }

  /**
   * Blank rows so far: empty lines (csv-parse's `empty_lines`, less the line end
   * that ends its input, which it counts as one more) and records of empty cells,
   * as the fast path counts them.
   */
  private blankRows(): number {
    let n = this.blankCounted;
    if (this.fast) n += this.fast.blankRows;
    if (this.parser) n += this.parser.info.empty_lines - this.eofEmpty;
    return n;
  }

  /** A record of csv-parse: the line it starts on is worked out from where it ends. */
  private parsedRecord(record: string[]): void {
    this.trimLineEnd(record);
    let breaks = 0;
    for (let i = 0; i < record.length; i++) {
      const f = record[i]!;
      if (f.length > 0 && (f.indexOf('\n') !== -1 || f.indexOf('\r') !== -1)) {
        const b = countLineBreaks(f);
        breaks += b.breaks;
        this.over += b.crlf;
      }
    }
    this.markEnd();
    // A record of empty cells is a blank row, as in the fast path: skipped and counted
    // (its line breaks counted above, so the lines after it stay right). A header of
    // empty names only is still the header (see QuoteFreeSplitter.headerPending).
    if (isRecordEmpty(record) && (this.header !== undefined || record.length === 1)) {
      this.blankCounted++;
      return;
    }
    const line = this.lastEnd - breaks;
    if (this.header === undefined) {
      this.header = record;
      this.headerLine = line;
      return;
    }
    // The field limit is checked here rather than by csv-parse's max_record_size,
    // whose error loses its place in the stream: one oversized record is one
    // rejected record, and the rows after it are read as usual.
    if (record.length > this.maxColumns) {
      this.tooWide(record.length, line);
      return;
    }
    for (let i = 0; i < record.length; i++) {
      if (record[i]!.length > this.maxFieldBytes) {
        const message = `field ${i + 1} is ${record[i]!.length} characters long, over the limit of ${this.maxFieldBytes}`;
        this.malformed(line, message, 'a missing closing quote can swallow the rest of a file into one field');
        return;
      }
    }
    this.batch.rows.push(record);
    this.batch.lines.push(line);
  }

  /** A row with more fields than `max_columns`: one rejected record, named. */
  private tooWide(n: number, line: number): void {
    this.malformed(line, `row has ${n} fields, over the limit of ${this.maxColumns} columns`, 'raise max_columns for this source if the file really is this wide');
  }

  /** One record that cannot be read: a MALFORMED_CSV error, counted as one rejected record. */
  private malformed(line: number, message: string, hint: string): void {
    this.batch.diagnostics.push({ severity: 'error', code: 'MALFORMED_CSV', file: this.display, line, message, hint });
    this.batch.malformed++;
  }

  /** csv-parse from here on, for the rest of the file (see QuoteFreeSplitter). */
  private takeOver(h: Handoff, end: boolean): void {
    if (this.fast) this.blankCounted += this.fast.blankRows;
    this.fast = undefined;
    this.parser = createCsvParseApi({
      delimiter: this.delimiter,
      ...(h.recordDelimiter !== undefined ? { record_delimiter: h.recordDelimiter } : {}),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // Records of empty cells are skipped (and counted) in parsedRecord: csv-parse would skip them
      // without a count, and without the lines they span in its line counter corrected.
      skip_records_with_empty_values: false,
      skip_records_with_error: true,
      max_record_size: Math.max(HARD_RECORD_LIMIT, this.maxFieldBytes * 4),
      on_skip: (err: unknown) => {
        this.unparsable(err, 'check the quotes on this line; the rest of the file is read on');
      },
    });
    // The engine counts lines from where it starts reading; `lastEnd` stays at the
    // fast path's last record, and the blank lines it skipped since count as the engine's.
    this.parser.info.lines = h.line;
    this.over = 0;
    this.emptyAtLastEnd = -h.blankLines;
    this.parse(h.rest, end);
  }

  private parse(buf: Buffer, end: boolean): void {
    this.fed.add(buf);
    this.ending = end;
    const err = this.parser!.parse(buf, end, this.pushParsed, NOOP);
    if (err) this.unparsable(err, 'check the quotes on this line');
    // At the end of its input, csv-parse counts one more empty line when the input ends
    // with a record delimiter outside quotes (after "a\nb\n", the empty "line" after the last LF).
    if (end && !this.parser!.state.quoting && this.endsWithRecordDelimiter()) this.eofEmpty = 1;
  }

  /** Whether the bytes fed to csv-parse end with its record delimiter (one it was given or has discovered). */
  private endsWithRecordDelimiter(): boolean {
    const total = this.fed.total;
    for (const d of this.parser!.options.record_delimiter) {
      if (d.length === 0 || d.length > total) continue;
      let k = 0;
      while (k < d.length && this.fed.at(total - d.length + k) === d[k]) k++;
      if (k === d.length) return true;
    }
    return false;
  }

  /** A stretch csv-parse skipped or stopped at: from the line after the last record to where it is now. */
  private unparsable(err: unknown, hint: string): void {
    // The line a broken record starts on: after the last record and the blank lines since.
    const from = this.lastEnd + 1 + (this.parser!.info.empty_lines - this.emptyAtLastEnd);
    this.markEnd();
    const to = this.lastEnd;
    this.malformed(from, `cannot parse the record here${to > from ? ` (lines ${from}-${to})` : ''}: ${describeCsvError(err)}`, hint);
  }

  private markEnd(): void {
    this.lastEnd = this.parser!.info.lines - this.over;
    this.emptyAtLastEnd = this.parser!.info.empty_lines;
  }

  /**
   * A line break that ends the last field is a line end, not data, in two cases
   * csv-parse's record delimiter does not cover: the last byte of the file (a CR
   * or LF after the last record of a file whose lines end otherwise: csv-parse has
   * not counted it as a line; not when the file ends with the record delimiter,
   * which ended the record: a quoted `"x\n"` before it keeps its LF), and a CR
   * before the LF delimiter of an LF file (a CRLF row among LF rows: csv-parse
   * counted it as two lines, which is one). Decided from the raw bytes around the
   * record's end, so a quoted `"a\r"` keeps its CR.
   */
  private trimLineEnd(record: string[]): void {
    const last = record[record.length - 1];
    if (last === undefined || last.length === 0) return;
    const c = last.charCodeAt(last.length - 1);
    if (c !== 10 && c !== 13) return;
    const end = this.parser!.info.bytes;
    if (this.ending && end === this.fed.total && this.fed.at(end - 1) === c && !this.endsWithRecordDelimiter()) {
      record[record.length - 1] = last.slice(0, -1);
    } else if (c === 13 && this.fed.at(end - 1) === 10 && this.fed.at(end - 2) === 13 && isLfDelimited(this.parser!)) {
      this.over++;
      record[record.length - 1] = last.slice(0, -1);
    }
  }
}

function newBatch(): RowBatch {
  return { rows: [], lines: [], diagnostics: [], malformed: 0 };
}
