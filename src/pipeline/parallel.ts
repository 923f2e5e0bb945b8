/**
 * `aggregate` over one large CSV file on two cores, with exactly the results of
 * runPipeline: the main thread reads the first half while a worker thread
 * (parallel-worker.ts) reads, normalizes and scopes the second; then the main
 * thread takes the worker's records in file order, classifies each against
 * everything before it (a second-half record whose id the first half used is a
 * duplicate or a conflict, as in one pass), and adds the accepted ones to the
 * same Aggregator in the same order, so every sum is the one a single pass makes.
 *
 * Used only when it cannot change a result: one CSV source, UTF-8, LF lines, and
 * a first half csv-parse would never have to read (no quote, no CR, no long
 * line), split after a line that is a record. On by default for large files
 * (see PARALLEL_BY_DEFAULT); `CAMPAIGN_REPORT_THREADS=1` turns it off, `=2` on
 * for any file.
 */
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Aggregator } from '../aggregate/aggregator.js';
import type { Dimension } from '../aggregate/dimensions.js';
import type { Campaign, SourceFile } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import { createCsvReader, detectDelimiter } from '../ingest/csv-reader.js';
import { detectEncoding } from '../ingest/encoding.js';
import { QuoteFreeSplitter } from '../ingest/quote-free-splitter.js';
import type { CanonicalUnit } from '../normalize/unit.js';
import { emptyBuckets, type Diagnostic } from '../core/diagnostic.js';
import { Ledger, type OutOfScopeReason } from '../validate/ledger.js';
import type { SeizureRecord } from '../validate/record.js';
import type { FileSummary, RunCallbacks, RunOptions, RunResult, runPipeline } from './run.js';
import { heapLine } from './parallel-heap.js';
import { FLAG, LONG_ID, type WorkerInput, type WorkerOutput } from './parallel-worker.js';
import { estimateRecords } from './estimate.js';
import { ConversionTally, conversionLabel, readRecords } from './read-source.js';

/** Files smaller than this are read in one pass: a worker thread costs more than it saves. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
/**
 * On: files of PARALLEL_MIN_BYTES or more are read on two threads when the
 * machine has two cores or more and `CAMPAIGN_REPORT_THREADS` is not `1`.
 * `CAMPAIGN_REPORT_THREADS=2` uses them for files of any size (tests) and on
 * one core. On the 1M-row benchmark (2 Dec) two threads took 0.85–0.95× Miller's
 * wall time at ~183 MB peak RSS, one thread 1.2–1.3× at ~150 MB (README, Performance).
 */
const PARALLEL_BY_DEFAULT = true;
const CHUNK = 1 << 16;
const SCAN = 1 << 20;

/** Where and how to split a file, as found by canRunParallel. */
export interface ParallelPlan {
  readonly fileIndex: number;
  readonly size: number;
  /** First byte of the second half (the start of a line). */
  readonly split: number;
  readonly header: string[];
  readonly delimiter: string;
}

/**
 * A plan when the campaign can be aggregated on two threads with the results of
 * one pass, else undefined. Reads the first half of the file (fast: page cache
 * and memchr) to make sure of that.
 */
export function canRunParallel(campaign: Campaign, env: NodeJS.ProcessEnv = process.env): ParallelPlan | undefined {
  const threads = env.CAMPAIGN_REPORT_THREADS;
  if (threads === '1' || (threads !== '2' && (!PARALLEL_BY_DEFAULT || availableParallelism() < 2)) || campaign.files.length !== 1) return undefined;
  const file = campaign.files[0]!;
  if (!isPlainCsv(file)) return undefined;
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch {
    return undefined; // the one-pass reader reports it
  }
  try {
    const size = fstatSync(fd).size;
    if (size < (threads === '2' ? 2 * CHUNK : PARALLEL_MIN_BYTES)) return undefined;
    return plan(fd, size, file);
  } finally {
    closeSync(fd);
  }
}

function isPlainCsv(file: SourceFile): boolean {
  const c = file.config;
  if (file.path === '-' || (c.format !== undefined && c.format !== 'csv')) return false;
  if (c.format === undefined && (/\.ya?ml$/i.test(file.path) || /\.partial\.json$/i.test(file.path))) return false;
  if (c.encoding !== undefined && !/^utf-?8$/i.test(c.encoding)) return false;
  return true;
}

/** Lines longer than this keep the file on one thread (the fast path hands such lines to csv-parse). */
const LONG_LINE = 60_000;

function plan(fd: number, size: number, file: SourceFile): ParallelPlan | undefined {
  const head = Buffer.alloc(Math.min(size, CHUNK));
  readSync(fd, head, 0, head.length, 0);
  const enc = detectEncoding(head, size <= CHUNK);
  if (enc.encoding !== 'utf-8' || enc.guessed) return undefined;
  const body = head.subarray(enc.bom);
  const delimiter = file.config.delimiter ?? detectDelimiter(body);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') return undefined;
  // The header, as the reader's fast path splits it.
  let header: string[] | undefined;
  const lastNl = body.lastIndexOf(10);
  if (lastNl === -1) return undefined;
  const splitter = new QuoteFreeSplitter(delimiter, (r) => {
    header ??= r;
  });
  if (splitter.write(body.subarray(0, lastNl + 1)) !== undefined || header === undefined) return undefined;

  // The split: the start of the first line past the middle that follows a record line.
  const mid = Math.floor(size / 2);
  const winStart = Math.max(0, mid - 2 * LONG_LINE);
  const win = Buffer.alloc(Math.min(size - winStart, 4 * LONG_LINE + 2 * CHUNK));
  readSync(fd, win, 0, win.length, winStart);
  const d = delimiter.charCodeAt(0);
  let split = -1;
  for (let nl = win.indexOf(10, mid - winStart); nl !== -1 && nl < 4 * LONG_LINE; nl = win.indexOf(10, nl + 1)) {
    const from = win.lastIndexOf(10, nl - 1) + 1;
    if (from === 0 && winStart > 0) return undefined;
    let record = false;
    for (let i = from; i < nl && !record; i++) {
      const c = win[i]!;
      record = c > 32 && c < 127 && c !== d && c !== 0x22;
    }
    if (record) {
      split = winStart + nl + 1;
      break;
    }
  }
  if (split <= 0 || split >= size) return undefined;

  // Nothing csv-parse would have to read before the split, nor in the rest of the 64 KiB read that holds it.
  const scanEnd = Math.min(size, split - (split % CHUNK) + CHUNK);
  const buf = Buffer.alloc(SCAN);
  let lineStart = 0;
  for (let off = 0; off < scanEnd; off += SCAN) {
    const len = readSync(fd, buf, 0, Math.min(SCAN, scanEnd - off), off);
    const piece = buf.subarray(0, len);
    if (piece.indexOf(0x22) !== -1 || piece.indexOf(0x0d) !== -1) return undefined;
    while (lineStart + LONG_LINE < off + len) {
      const q = piece.lastIndexOf(10, lineStart + LONG_LINE - off);
      if (q === -1 || q + off < lineStart) return undefined;
      lineStart = q + off + 1;
    }
  }
  return { fileIndex: 0, size, split, header, delimiter };
}

/**
 * runPipeline for one Aggregator (the plain `aggregate` table) on two threads,
 * split as canRunParallel planned. The callbacks' onRecord is not called:
 * accepted records go to `aggregator` directly.
 */
export function parallelPipeline(campaign: Campaign, plan: ParallelPlan, aggregator: Aggregator, env: NodeJS.ProcessEnv = process.env): typeof runPipeline {
  if (env.CAMPAIGN_REPORT_DEBUG_PARALLEL) process.stderr.write(`parallel: ${campaign.files[plan.fileIndex]!.display} split at byte ${plan.split}\n`);
  return (c, callbacks, options) => runAggregateParallel(c, plan, aggregator.dimensions, aggregator, callbacks, options);
}

/** Exactly runPipeline's result, the first half here and the second on a worker thread. */
export async function runAggregateParallel(
  campaign: Campaign,
  plan: ParallelPlan,
  dims: readonly Dimension[],
  aggregator: Aggregator,
  callbacks: Omit<RunCallbacks, 'onRecord'>,
  options: RunOptions = {},
): Promise<RunResult> {
  const { fileIndex } = plan;
  const file = campaign.files[fileIndex]!;
  const input: WorkerInput = {
    kind: 'campaign-report-parallel',
    campaign,
    fileIndex,
    start: plan.split,
    end: plan.size,
    header: plan.header,
    delimiter: plan.delimiter,
    dims: [...dims],
    phase: options.phase,
    progress: callbacks.onProgress !== undefined,
  };
  // A young generation of 16 MB: with 8 the worker promoted so much short-lived garbage that its old
  // space grew to ~45 MB (and it ran slower); with the default 32 it holds more young space than it needs.
  const worker = new Worker(new URL(workerFile(), import.meta.url), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  // Progress of both halves, shown as one read of the file.
  const mine = { records: 0, bytes: 0 };
  const theirs = { records: 0, bytes: 0 };
  const onProgress = callbacks.onProgress;
  const showProgress = onProgress && (() => onProgress({ file: file.display, records: mine.records + theirs.records, bytes: mine.bytes + theirs.bytes }));
  const fromWorker = new Promise<WorkerOutput>((resolve, reject) => {
    type Message = { ok: true; out: WorkerOutput } | { ok: false; error: { message: string; code?: string } } | { ok?: undefined; progress: typeof theirs };
    worker.on('message', (m: Message) => {
      if (m.ok === undefined) {
        theirs.records = m.progress.records;
        // The worker's reader starts on the 64 KiB grid before the split: never count those bytes twice.
        theirs.bytes = Math.min(m.progress.bytes, plan.size - plan.split);
        showProgress?.();
      } else if (m.ok) resolve(m.out);
      else reject(new CampaignReportError(m.error.code === 'INPUT_UNREADABLE' ? 'INPUT_UNREADABLE' : 'INTERNAL', m.error.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new CampaignReportError('INTERNAL', `the reader thread stopped (exit code ${code})`)));
  });
  // Reported when awaited; never an unhandled rejection meanwhile.
  fromWorker.catch(() => {});

  try {
    const outOfScope: Record<OutOfScopeReason, number> = { outside_phases: 0, commodity: 0, other_phase: 0 };
    // The id table for the main thread's part (it grows once the worker has gone), the in-order arrays for all.
    const firstPart = options.expectedRecords ?? Math.round((estimateRecords(campaign) * plan.split) / plan.size);
    const ledger = new Ledger(campaign, campaign.files.map((f) => f.display), options.phase, Math.round((firstPart * plan.size) / plan.split), firstPart);
    let errors = 0;
    let warnings = 0;
    const report = (d: Diagnostic) => {
      if (d.severity === 'error') errors++;
      else warnings++;
      callbacks.onDiagnostic?.(d);
    };
    for (const pattern of campaign.unmatched) {
      report({ severity: 'warning', code: 'EMPTY_FILE', file: pattern, line: 0, message: 'no file matches this source pattern' });
    }
    const tally = new ConversionTally();

    // The first half: runPipeline's loop over a byte range.
    const hash = createHash('sha256');
    const reader = createCsvReader(file, undefined, true, { start: 0, end: plan.split, hash });
    const summary: FileSummary = { file: file.display, sha256: '', bytes: 0, encoding: '', ...emptyBuckets() };
    await readRecords(reader, fileIndex, summary, {
      campaign,
      ledger,
      report,
      outOfScope,
      conversions: tally,
      onRecord: (rec, phase, c1, c2) => aggregator.add(rec, phase, c1, c2),
      onProgress: showProgress && ((p) => {
        mine.records = p.records;
        mine.bytes = p.bytes;
        showProgress();
      }),
    });
    // Conversion labels in first-seen order, identities included: the worker's are merged in below.
    const labelCounts = tally.labels(new Map(), true);

    const dbg = process.env.CAMPAIGN_REPORT_DEBUG_PARALLEL ? (m: string) => process.stderr.write(`parallel: ${m} at ${Math.round(performance.now())} ms, rss ${Math.round(process.memoryUsage.rss() / 1048576)} MB, ${heapLine()}\n`) : undefined;
    dbg?.('first half read');
    // The rest of the file's bytes for its SHA-256, while the worker finishes.
    hashRest(file.path, plan.split, plan.size, hash);

    // The second half, in file order.
    dbg?.('hashed');
    const w = await fromWorker;
    // Its heap is gone before the merge grows the tables: only the transferred arrays are needed.
    await worker.terminate();
    dbg?.('second half received');
    summary.read += w.read;
    summary.rejected += w.rejected;
    const display = file.display;
    // The second half's ids and cases go to tables of their own beside the first half's (no rehash at the peak).
    ledger.reserve(w.n);
    aggregator.reserveCases(w.n);
    const mainGroup = new Int32Array(w.groups.length).fill(-1);
    const convLabels = w.conversions.map((c) => conversionLabel(c as SeizureRecord['conversion']));
    const convCount = new Float64Array(convLabels.length);
    const convOrder: number[] = [];
    let di = 0;
    let si = 0;
    let idAt = 0;
    let li = 0;
    const count = w.count;
    for (let k = 0; k < w.n; k++) {
      while (di < w.diagnostics.length && w.diagAt[di]! <= k) report(w.diagnostics[di++]!);
      let idLength = w.idLength[k]!;
      if (idLength === LONG_ID) {
        idLength = w.longIds[li + 1]!;
        li += 2;
      }
      const idEnd = idAt + idLength;
      const flags = w.flags[k]!;
      const prev = ledger.remember(w.h1[k]!, w.h2[k]!, w.sig[k]!, fileIndex, w.line[k]!);
      const scopeDiagnostic = si < w.scopeAt.length && w.scopeAt[si] === k ? w.scopeDiagnostics[si++] : undefined;
      if (prev !== -1) {
        // The id was used before (in either half): a duplicate or conflict of that record, as in one pass.
        const seen = ledger.collision(prev, w.sig[k]!, fileIndex, w.line[k]!, w.ids.slice(idAt, idEnd), countryOfSeed(w.seed[k]!));
        idAt = idEnd;
        report(seen.diagnostic!);
        if (seen.bucket === 'duplicates') summary.duplicates++;
        else summary.rejected++;
        continue;
      }
      idAt = idEnd;
      if (scopeDiagnostic) report(scopeDiagnostic);
      const bucket = flags & 7;
      if (bucket !== FLAG.accepted) {
        summary.out_of_scope++;
        outOfScope[bucket === FLAG.outside_phases ? 'outside_phases' : bucket === FLAG.commodity ? 'commodity' : 'other_phase']++;
      } else {
        summary.accepted++;
        const cv = w.conv[k]!;
        const before = convCount[cv]!;
        convCount[cv] = before + 1;
        if (before === 0) convOrder.push(cv);
        const g = w.group[k]!;
        let mg = mainGroup[g]!;
        if (mg === -1) {
          const wg = w.groups[g]!;
          mg = mainGroup[g] = aggregator.groupIndex(wg.dims, wg.unit as CanonicalUnit);
        }
        aggregator.addTo(mg, count === null ? 1 : count[k]!, (flags & FLAG.totals) !== 0, w.quantity[k]!, w.c1[k]!, w.c2[k]!);
      }
    }
    while (di < w.diagnostics.length) report(w.diagnostics[di++]!);
    // Labels in the order they first appear among accepted records, as one pass counts them.
    for (const cv of convOrder) labelCounts.set(convLabels[cv]!, (labelCounts.get(convLabels[cv]!) ?? 0) + convCount[cv]!);

    dbg?.('merged');
    summary.sha256 = hash.digest('hex');
    summary.bytes = plan.size;
    summary.encoding = reader.stats.encoding;
    callbacks.onProgress?.({ file: display, records: summary.read, bytes: plan.size });
    if (summary.read === 0) report({ severity: 'warning', code: 'EMPTY_FILE', file: display, line: 0, message: 'file has no records' });
    const buckets = emptyBuckets();
    for (const k of ['read', 'accepted', 'rejected', 'duplicates', 'out_of_scope'] as const) buckets[k] += summary[k];
    const conversions = new Map<string, number>();
    for (const [label, n] of labelCounts) if (label) conversions.set(label, n);
    return { buckets, outOfScope, files: [summary], conversions, errors, warnings };
  } finally {
    void worker.terminate();
  }
}

/** Adds bytes [start, end) of a file to `hash`, through one reused buffer (no garbage). */
function hashRest(path: string, start: number, end: number, hash: Hash): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(SCAN);
    for (let off = start; off < end; ) {
      const len = readSync(fd, buf, 0, Math.min(SCAN, end - off), off);
      if (len <= 0) throw new CampaignReportError('INPUT_UNREADABLE', `cannot read ${path}: it became shorter while being read`);
      hash.update(buf.subarray(0, len));
      off += len;
    }
  } finally {
    closeSync(fd);
  }
}

function countryOfSeed(seed: number): string {
  return String.fromCharCode(seed >> 8, seed & 255);
}

/** The worker's compiled file: beside this one in dist/, and there too when this runs from src/ (tests). */
function workerFile(): string {
  return import.meta.url.endsWith('.ts') ? '../../dist/pipeline/parallel-worker.js' : './parallel-worker.js';
}

