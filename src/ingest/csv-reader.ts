import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Parser } from 'csv-parse';
import type { SourceFile } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { createTranscoder, detectEncoding, encodingFromConfig, type DetectedEncoding } from './encoding.js';
import type { FileStats, RowBatch, SourceReader } from './rows.js';

/**
 * csv-parse's engine, as its own stream adapter uses it (`Parser#api`). Calling it
 * directly gives each record synchronously with `info.lines`, which the stream's
 * `info: true` option provides at twice the cost. The csv-parse version is pinned
 * in package.json and test/unit/csv-reader.test.ts covers this contract.
 */
interface CsvEngine {
  info: { lines: number };
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

function engineOf(parser: Parser): CsvEngine {
  const api = (parser as unknown as { api?: CsvEngine }).api;
  if (!api || typeof api.parse !== 'function') throw new CampaignReportError('INTERNAL', 'csv-parse engine not found: the installed csv-parse is not the pinned version');
  return api;
}

const HEAD_BYTES = 64 * 1024;
const CHUNK = 1 << 20;

/** Limits that keep a hostile file from exhausting memory. */
export interface CsvLimits {
  maxFieldBytes: number;
}
export const DEFAULT_CSV_LIMITS: CsvLimits = { maxFieldBytes: 1 << 20 };

/**
 * Streams a delimited text file through csv-parse's engine (called directly, so
 * each record arrives synchronously with the parser's line counter). Detects
 * encoding and delimiter, hashes the raw bytes, and turns unparsable stretches
 * into MALFORMED_CSV diagnostics instead of stopping.
 */
export function createCsvReader(file: SourceFile, limits: CsvLimits = DEFAULT_CSV_LIMITS): SourceReader {
  const stats: FileStats = { sha256: '', bytes: 0, encoding: '' };
  return {
    file,
    stats,
    async *batches() {
      const hash = createHash('sha256');
      const stream = createReadStream(file.path, { highWaterMark: CHUNK });
      let detected: DetectedEncoding | undefined;
      let transcode: ((b: Buffer, final: boolean) => Buffer) | undefined;
      let parser: CsvEngine | undefined;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let headerSent = false;
      /** Line on which the last record (or skipped stretch) ended: the next one starts after it. */
      let lastEnd = 0;
      let header: string[] | undefined;
      let batch = newBatch();
      const diagnostics: Diagnostic[] = [];

      const push = (record: string[]) => {
        const info = parser!.info;
        let nl = 0;
        for (let i = 0; i < record.length; i++) {
          const f = record[i]!;
          if (f.length > 0 && f.indexOf('\n') !== -1) nl += countNewlines(f);
        }
        const line = info.lines - nl;
        lastEnd = info.lines;
        if (header === undefined) {
          header = record;
          return;
        }
        batch.rows.push(record);
        batch.lines.push(line);
      };
      const close = () => {};

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
        const delimiter = file.config.delimiter ?? detectDelimiter(body);
        stats.delimiter = delimiter;
        parser = engineOf(new Parser({
          delimiter,
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
          skip_records_with_empty_values: true,
          skip_records_with_error: true,
          max_record_size: limits.maxFieldBytes,
          on_skip: (err: unknown) => {
            const info = parser!.info;
            void err;
            const from = lastEnd + 1;
            lastEnd = info.lines;
            diagnostics.push({
              severity: 'error',
              code: 'MALFORMED_CSV',
              file: file.display,
              line: from,
              message: `cannot parse the record here${info.lines > from ? ` (lines ${from}-${info.lines})` : ''}: ${describeCsvError(err)}`,
              hint: 'check the quotes on this line; the rest of the file is read on',
            });
            batch.malformed++;
          },
        }));
        return body;
      };

      const feed = (buf: Buffer, end: boolean) => {
        const err = parser!.parse(buf, end, push, close);
        if (err) {
          const from = lastEnd + 1;
          const to = parser!.info.lines;
          lastEnd = to;
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

      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          stats.bytes += chunk.length;
          if (!parser) {
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes < HEAD_BYTES) continue;
            const head = Buffer.concat(pending);
            pending = [];
            feed(start(head, false), false);
          } else {
            feed(transcode ? transcode(chunk, false) : chunk, false);
          }
          const b = flush();
          if (b) yield b;
        }
      } catch (err) {
        throw new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
      }
      if (!parser) {
        const head = Buffer.concat(pending);
        feed(start(head, true), false);
      }
      if (transcode) feed(transcode(Buffer.alloc(0), true), false);
      feed(Buffer.alloc(0), true);
      stats.sha256 = hash.digest('hex');
      if (!headerSent) {
        batch.header = header ?? [];
        headerSent = true;
      }
      const last = flush();
      yield last ?? { ...newBatch(), header: header ?? [] };
    },
  };
}

function newBatch(): RowBatch {
  return { rows: [], lines: [], diagnostics: [], malformed: 0 };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
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
