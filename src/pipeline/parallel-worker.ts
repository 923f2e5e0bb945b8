/**
 * The worker thread of src/pipeline/parallel.ts: reads, normalizes and scopes
 * the second half of a CSV file and sends back, in file order, what the main
 * thread needs to classify each record against every record before it (the
 * worker keeps no memory of ids: duplicates are found on the main thread) and to add it to
 * the aggregate: typed arrays (transferred, not copied), the diagnostics with
 * their place in that order, and the record ids as one string.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Campaign } from '../config/campaign.js';
import { DIMENSION_VALUE, type Dimension } from '../aggregate/dimensions.js';
import { mapColumns } from '../ingest/columns.js';
import { heapLine } from './parallel-heap.js';
import { createCsvReader, DEFAULT_CSV_LIMITS } from '../ingest/csv-reader.js';
import { hash64, hashOut } from '../util/hash.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { contentHash, countrySeed, Ledger } from '../validate/ledger.js';
import { createRecordNormalizer, type SeizureRecord } from '../validate/record.js';

export interface WorkerInput {
  /** Marks the data of this worker (a test runner's own worker thread imports this file too). */
  kind: 'campaign-report-parallel';
  campaign: Campaign;
  fileIndex: number;
  start: number;
  end: number;
  header: string[];
  delimiter: string;
  dims: Dimension[];
  phase: string | undefined;
  /** Post { progress: { records, bytes } } now and then (the main thread shows a progress bar). */
  progress: boolean;
}

/** How often the worker tells its progress: every this many bytes read. */
const PROGRESS_BYTES = 1 << 20;

/** Record flags: the record's scope, should its id be new (the main thread decides that). */
export const FLAG = {
  accepted: 0,
  outside_phases: 1,
  commodity: 2,
  other_phase: 3,
  /** Bit: a totals row. */
  totals: 8,
} as const;

export interface WorkerOutput {
  n: number;
  read: number;
  rejected: number;
  h1: Uint32Array;
  h2: Uint32Array;
  sig: Float64Array;
  line: Uint32Array;
  flags: Uint8Array;
  /** 16 bits while there are at most 65,536 groups, then 32. */
  group: Uint16Array | Uint32Array;
  quantity: Float64Array;
  /** Seizures a record stands for: null when every one is 1 (no totals source). */
  count: Float64Array | null;
  c1: Uint32Array;
  c2: Uint32Array;
  /** 16 bits while there are at most 65,536 conversions, then 32. */
  conv: Uint16Array | Uint32Array;
  seed: Uint16Array;
  /** Length of each id in `ids`; LONG_ID for longer ones, whose length is in `longIds`. */
  idLength: Uint16Array;
  /** (record, id length) pairs for ids of LONG_ID characters or more. */
  longIds: number[];
  ids: string;
  /** Dimension values and unit of each group index. */
  groups: { dims: string[]; unit: string }[];
  conversions: { from: string; factor: number; unit: string }[];
  /** Diagnostics in file order; `diagAt[i]` records (of the arrays above) come before diagnostic i. */
  diagnostics: Diagnostic[];
  diagAt: number[];
  /** The scope diagnostic (out of scope) of record `scopeAt[i]`, due unless its id was seen before. */
  scopeDiagnostics: Diagnostic[];
  scopeAt: number[];
}

async function run(input: WorkerInput): Promise<{ out: WorkerOutput; transfer: ArrayBuffer[] }> {
  const { campaign, fileIndex } = input;
  const file = campaign.files[fileIndex]!;
  const reader = createCsvReader(file, DEFAULT_CSV_LIMITS, true, {
    start: input.start,
    end: input.end,
    line: 1 + countNewlines(file.path, input.start),
    header: input.header,
    delimiter: input.delimiter,
    hash: null,
  });
  // Used for scope only (Ledger.scope): no id is remembered here.
  const ledger = new Ledger(campaign, campaign.files.map((f) => f.display), input.phase);
  const getters = input.dims.map((d) => DIMENSION_VALUE[d]);

  let cap = Math.max(1024, Math.ceil((input.end - input.start) / 64));
  let h1 = new Uint32Array(cap);
  let h2 = new Uint32Array(cap);
  let sig = new Float64Array(cap);
  let line = new Uint32Array(cap);
  let flags = new Uint8Array(cap);
  // As narrow as the values allow (they are all in memory at the merge, the run's peak): see widen.
  let group: Uint16Array | Uint32Array = new Uint16Array(cap);
  let quantity = new Float64Array(cap);
  let count: Float64Array | null = null;
  let c1 = new Uint32Array(cap);
  let c2 = new Uint32Array(cap);
  let conv: Uint16Array | Uint32Array = new Uint16Array(cap);
  let seed = new Uint16Array(cap);
  let idLength = new Uint16Array(cap);
  const longIds: number[] = [];
  const g = <T extends Uint32Array | Float64Array | Uint8Array | Uint16Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(cap);
    b.set(a);
    return b;
  };
  const grow = () => {
    cap *= 2;
    h1 = g(h1); h2 = g(h2); sig = g(sig); line = g(line); flags = g(flags); group = g(group);
    quantity = g(quantity); c1 = g(c1); c2 = g(c2); conv = g(conv); seed = g(seed); idLength = g(idLength);
    if (count !== null) count = g(count);
  };

  const groups: WorkerOutput['groups'] = [];
  const groupRoot = new Map<string, unknown>();
  const groupOf = (rec: SeizureRecord, phase: string): number => {
    let level = groupRoot;
    for (let i = 0; i < getters.length; i++) {
      const v = getters[i]!(rec, phase);
      let next = level.get(v) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(v, next);
      }
      level = next;
    }
    let g = level.get(rec.unit) as number | undefined;
    if (g === undefined) {
      g = groups.length;
      if (g === 65536) group = widen(group);
      groups.push({ dims: getters.map((get) => get(rec, phase)), unit: rec.unit });
      level.set(rec.unit, g);
    }
    return g;
  };
  const conversions: WorkerOutput['conversions'] = [];
  const convIndex = new Map<object, number>();
  let lastConv: object | undefined;
  let lastConvIndex = -1;

  const diagnostics: Diagnostic[] = [];
  const diagAt: number[] = [];
  const scopeDiagnostics: Diagnostic[] = [];
  const scopeAt: number[] = [];
  const idParts: string[] = [];
  let n = 0;
  let read = 0;
  let rejected = 0;
  let normalize: ReturnType<typeof createRecordNormalizer> | undefined;
  let rejectAll = false;
  const note = (d: Diagnostic) => {
    diagnostics.push(d);
    diagAt.push(n);
  };

  let progressAt = PROGRESS_BYTES;
  for await (const batch of reader.batches()) {
    if (input.progress && reader.stats.bytes >= progressAt) {
      progressAt = reader.stats.bytes + PROGRESS_BYTES;
      parentPort!.postMessage({ progress: { records: read, bytes: reader.stats.bytes } });
    }
    if (batch.header !== undefined) {
      // The main thread reports the header's findings.
      const columns = mapColumns(batch.header, file.config, file.display, campaign.redact);
      rejectAll = columns.missing.length > 0 || columns.diagnostics.some((d) => d.severity === 'error');
      normalize = createRecordNormalizer({ campaign, file, fileIndex, columns });
    }
    for (const d of batch.diagnostics) note(d);
    read += batch.malformed;
    rejected += batch.malformed;
    const { rows, lines } = batch;
    read += rows.length;
    if (rejectAll) {
      rejected += rows.length;
      continue;
    }
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const result = normalize!(rows[i]!, lines[i]!);
      if (!result.ok) {
        rejected++;
        for (const d of result.errors) note(d);
        for (const d of result.warnings) note(d);
        continue;
      }
      const rec = result.record;
      for (const d of result.warnings) note(d);
      if (n >= cap) grow();
      const s = countrySeed(rec.reportingCountry);
      hash64(rec.id, s);
      const id1 = hashOut.h1;
      const id2 = hashOut.h2;
      const c = ledger.scope(rec);
      h1[n] = id1;
      h2[n] = id2;
      sig[n] = contentHash(rec);
      line[n] = rec.line;
      seed[n] = s;
      if (rec.id.length < LONG_ID) idLength[n] = rec.id.length;
      else {
        idLength[n] = LONG_ID;
        longIds.push(n, rec.id.length);
      }
      ids.push(rec.id);
      let f: number;
      switch (c.bucket) {
        case 'accepted': {
          f = FLAG.accepted;
          // Not `group[n] = groupOf(…)`: that would store into the array as it was before groupOf widened it.
          const gi = groupOf(rec, c.phase);
          group[n] = gi;
          quantity[n] = rec.quantity;
          if (rec.count !== 1) {
            count ??= new Float64Array(cap).fill(1);
            count[n] = rec.count;
          } else if (count !== null) count[n] = 1;
          if (rec.caseId === rec.id) {
            c1[n] = id1;
            c2[n] = id2;
          } else {
            hash64(rec.caseId, s);
            c1[n] = hashOut.h1;
            c2[n] = hashOut.h2;
          }
          if (rec.conversion !== lastConv) {
            lastConv = rec.conversion;
            let k = convIndex.get(rec.conversion);
            if (k === undefined) {
              k = conversions.length;
              if (k === 65536) conv = widen(conv);
              conversions.push({ from: rec.conversion.from, factor: rec.conversion.factor, unit: rec.conversion.unit });
              convIndex.set(rec.conversion, k);
            }
            lastConvIndex = k;
          }
          conv[n] = lastConvIndex;
          break;
        }
        default:
          f = FLAG[c.reason!];
          if (c.diagnostic) {
            scopeDiagnostics.push(c.diagnostic);
            scopeAt.push(n);
          }
      }
      flags[n] = rec.totals ? f | FLAG.totals : f;
      n++;
    }
    // One flat string a batch: the ids are slices of the chunk's text, which they would keep alive.
    if (ids.length > 0) idParts.push(ids.join(''));
  }
  if (process.env.CAMPAIGN_REPORT_DEBUG_PARALLEL) process.stderr.write(`parallel: worker done at ${Math.round(performance.now())} ms (own clock), ${heapLine()}\n`);
  const out: WorkerOutput = {
    n, read, rejected, h1, h2, sig, line, flags, group, quantity, count, c1, c2, conv, seed, idLength,
    longIds, ids: idParts.join(''), groups, conversions, diagnostics, diagAt, scopeDiagnostics, scopeAt,
  };
  const transfer = [h1, h2, sig, line, flags, group, quantity, c1, c2, conv, seed, idLength, ...(count ? [count] : [])].map((a) => a.buffer as ArrayBuffer);
  return { out, transfer };
}

/** Id lengths from this one on are sent apart (WorkerOutput.longIds). */
export const LONG_ID = 65535;

/** A 16-bit array as a 32-bit one of the same length and values. */
function widen(a: Uint16Array | Uint32Array): Uint32Array {
  return a instanceof Uint32Array ? a : Uint32Array.from(a);
}

/** Newline bytes in the first `end` bytes of a file: 4 bytes at a time (SWAR). */
export function countNewlines(path: string, end: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const words = new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
    let n = 0;
    for (let off = 0; off < end; ) {
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
  } finally {
    closeSync(fd);
  }
}

if (parentPort && (workerData as Partial<WorkerInput> | null)?.kind === 'campaign-report-parallel') {
  const port = parentPort;
  run(workerData as WorkerInput).then(
    ({ out, transfer }) => port.postMessage({ ok: true, out }, transfer),
    (err: unknown) => port.postMessage({ ok: false, error: err instanceof Error ? { message: err.message, code: (err as { code?: string }).code, exitCode: (err as { exitCode?: number }).exitCode } : { message: String(err) } }),
  );
}
