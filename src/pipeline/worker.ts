/**
 * A reading thread: takes the plan's units in order, each one the main thread
 * has not taken itself (threads.ts: claims in shared memory), reads it with
 * read-unit.ts — the same code the main thread runs — and sends it back as
 * columns (unit-codec.ts). It never takes a unit more than AHEAD (claims.ts) units past
 * the main thread's: memory stays flat in the file size. Then it hashes the
 * files the plan gave it to hash.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Campaign } from '../config/campaign.js';
import { estimateRange } from './estimate.js';
import type { ReadPlan } from './plan.js';
import { FileHash, LineCounter, readUnit, type UnitStats } from './read-unit.js';
import { claimForWorker, type Claims } from './claims.js';
import { BufferPool, UnitEncoder, type EncodedUnit } from './unit-codec.js';

/** What a worker is started with: it boots (loads its code) while the main thread cuts the sources. */
export interface WorkerInput {
  /** Marks the data of this worker (a test runner's own worker thread imports this file too). */
  readonly kind: 'campaign-report-units';
  readonly campaign: Campaign;
}

/** The plan, once made: the worker reads from then on. */
export interface WorkerStart {
  readonly kind: 'start';
  readonly plan: ReadPlan;
  /** Who reads which unit, and where the main thread is (shared memory). */
  readonly claims: Claims;
  /** Files read in ranges (index, shared descriptor) whose SHA-256 this thread computes once no unit is left. */
  readonly hash: readonly { readonly fileIndex: number; readonly fd: number }[];
  /** Post progress now and then (the main thread shows a progress bar). */
  readonly progress: boolean;
  /** Rejected rows come with their cells (RunOptions.asWritten). */
  readonly asWritten: boolean;
}

/** What the main thread sends a worker: the plan (once), and the buffers of a unit it has replayed (BufferPool). */
export type MainMessage = WorkerStart | { kind: 'recycle'; buffers: ArrayBuffer[] };

export type WorkerMessage =
  | { kind: 'unit'; index: number; out: EncodedUnit; stats: UnitStats }
  | { kind: 'hash'; fileIndex: number; sha256: string }
  | { kind: 'progress'; index: number; records: number; bytes: number }
  | { kind: 'done' }
  | { kind: 'error'; message: string; code?: string; hint?: string };

/** How often a worker tells its progress: every this many bytes read. */
const PROGRESS_BYTES = 1 << 20;

async function run(input: WorkerInput, port: NonNullable<typeof parentPort>): Promise<void> {
  const lines = new LineCounter();
  // The buffers of units the main thread has replayed come back here, for the next units' columns.
  const pool = new BufferPool();
  const start = await new Promise<WorkerStart>((resolve) => {
    port.on('message', (m: MainMessage) => {
      if (m.kind === 'recycle') pool.give(m.buffers);
      else resolve(m);
    });
  });
  const { plan, claims } = start;
  // The files to hash, hashed a step at a time while this thread would wait for the main thread.
  const hashes = start.hash.map(({ fileIndex, fd }) => ({ fileIndex, hash: new FileHash(fd) }));
  const idle = () => hashes.some((h) => h.hash.step());
  for (let index = claimForWorker(claims, plan, idle); index !== -1; index = claimForWorker(claims, plan, idle)) {
    const unit = plan.units[index]!;
    // The columns sized once, a little above the estimate (growing copies every column at once).
    const expected = unit.range ? estimateRange(unit.range.shared.fd, unit.range.end - unit.range.start) : 0;
    const encoder = new UnitEncoder(unit.fileIndex, Math.ceil(expected * 1.03), start.asWritten, pool);
    const startLine = unit.range && unit.range.start > 0 ? lines.lineAt(unit.range.shared.fd, unit.range.start) : 1;
    let next = PROGRESS_BYTES;
    const progress = start.progress
      ? (records: number, bytes: number) => {
          if (bytes < next) return;
          next = bytes + PROGRESS_BYTES;
          port.postMessage({ kind: 'progress', index, records, bytes } satisfies WorkerMessage);
        }
      : undefined;
    const stats = await readUnit(input.campaign, unit, encoder, progress, startLine);
    if (unit.range) lines.know(unit.range.shared.fd, unit.range.end, stats.endLine);
    const { unit: out, transfer } = encoder.finish();
    port.postMessage({ kind: 'unit', index, out, stats } satisfies WorkerMessage, transfer);
  }
  for (const { fileIndex, hash } of hashes) port.postMessage({ kind: 'hash', fileIndex, sha256: hash.digest() } satisfies WorkerMessage);
  port.postMessage({ kind: 'done' } satisfies WorkerMessage);
}

if (parentPort && (workerData as Partial<WorkerInput> | null)?.kind === 'campaign-report-units') {
  const port = parentPort;
  run(workerData as WorkerInput, port).catch((err: unknown) => {
    const e = err instanceof Error ? { message: err.message, code: (err as { code?: string }).code, hint: (err as { hint?: string }).hint } : { message: String(err) };
    port.postMessage({ kind: 'error', ...e } satisfies WorkerMessage);
  });
}
