/**
 * How a run's sources are cut into units of reading. A unit is a whole source,
 * or a byte range of a plain CSV file cut where the cut cannot change a result.
 * Every unit is read by the same code (read-unit.ts) on whichever thread claims
 * it first (threads.ts); the main thread takes the units' records in campaign
 * order through one ledger (run.ts). One thread is the plan with no worker,
 * not a second implementation.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Campaign, SourceFile } from '../config/campaign.js';
import { detectDelimiter, type SharedFile } from '../ingest/csv-reader.js';
import { detectEncoding } from '../ingest/encoding.js';
import { findHeader, HEADER_SCAN, isRecognizable } from '../ingest/header-rows.js';
import { sniffContainer } from '../ingest/source.js';
import { isPartialSource } from '../ingest/partial-reader.js';
import { QuoteFreeSplitter } from '../ingest/quote-free-splitter.js';

/** A byte range of a CSV file that is read on its own (see CsvRange). */
export interface UnitRange {
  readonly start: number;
  readonly end: number;
  /** The file's size: the reader of the range at 0 hashes the bytes past `end` too. */
  readonly size: number;
  readonly header: string[];
  readonly delimiter: string;
  /** The file, opened once when it was cut, for every range of it on any thread (closed by closePlan). */
  readonly shared: SharedFile;
}

export interface ReadUnit {
  readonly fileIndex: number;
  readonly kind: 'partial' | 'source';
  /** Absent: the whole source. */
  readonly range?: UnitRange;
}

export interface ReadPlan {
  readonly threads: number;
  readonly units: readonly ReadUnit[];
  /** 'replays': workers read only byte ranges, and the main thread the whole sources itself (claims.ts). */
  readonly role: MainRole;
}

/**
 * Each thread gets at least this much to read by default. Measured on the 2-core
 * benchmark host (4 Dec, bench/NOTES.md: Two threads), `aggregate`, one thread against two,
 * 5 alternated runs each: 100,000 rows (6 MB) 0.51 s against 0.72; 300,000 rows
 * (19 MB) 0.90 against 1.01 (the worker starts ~0.25 s after the main thread and
 * reads its first units cold); 550,000 rows (36 MB) 1.53 against 1.52; 1M rows
 * (65 MB) 2.44 against 2.15, 142 against 182 MB peak; 5M rows (336 MB) 10.75
 * against 7.92 s, 349 against 407–442 MB. So two threads from 48 MiB of input.
 * `CAMPAIGN_REPORT_THREADS=N` sets any count.
 */
export const MIN_BYTES_PER_THREAD = 24 * 1024 * 1024;

/**
 * The same when the main thread only replays (MainRole 'replays': `build`, whose
 * report collector makes the main thread the busiest). Then one worker reading
 * while the main thread collects paid from ~20 MB of input on (`build --format
 * md,html`, 4 alternated runs each on the benchmark host: 100,000 rows, 6 MB, no
 * gain; 300,000 rows, 19 MB, 1.88 → 1.78 s; 1M rows, 65 MB, ~−12 %), and one is
 * all it takes: the main thread is the slower of the two, so a second worker
 * would only add its memory (~30 MB). bench/NOTES.md: Two threads.
 */
export const MIN_BYTES_PER_REPLAY_THREAD = 16 * 1024 * 1024;
const MAX_REPLAY_THREADS = 2;

/**
 * Who reads what when there are workers. 'reads': whoever is free reads the
 * next unit, the main thread too. 'replays': the workers read every source unit
 * they can and the main thread replays them (RunOptions.mainReads false).
 */
export type MainRole = 'reads' | 'replays';

const CHUNK = 1 << 16;
const SCAN = 1 << 20;
/** Lines longer than this keep a file whole (the reader's fast path hands such lines to csv-parse). */
const LONG_LINE = 60_000;

/**
 * Threads for this run: `CAMPAIGN_REPORT_THREADS=N` (any N ≥ 1), else the
 * machine's cores, capped so each thread has MIN_BYTES_PER_THREAD to read
 * (MIN_BYTES_PER_REPLAY_THREAD and at most two threads when the main thread
 * only replays). Standard input is read on the main thread only, so a run with it has one.
 */
export function threadCount(totalBytes: number, hasStdin: boolean, env: NodeJS.ProcessEnv = process.env, role: MainRole = 'reads'): number {
  if (hasStdin) return 1;
  const asked = Number(env.CAMPAIGN_REPORT_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 64);
  if (role === 'replays') return Math.max(1, Math.min(availableParallelism(), MAX_REPLAY_THREADS, Math.floor(totalBytes / MIN_BYTES_PER_REPLAY_THREAD)));
  return Math.max(1, Math.min(availableParallelism(), Math.floor(totalBytes / MIN_BYTES_PER_THREAD)));
}

/**
 * Units a byte range is cut into at most this size, and at least this many per thread.
 * A main thread that only replays takes units of at most 512 KiB: what a worker has
 * read ahead waits on the main thread as columns (up to AHEAD units, claims.ts).
 * 1M rows, `build` on 2 threads with the young generation held (young-generation.ts),
 * peak RSS of 3 runs each: 4 MiB units 252–255 MB, 1 MiB 237–239, 512 KiB 225–230,
 * in the same time within the host's noise. Units that small slowed reading only
 * where the main thread reads too (5M rows, `aggregate` on 2 threads: +15 %).
 * Where it reads too, units of 2 MiB: 1M rows, `aggregate` on 2 threads, 6 runs
 * each, 2.16–2.23 s and 191–193 MB peak against 2.17–2.20 s and 198–201 MB with 4 MiB.
 */
const MAX_UNIT_BYTES = 2 * 1024 * 1024;
const MAX_REPLAY_UNIT_BYTES = 512 * 1024;
const UNITS_PER_THREAD = 4;

/**
 * Cuts the campaign's sources into units small enough (≤ 8 MiB) that threads
 * take turns on a file and a worker never holds much the main thread has not
 * taken yet: memory stays flat in the file size.
 */
export function planReads(campaign: Campaign, env: NodeJS.ProcessEnv = process.env, role: MainRole = 'reads'): ReadPlan {
  const files = campaign.files;
  const sizes = sizesOf(campaign);
  const total = sizes.reduce((a, b) => a + b, 0);
  const threads = threadsFor(campaign, total, env, role);
  const whole = (f: SourceFile, fileIndex: number): ReadUnit => ({ fileIndex, kind: isPartialSource(f) ? 'partial' : 'source' });
  if (threads === 1) return { threads: 1, units: files.map(whole), role };
  const maxUnit = role === 'replays' ? MAX_REPLAY_UNIT_BYTES : MAX_UNIT_BYTES;
  const unitBytes = Math.max(CHUNK / 4, Math.min(maxUnit, Math.floor(total / (threads * UNITS_PER_THREAD))));
  const units = files.flatMap((file, fileIndex) => piecesOf(file, fileIndex, sizes[fileIndex]!, unitBytes, campaign.redact));
  // A whole source read on a worker for a main thread that only replays would wait there whole, as
  // columns (a large workbook: its every record), with nothing read meanwhile: the main thread reads
  // those itself, and with no byte range to share the plan has no worker.
  if (role === 'replays' && !units.some((u) => u.range)) return { threads: 1, units: files.map(whole), role };
  return { threads, units, role };
}

/**
 * The threads planReads will most likely give this campaign (the same count, found
 * without cutting the files): its workers can start before the plan is made. The
 * plan has one thread when no source can be cut after all.
 */
export function likelyThreads(campaign: Campaign, env: NodeJS.ProcessEnv = process.env, role: MainRole = 'reads'): number {
  return threadsFor(campaign, sizesOf(campaign).reduce((a, b) => a + b, 0), env, role);
}

/** threadCount for a campaign of `total` bytes: one when there is nothing to read in bytes (partials, standard input only). */
function threadsFor(campaign: Campaign, total: number, env: NodeJS.ProcessEnv, role: MainRole): number {
  return total === 0 ? 1 : threadCount(total, campaign.files.some((f) => f.path === '-'), env, role);
}

/** The size of the campaign's sources together (bytes; Infinity with standard input, whose size is unknown). */
export function inputBytes(campaign: Campaign): number {
  return campaign.files.some((f) => f.path === '-') ? Infinity : sizesOf(campaign).reduce((a, b) => a + b, 0);
}

function sizesOf(campaign: Campaign): number[] {
  return campaign.files.map((f) => (isPartialSource(f) || f.path === '-' ? 0 : sizeOf(f.path)));
}

/**
 * Whether a worker may read this unit: a source's (a partial is the main thread's), and when
 * the main thread only replays, a byte range only: it reads whole sources itself (see planReads).
 */
export function workersMayRead(plan: ReadPlan, unit: ReadUnit): boolean {
  return unit.kind === 'source' && (plan.role !== 'replays' || unit.range !== undefined);
}

/** Closes the files a plan holds open for its ranges (once every unit is read). */
export function closePlan(plan: ReadPlan): void {
  for (const fd of new Set(plan.units.flatMap((u) => (u.range ? [u.range.shared.fd] : [])))) closeSync(fd);
}

/** A source as units: byte ranges of about `unitBytes` where it can be cut, else whole. */
function piecesOf(file: SourceFile, fileIndex: number, size: number, unitBytes: number, redact: readonly string[]): ReadUnit[] {
  if (isPartialSource(file)) return [{ fileIndex, kind: 'partial' }];
  const wanted: number[] = [];
  for (let at = unitBytes; at < size - unitBytes / 4; at += unitBytes) wanted.push(at);
  const cuts = wanted.length > 0 && isPlainCsv(file) ? cutFile(file, size, wanted, redact) : undefined;
  if (cuts === undefined) return [{ fileIndex, kind: 'source' }];
  const bounds = [0, ...cuts.points, size];
  const { header, delimiter, shared } = cuts;
  return bounds.slice(1).map((end, i) => ({ fileIndex, kind: 'source', range: { start: bounds[i]!, end, size, header, delimiter, shared } }));
}

function sizeOf(path: string): number {
  try {
    return fstatSizeOf(path);
  } catch {
    return 0; // the reader reports it
  }
}

function fstatSizeOf(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    return st.isFile() ? st.size : 0;
  } finally {
    closeSync(fd);
  }
}

function isPlainCsv(file: SourceFile): boolean {
  const c = file.config;
  if (file.path === '-' || (c.format !== undefined && c.format !== 'csv')) return false;
  if (c.format === undefined && /\.(ya?ml|xls[xm]?)$/i.test(file.path)) return false;
  // the header below title rows: the whole file is read by one reader, which finds it
  if (c.header_row !== undefined && c.header_row !== 1) return false;
  if (c.encoding !== undefined && !/^utf-?8$/i.test(c.encoding)) return false;
  return true;
}

interface Cuts {
  readonly points: number[];
  readonly header: string[];
  readonly delimiter: string;
  readonly shared: SharedFile;
}

/**
 * Where to cut a file near each wanted byte so that every range reads as the
 * same stretch of a whole-file read: UTF-8 with a header the fast path splits,
 * each cut at the start of a line following a record line, and nothing
 * csv-parse would have to read (a quote, a CR, a long line) before the last
 * cut or in the rest of the 64 KiB read that holds it. Undefined: keep it whole.
 */
function cutFile(file: SourceFile, size: number, wanted: readonly number[], redact: readonly string[]): Cuts | undefined {
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = readHead(fd, size, file, redact);
    if (head === undefined) return undefined;
    const points: number[] = [];
    // One window for every cut: a fresh zeroed one each (368 KiB, 31 cuts for 65 MB) cost ~35 ms of page faults on the AMD host.
    const window = Buffer.allocUnsafe(Math.min(size, WINDOW));
    for (const at of wanted) {
      const cut = cutNear(fd, size, at, head.delimiter, window);
      if (cut !== undefined && cut > (points[points.length - 1] ?? 0)) points.push(cut);
    }
    if (points.length === 0 || !plainUpTo(fd, size, points[points.length - 1]!)) return undefined;
    const st = fstatSync(fd);
    if (st.size !== size) return undefined;
    // Kept open: every range of the file reads this descriptor (see closePlan).
    const shared = { fd, size, mtimeMs: st.mtimeMs };
    fd = -1;
    return { points, ...head, shared };
  } finally {
    if (fd !== -1) closeSync(fd);
  }
}

/** The header and delimiter as the reader's fast path finds them, when the file is plain UTF-8. */
function readHead(fd: number, size: number, file: SourceFile, redact: readonly string[]): { header: string[]; delimiter: string } | undefined {
  const head = Buffer.alloc(Math.min(size, CHUNK));
  readSync(fd, head, 0, head.length, 0);
  if (sniffContainer(head) !== undefined) return undefined;
  const enc = detectEncoding(head, size <= CHUNK);
  if (enc.encoding !== 'utf-8' || enc.guessed) return undefined;
  const body = head.subarray(enc.bom);
  const delimiter = file.config.delimiter ?? detectDelimiter(body);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') return undefined;
  const lastNl = body.lastIndexOf(10);
  if (lastNl === -1) return undefined;
  const first: string[][] = [];
  const lines: number[] = [];
  const splitter = new QuoteFreeSplitter(delimiter, (r, line) => {
    if (first.length < HEADER_SCAN) {
      first.push(r);
      lines.push(line);
    }
  });
  if (splitter.write(body.subarray(0, lastNl + 1)) !== undefined || first[0] === undefined) return undefined;
  // a header below title rows (header-rows.ts): the file is read whole, by the reader that finds it
  const found = findHeader(first, lines, file.config, redact);
  if (found.index > 0 && isRecognizable(found.score, file.config)) return undefined;
  return { header: first[0], delimiter };
}

/** The bytes cutNear looks at around a wanted cut: two long lines before it, and after it. */
const WINDOW = 4 * LONG_LINE + 2 * CHUNK;

/** The start of the first line at or past `at` that follows a record line (not blank, not only delimiters), looked for in `window`'s bytes. */
function cutNear(fd: number, size: number, at: number, delimiter: string, window: Buffer): number | undefined {
  const winStart = Math.max(0, at - 2 * LONG_LINE);
  const win = window.subarray(0, readSync(fd, window, 0, Math.min(size - winStart, WINDOW), winStart));
  const d = delimiter.charCodeAt(0);
  for (let nl = win.indexOf(10, at - winStart); nl !== -1 && nl < 4 * LONG_LINE; nl = win.indexOf(10, nl + 1)) {
    const from = win.lastIndexOf(10, nl - 1) + 1;
    if (from === 0 && winStart > 0) return undefined;
    let record = false;
    for (let i = from; i < nl && !record; i++) {
      const c = win[i]!;
      record = c > 32 && c < 127 && c !== d && c !== 0x22;
    }
    if (record) {
      const cut = winStart + nl + 1;
      return cut > 0 && cut < size ? cut : undefined;
    }
  }
  return undefined;
}

/** No quote, no CR and no line over LONG_LINE bytes from the start to the end of the 64 KiB read holding `cut`. */
function plainUpTo(fd: number, size: number, cut: number): boolean {
  const scanEnd = Math.min(size, cut - (cut % CHUNK) + CHUNK);
  const buf = Buffer.alloc(SCAN);
  let lineStart = 0;
  for (let off = 0; off < scanEnd; off += SCAN) {
    const len = readSync(fd, buf, 0, Math.min(SCAN, scanEnd - off), off);
    const piece = buf.subarray(0, len);
    if (piece.indexOf(0x22) !== -1 || piece.indexOf(0x0d) !== -1) return false;
    while (lineStart + LONG_LINE < off + len) {
      const q = piece.lastIndexOf(10, lineStart + LONG_LINE - off);
      if (q === -1 || q + off < lineStart) return false;
      lineStart = q + off + 1;
    }
  }
  return true;
}
