/**
 * The worker threads of a plan: one per thread past the main one, each reading
 * its units in order (worker.ts). The main thread asks for units in plan order,
 * gets each as soon as its worker has sent it, and says when it has taken it
 * (a worker stays at most AHEAD units ahead). A worker also hashes the files
 * read in ranges. It is stopped as soon as everything it owes has arrived, so
 * its heap is gone while the main thread works on.
 */
import { Worker } from 'node:worker_threads';
import type { Campaign } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import type { ReadPlan } from './plan.js';
import type { UnitStats } from './read-unit.js';
import type { EncodedUnit } from './unit-codec.js';
import type { TakenMessage, WorkerInput, WorkerMessage } from './worker.js';

export interface UnitResult {
  readonly out: EncodedUnit;
  readonly stats: UnitStats;
}

/**
 * Units a worker may read before the main thread has taken them: enough to
 * keep it busy while the main thread reads a unit of its own (~1.5 units'
 * time), few enough that memory does not grow with the file.
 */
const AHEAD = 3;

interface Pending<T> {
  resolve(r: T): void;
  reject(e: unknown): void;
  readonly promise: Promise<T>;
}

function pending<T>(): Pending<T> {
  let resolve!: (r: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Reported when awaited; never an unhandled rejection meanwhile.
  promise.catch(() => {});
  return { resolve, reject, promise };
}

interface Thread {
  readonly worker: Worker;
  /** Messages still owed: units, then hashes. */
  owed: number;
}

export class UnitThreads {
  private readonly threads: Thread[] = [];
  private readonly results = new Map<number, Pending<UnitResult>>();
  private readonly hashes = new Map<number, Pending<string>>();
  private readonly ownerOf = new Map<number, Thread>();

  /** @param onProgress a worker's progress in one of its units (records and bytes of that unit so far). */
  constructor(campaign: Campaign, plan: ReadPlan, onProgress?: (index: number, records: number, bytes: number) => void) {
    const ranged = [...new Map(plan.units.flatMap((u) => (u.range ? [[u.fileIndex, { fileIndex: u.fileIndex, fd: u.range.shared.fd }] as const] : []))).values()];
    for (let t = 1; t < plan.threads; t++) {
      const units = plan.units.flatMap((unit, index) => (unit.thread === t && unit.kind === 'source' ? [{ index, unit }] : []));
      if (units.length === 0) continue;
      // The first worker hashes the files read in ranges (hashing is quick; the main thread is the busiest).
      const hash = this.threads.length === 0 ? ranged : [];
      const input: WorkerInput = { kind: 'campaign-report-units', campaign, units, ahead: AHEAD, hash, progress: onProgress !== undefined };
      // A young generation of 16 MB: with 8 a worker promoted so much short-lived garbage that its old
      // space grew (and it ran slower); the default 32 holds more young space than it needs.
      const worker = new Worker(new URL(workerFile(), import.meta.url), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      const thread: Thread = { worker, owed: units.length + hash.length };
      this.threads.push(thread);
      for (const { index } of units) {
        this.results.set(index, pending());
        this.ownerOf.set(index, thread);
      }
      for (const { fileIndex } of hash) this.hashes.set(fileIndex, pending());
      this.listen(thread, units.map((u) => u.index), hash, onProgress);
    }
  }

  private listen(thread: Thread, indexes: number[], hash: readonly { fileIndex: number }[], onProgress?: (index: number, records: number, bytes: number) => void): void {
    const fail = (e: unknown) => {
      indexes.forEach((i) => this.results.get(i)?.reject(e));
      hash.forEach((f) => this.hashes.get(f.fileIndex)!.reject(e));
    };
    const { worker } = thread;
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') onProgress?.(m.index, m.records, m.bytes);
      else if (m.kind === 'unit') this.results.get(m.index)!.resolve({ out: m.out, stats: m.stats });
      else if (m.kind === 'hash') this.hashes.get(m.fileIndex)!.resolve(m.sha256);
      else fail(new CampaignReportError(m.code === 'INPUT_UNREADABLE' || m.code === 'INPUT_NOT_FOUND' ? m.code : 'INTERNAL', m.message, m.hint === undefined ? {} : { hint: m.hint }));
      if (m.kind === 'unit' || m.kind === 'hash') {
        if (--thread.owed === 0) void worker.terminate();
      }
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new CampaignReportError('INTERNAL', `a reading thread stopped (exit code ${code})`)));
  }

  /** The unit at `index` of the plan, read on its worker. */
  result(index: number): Promise<UnitResult> {
    return this.results.get(index)!.promise;
  }

  /** The main thread has taken the unit at `index`: its worker may read one more. */
  taken(index: number): void {
    this.results.delete(index);
    const thread = this.ownerOf.get(index)!;
    if (thread.owed > 0) thread.worker.postMessage({ kind: 'taken' } satisfies TakenMessage);
  }

  /** The SHA-256 of a file read in ranges, from the worker that hashed it; undefined when no worker did. */
  hash(fileIndex: number): Promise<string> | undefined {
    return this.hashes.get(fileIndex)?.promise;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/** The bundled worker: beside the CLI's bundle, and there too when this runs from src/ (tests). */
function workerFile(): string {
  return import.meta.url.endsWith('.ts') ? '../../dist/bundle/worker.js' : './worker.js';
}
