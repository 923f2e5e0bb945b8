/**
 * The fast path of the CSV reader: while a file has shown no carriage return
 * other than in a CRLF line ending, no over-long line and no quote other than
 * around whole cells on one line (see quotedRecord), its records are lines of
 * cells, and splitting one decoded string per chunk with indexOf gives exactly
 * what csv-parse would (with the reader's options: relax_column_count,
 * relax_quotes, skip_empty_lines; records of empty cells skipped as
 * CsvRowEngine skips them), at a fraction of the cost. Blank rows (empty lines,
 * and lines of empty cells after the header) are counted (`blankRows`). At the
 * first line that is anything else (a quoted line break, a stray quote), the
 * splitter stops and hands the bytes from the start of that line to csv-parse,
 * with the line number and the record delimiter csv-parse would have been using there.
 *
 * Decoding is per region ending at a newline byte: an ASCII byte never belongs
 * to a multi-byte UTF-8 sequence, so decoding a whole region gives the same
 * characters (replacement characters included) as decoding field by field.
 */

/** Where csv-parse takes over: the bytes from the start of a record on. */
export interface Handoff {
  /** The rest of the data written so far, from the first record the fast path could not take. */
  readonly rest: Buffer;
  /** Physical line on which `rest` starts. */
  readonly line: number;
  /** The record delimiter in force, or undefined when csv-parse must discover it itself (file start). */
  readonly recordDelimiter: '\n' | '\r\n' | undefined;
  /** Blank lines skipped since the last record given to the sink (csv-parse's `info.empty_lines` for that stretch). */
  readonly blankLines: number;
}

/** Receives each record with the physical line it is on. */
export type RecordSink = (record: string[], line: number) => void;

const enum Mode {
  Unknown,
  Lf,
  Crlf,
}

/** Lines longer than this (chars or bytes) go to csv-parse, which enforces the record size limit. */
export const FAST_MAX_LINE = 64 * 1024;

export class QuoteFreeSplitter {
  /** Physical line of the next unread byte. */
  line = 1;
  private mode = Mode.Unknown;
  /** Bytes of the current, unfinished line (never containing a newline). */
  private partial: Buffer | undefined;
  /** Blank lines since the last record given to the sink. */
  private blank = 0;
  /** Blank rows passed over so far: empty lines, and lines of empty cells (see isRecordEmpty). */
  blankRows = 0;
  /** True until the first record (the header, unless reading from a byte range) is given to the sink. */
  headerPending = true;

  /**
   * @param startLine set when reading starts at a line inside an LF file (the
   * second half of a file read in parallel): the physical line of the first byte.
   */
  constructor(
    private readonly delimiter: string,
    private readonly sink: RecordSink,
    private readonly maxLine = FAST_MAX_LINE,
    startLine?: number,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`QuoteFreeSplitter: unsupported delimiter ${JSON.stringify(delimiter)}`);
    }
    if (startLine !== undefined) {
      this.line = startLine;
      this.mode = Mode.Lf;
    }
  }

  /** Splits the records of `chunk`; returns a handoff when csv-parse must read on from some point. */
  write(chunk: Buffer): Handoff | undefined {
    let data = chunk;
    if (this.partial !== undefined) {
      const nl = data.indexOf(10);
      if (nl === -1) {
        this.partial = Buffer.concat([this.partial, data]);
        return this.partial.length > this.maxLine ? this.handoffAll() : undefined;
      }
      const head = Buffer.concat([this.partial, data.subarray(0, nl + 1)]);
      this.partial = undefined;
      const at = this.region(head);
      if (at !== -1) return this.handoff(Buffer.concat([head.subarray(at), data.subarray(nl + 1)]));
      data = data.subarray(nl + 1);
    }
    const last = data.lastIndexOf(10);
    if (last === -1) {
      if (data.length > 0) this.partial = Buffer.from(data);
      return this.partial !== undefined && this.partial.length > this.maxLine ? this.handoffAll() : undefined;
    }
    const at = this.region(data.subarray(0, last + 1));
    if (at !== -1) return this.handoff(data.subarray(at));
    if (last + 1 < data.length) {
      // A copy: the partial line must not keep the whole chunk alive.
      this.partial = Buffer.from(data.subarray(last + 1));
      if (this.partial.length > this.maxLine) return this.handoffAll();
    }
    return undefined;
  }

  /** The last line, when the data does not end with a newline. */
  end(): Handoff | undefined {
    const p = this.partial;
    this.partial = undefined;
    if (p === undefined || p.length === 0) return undefined;
    const s = p.toString('utf8');
    if (s.indexOf('\r') !== -1 || s.length > this.maxLine) return this.handoff(p);
    if (s.indexOf('"') === -1) this.record(s, 0, s.length);
    else if (!this.quotedRecord(s, 0, s.length)) return this.handoff(p);
    return undefined;
  }

  private handoffAll(): Handoff {
    const rest = this.partial!;
    this.partial = undefined;
    return this.handoff(rest);
  }

  private handoff(rest: Buffer): Handoff {
    const recordDelimiter = this.mode === Mode.Lf ? '\n' : this.mode === Mode.Crlf ? '\r\n' : undefined;
    return { rest, line: this.line, recordDelimiter, blankLines: this.blank };
  }

  /**
   * Splits a region that ends with a newline byte. Returns -1 when every line
   * was taken, else the byte offset of the first line left to csv-parse.
   */
  private region(bytes: Buffer): number {
    const s = bytes.toString('utf8');
    const end = s.length;
    let nextQuote = s.indexOf('"');
    // Set when this region's first line decides the record delimiter: if that line is left to
    // csv-parse after all, csv-parse decides it (a quoted line break can come first).
    let decided = false;
    if (this.mode === Mode.Unknown) {
      // csv-parse takes the first of \r\n, \n, \r outside quotes as the record delimiter.
      const lf = s.indexOf('\n');
      const cr = s.indexOf('\r');
      const first = cr !== -1 && cr < lf ? cr : lf;
      if (first === cr) {
        if (s.charCodeAt(cr + 1) !== 10) return 0;
        this.mode = Mode.Crlf;
      } else this.mode = Mode.Lf;
      decided = nextQuote !== -1 && nextQuote < first;
    }
    const crlf = this.mode === Mode.Crlf;
    // The first position the fast path cannot take (LF files): any CR.
    let stop = end;
    if (!crlf) {
      const cr = s.indexOf('\r');
      if (cr !== -1) stop = cr;
    }
    let nextCr = crlf ? s.indexOf('\r') : -1;
    let pos = 0;
    let taken = 0;
    while (pos < end) {
      const nl = s.indexOf('\n', pos);
      let stopHere = nl >= stop || nl - pos > this.maxLine;
      let contentEnd = nl;
      if (crlf && !stopHere) {
        // Every LF must close a CRLF, and no CR may stand alone.
        if (nextCr !== nl - 1) stopHere = true;
        else {
          contentEnd = nl - 1;
          nextCr = s.indexOf('\r', nl + 1);
        }
      }
      if (!stopHere && nextQuote !== -1 && nextQuote < nl) {
        stopHere = !this.quotedRecord(s, pos, contentEnd);
        if (!stopHere) nextQuote = s.indexOf('"', nl + 1);
      } else if (!stopHere) {
        if (contentEnd > pos) this.record(s, pos, contentEnd);
        else {
          this.blank++;
          this.blankRows++;
        }
      }
      if (stopHere) {
        if (taken === 0 && decided) this.mode = Mode.Unknown;
        return byteOffsetOfLine(bytes, taken);
      }
      this.line++;
      taken++;
      pos = nl + 1;
    }
    return -1;
  }

  /** Emits the record of s[from, to) (a non-empty line without its ending). */
  private record(s: string, from: number, to: number): void {
    const d = this.delimiter;
    const rec: string[] = [];
    let p = from;
    for (;;) {
      const i = s.indexOf(d, p);
      if (i === -1 || i >= to) {
        rec.push(s.slice(p, to));
        break;
      }
      rec.push(s.slice(p, i));
      p = i + 1;
    }
    this.emit(rec);
  }

  /**
   * Emits the record of s[from, to), a line with quotes, when they are used as
   * csv-parse reads them without ambiguity: a cell that starts with a quote
   * ends at a quote followed by the delimiter or the line's end, and `""` in it
   * is one quote. Any other quote (an unclosed one, one inside an unquoted
   * cell, text after a closing quote) leaves the line, emitting nothing, to
   * csv-parse, which reads it with its own rules and diagnostics. Exports that
   * quote every cell, or only cells with a delimiter in them, stay on the fast path.
   */
  private quotedRecord(s: string, from: number, to: number): boolean {
    const d = this.delimiter;
    const rec: string[] = [];
    let p = from;
    for (;;) {
      if (p < to && s.charCodeAt(p) === 34) {
        let cell = '';
        let q = p + 1;
        for (;;) {
          const close = s.indexOf('"', q);
          if (close === -1 || close >= to) return false;
          cell += s.slice(q, close);
          if (close + 1 < to && s.charCodeAt(close + 1) === 34) {
            cell += '"';
            q = close + 2;
          } else {
            p = close + 1;
            break;
          }
        }
        rec.push(cell);
        if (p === to) break;
        if (s[p] !== d) return false;
        p++;
      } else {
        const i = s.indexOf(d, p);
        const cellEnd = i === -1 || i >= to ? to : i;
        const cell = s.slice(p, cellEnd);
        if (cell.indexOf('"') !== -1) return false;
        rec.push(cell);
        if (cellEnd === to) break;
        p = cellEnd + 1;
      }
    }
    this.emit(rec);
    return true;
  }

  private emit(rec: string[]): void {
    // The first record is the header: kept even when every name is empty (",,,,"),
    // so the file reports its missing columns instead of taking a data row as header.
    if ((this.headerPending && rec.length > 1) || !isRecordEmpty(rec)) {
      this.headerPending = false;
      this.blank = 0;
      this.sink(rec, this.line);
    } else {
      // a record of empty values is a blank row, passed over like a blank line
      this.blank++;
      this.blankRows++;
    }
  }
}

/** Byte offset where line `n` (0-based) of `bytes` starts. */
function byteOffsetOfLine(bytes: Buffer, n: number): number {
  let at = 0;
  for (let k = 0; k < n; k++) at = bytes.indexOf(10, at) + 1;
  return at;
}

/** csv-parse's skip_records_with_empty_values: every cell blank after trim(). */
export function isRecordEmpty(rec: readonly string[]): boolean {
  for (let i = 0; i < rec.length; i++) {
    const f = rec[i]!;
    if (f.length === 0) continue;
    const c = f.charCodeAt(0);
    // Printable ASCII is never whitespace: the common case needs no trim().
    if ((c > 32 && c < 127) || f.trim() !== '') return false;
  }
  return true;
}
