import { Parser, type Options } from 'csv-parse';
import { CampaignReportError } from '../errors.js';

/**
 * csv-parse's engine, as its own stream adapter uses it (`Parser#api`). Calling it
 * directly gives each record synchronously with `info.lines`, which the stream's
 * `info: true` option provides at twice the cost. The csv-parse version is pinned
 * in package.json and test/unit/csv-reader.test.ts covers this contract.
 */
export interface CsvParseApi {
  info: { lines: number; empty_lines: number; bytes: number };
  options: { record_delimiter: Buffer[] };
  /** Whether the engine is inside a quoted field. */
  state: { quoting: boolean };
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

/** A csv-parse engine with these options (the stream around it is never used). */
export function createCsvParseApi(options: Options): CsvParseApi {
  const api = (new Parser(options) as unknown as { api?: CsvParseApi }).api;
  if (!api || typeof api.parse !== 'function') throw new CampaignReportError('INTERNAL', 'csv-parse engine not found: the installed csv-parse is not the pinned version');
  return api;
}

/**
 * csv-parse's own record limit: far above the field limit, which the reader enforces.
 * Only a record beyond this (a 64 MiB line) still reaches csv-parse's error path.
 */
export const HARD_RECORD_LIMIT = 64 * 1024 * 1024;

/** Whether the engine splits records on LF alone (given, or discovered at the file start). */
export function isLfDelimited(api: CsvParseApi): boolean {
  const d = api.options.record_delimiter;
  return d.length === 1 && d[0]!.length === 1 && d[0]![0] === 10;
}

/**
 * Offsets into what was fed to csv-parse's engine, as its `info.bytes` counts them:
 * the current buffer and the tail of the ones before, enough to look at the bytes
 * just before a record's end (the engine holds back only a few bytes between calls).
 */
export class FedBytes {
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

/** Line breaks inside a cell (CRLF, LF or a lone CR: one each), and how many were CRLF. */
export function countLineBreaks(s: string): { breaks: number; crlf: number } {
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

/** csv-parse's error, in the words of a MALFORMED_CSV message. */
export function describeCsvError(err: unknown): string {
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
