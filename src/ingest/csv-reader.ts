import { createHash, type Hash } from 'node:crypto';
import type { SourceFile } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import { CsvRowEngine, DEFAULT_CSV_LIMITS, type CsvLimits } from './csv-engine.js';
import { openCsvInput, type SharedFile } from './csv-input.js';
export type { SharedFile } from './csv-input.js';
import { createTranscoder, detectEncoding, encodingFromConfig } from './encoding.js';
import type { FileStats, RowBatch, SourceReader } from './rows.js';
import { settingHints } from '../config/setting-hints.js';

export { DEFAULT_CSV_LIMITS, type CsvLimits } from './csv-engine.js';

/** Bytes held back at the start of a file to decide its encoding and delimiter. */
const HEAD_BYTES = 64 * 1024;

/**
 * A byte range of an LF-terminated UTF-8 file, for reading a file in parts at
 * once (src/pipeline/). Reads stay on the 64 KiB grid of a whole-file read, so
 * every batch after a range's first is the same.
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
  /**
   * The file, opened once for all its ranges (a descriptor of this process, usable on any thread),
   * and what fstat said of it then: each range checks the file against that, not against when it
   * began, and a file unlinked meanwhile is read whole, as by one reader.
   */
  readonly shared?: SharedFile;
}


/**
 * Streams a delimited text file as batches of rows with their physical lines.
 * The work is the CsvRowEngine's (csv-engine.ts); around it, thin layers as in
 * csv-parse's own stream and sync adapters: the input (a file, a byte range of
 * one, or standard input: csv-input.ts), the SHA-256 of the raw bytes, the
 * encoding and delimiter (CsvDecoder) and the changed-while-read check.
 *
 * @param given limits, unless the source sets its own.
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
  return { file, stats, batches: () => readCsv(new CsvDecoder(file, limits, fastPath, stats, range), range) };
}

async function* readCsv(decoder: CsvDecoder, range: CsvRange | undefined): AsyncGenerator<RowBatch> {
  const { file, stats } = decoder;
  const hash = range ? range.hash : createHash('sha256');
  const input = await openCsvInput(file, range);
  try {
    for await (const chunk of input.chunks) {
      hash?.update(chunk);
      stats.bytes += chunk.length;
      decoder.write(chunk);
      const b = decoder.take();
      if (b) yield b;
    }
    await input.verify(stats.bytes);
  } catch (err) {
    if (err instanceof CampaignReportError) throw err;
    throw new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  } finally {
    await input.close();
  }
  decoder.end();
  if (!range) stats.sha256 = hash!.digest('hex');
  else {
    const line = decoder.fastLine;
    if (line !== undefined) stats.endLine = line;
  }
  yield decoder.takeLast();
}

/**
 * Raw bytes in, UTF-8 to the engine: holds back the first 64 KiB until they
 * tell the encoding (warning when it is a guess) and the delimiter, then
 * transcodes every chunk. A range from inside a file takes both from the file's start.
 */
class CsvDecoder {
  private engine: CsvRowEngine | undefined;
  private transcode: ((b: Buffer, final: boolean) => Buffer) | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;

  constructor(
    readonly file: SourceFile,
    private readonly limits: CsvLimits,
    private readonly fastPath: boolean,
    readonly stats: FileStats,
    range: CsvRange | undefined,
  ) {
    if (range && range.start > 0) {
      stats.encoding = 'utf-8';
      stats.delimiter = range.delimiter!;
      this.engine = new CsvRowEngine({ display: file.display, limits, delimiter: range.delimiter!, fastPath, from: { line: range.line!, header: range.header! } });
    }
  }

  write(chunk: Buffer): void {
    if (this.engine) {
      this.engine.write(this.transcode ? this.transcode(chunk, false) : chunk);
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= HEAD_BYTES) this.start(false);
  }

  end(): void {
    if (!this.engine) this.start(true);
    if (this.transcode) this.engine!.write(this.transcode(Buffer.alloc(0), true));
    this.engine!.end();
  }

  take(): RowBatch | undefined {
    return this.engine?.take();
  }

  /** See CsvRowEngine.fastLine. */
  get fastLine(): number | undefined {
    return this.engine?.fastLine;
  }

  takeLast(): RowBatch {
    return this.engine!.takeLast();
  }

  /** Decides encoding and delimiter from the head of the file (all of it when `complete`), and reads the head. */
  private start(complete: boolean): void {
    const { file, stats } = this;
    const head = Buffer.concat(this.head);
    this.head = [];
    const cfg = file.config.encoding;
    const detected = cfg ? { encoding: encodingFromConfig(cfg), bom: 0, guessed: false } : detectEncoding(head, complete);
    stats.encoding = detected.encoding;
    const transcode = createTranscoder(detected.encoding);
    this.transcode = transcode;
    const body = stripBom(transcode ? transcode(head.subarray(detected.bom), complete) : head.subarray(detected.bom));
    const delimiter = file.config.delimiter ?? detectDelimiter(body);
    stats.delimiter = delimiter;
    const engine = new CsvRowEngine({ display: file.display, limits: this.limits, delimiter, fastPath: this.fastPath });
    this.engine = engine;
    if (detected.guessed && detected.encoding === 'windows-1252') {
      engine.report({
        severity: 'warning',
        code: 'ENCODING_GUESSED',
        file: file.display,
        line: 0,
        message: 'file is not valid UTF-8; read as Windows-1252',
        hint: settingHints(file.settingsFrom).encoding,
      });
    }
    engine.write(body);
  }
}

function stripBom(b: Buffer): Buffer {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

/**
 * Picks the delimiter that occurs most often (outside quotes) in the first line
 * that has any: a title line above the header ("Seizures, July 2024" has one, a
 * bare title none) is passed over only when it has none.
 */
export function detectDelimiter(head: Buffer): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  const end = Math.min(head.length, HEAD_BYTES);
  for (let i = 0; i < end; i++) {
    const c = head[i]!;
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) {
      if (counts[',']! + counts[';']! + counts['\t']! > 0) break;
    } else if (!quoted) {
      if (c === 0x2c) counts[',']!++;
      else if (c === 0x3b) counts[';']!++;
      else if (c === 0x09) counts['\t']!++;
    }
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}
