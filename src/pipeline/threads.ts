/**
 * The worker threads of a plan (worker.ts): threads − 1 of them, started before
 * the plan is made and given it then (start), each taking the next unit nobody
 * has (claims.ts). The main thread gets a worker's unit as soon as it is sent; a
 * worker is stopped as soon as it has nothing left to read or hash, so its heap
 * is gone while the main thread works on.
 */
import { Worker } from 'node:worker_threads';
import type { Campaign } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import { createClaims, type Claims } from './claims.js';
import type { ReadPlan } from './plan.js';
import type { UnitStats } from './read-unit.js';
import { buffersOf, releaseUnit, type EncodedUnit } from './unit-codec.js';
import type { MainMessage, WorkerInput, WorkerMessage } from './worker.js';

export interface UnitResult {
  readonly out: EncodedUnit;
  readonly stats: UnitStats;
}

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

export class UnitThreads {
  /** Who reads which unit (set by start). */
  claims!: Claims;
  private readonly workers: Worker[] = [];
  private readonly results = new Map<number, Pending<UnitResult>>();
  private readonly hashes = new Map<number, Pending<string>>();
  private readonly received = new Set<number>();
  /** The worker each unit came from (its buffers go back to it: recycle), while it is running. */
  private readonly from = new Map<number, Worker>();
  private readonly running = new Set<Worker>();
  /** The first error of any worker: every unit not yet received fails with it. */
  private failure: unknown;

  /** Where a worker's progress goes (set by start). */
  private onProgress: ((index: number, records: number, bytes: number) => void) | undefined;

  /** Starts `count` workers, which load their code while the main thread cuts the sources; they read once given the plan (start). */
  constructor(campaign: Campaign, count: number) {
    const input: WorkerInput = { kind: 'campaign-report-units', campaign };
    for (let t = 0; t < count; t++) {
      // A young generation of 16 MB: with 8 a worker promoted so much short-lived garbage that its old
      // space grew (and it ran slower); the default 32 holds more young space than it needs.
      const worker = new Worker(new URL(workerFile(), import.meta.url), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      this.workers.push(worker);
      this.running.add(worker);
      this.listen(worker);
    }
  }

  /** Workers started. */
  get count(): number {
    return this.workers.length;
  }

  /**
   * Gives the workers the plan: from then on they read.
   * @param lead how far past the main thread workers start (claims.ts: LEAD when the main thread reads too, else 0).
   * @param onProgress a worker's progress in one of its units (records and bytes of that unit so far).
   * @param asWritten rejected rows come with their cells (RunOptions.asWritten).
   * @param hashHere the main thread hashes the files read in ranges (it waits for the workers' units), not a worker.
   */
  start(plan: ReadPlan, lead = 0, onProgress?: (index: number, records: number, bytes: number) => void, asWritten = false, hashHere = false): void {
    this.onProgress = onProgress;
    this.claims = createClaims(plan.units.length, lead);
    const ranged = hashHere ? [] : rangedFiles(plan);
    for (const { fileIndex } of ranged) this.hashes.set(fileIndex, pending());
    // The first worker hashes the files read in ranges while it waits for the main thread, and what is left once no unit is.
    this.workers.forEach((worker, t) => worker.postMessage({ kind: 'start', plan, claims: this.claims, hash: t === 0 ? ranged : [], progress: onProgress !== undefined, asWritten } satisfies MainMessage));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private listen(worker: Worker): void {
    let done = false;
    const fail = (e: unknown) => {
      if (done) return;
      this.failure ??= e;
      for (const p of [...this.results.values(), ...this.hashes.values()]) p.reject(this.failure);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') this.onProgress?.(m.index, m.records, m.bytes);
      else if (m.kind === 'unit') {
        this.received.add(m.index);
        this.from.set(m.index, worker);
        this.pendingResult(m.index).resolve({ out: m.out, stats: m.stats });
      }
      else if (m.kind === 'hash') this.hashes.get(m.fileIndex)!.resolve(m.sha256);
      else if (m.kind === 'done') {
        done = true;
        this.running.delete(worker);
        void worker.terminate();
      } else fail(new CampaignReportError(m.code === 'INPUT_UNREADABLE' || m.code === 'INPUT_NOT_FOUND' || m.code === 'CONFIG_INVALID' ? m.code : 'INTERNAL', m.message, m.hint === undefined ? {} : { hint: m.hint }));
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new CampaignReportError('INTERNAL', `a reading thread stopped (exit code ${code})`)));
  }

  private pendingResult(index: number): Pending<UnitResult> {
    let p = this.results.get(index);
    if (!p) {
      this.results.set(index, (p = pending()));
      if (this.failure !== undefined) p.reject(this.failure);
    }
    return p;
  }

  /** Whether the unit at `index` has arrived from its worker (or a worker failed). */
  arrived(index: number): boolean {
    return this.failure !== undefined || this.received.has(index);
  }

  /** Resolves when the unit at `index` has arrived (or a worker failed), or after `ms` milliseconds. */
  async arrival(index: number, ms: number): Promise<void> {
    if (this.arrived(index)) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([this.pendingResult(index).promise.then(noop, noop), late]);
    clearTimeout(timer);
  }

  /** The unit at `index` of the plan, read on a worker. */
  async result(index: number): Promise<UnitResult> {
    const r = await this.pendingResult(index).promise;
    this.results.delete(index);
    this.received.delete(index);
    return r;
  }

  /**
   * A unit replayed: its buffers go back to the worker that read it, for its next units'
   * columns (BufferPool), or are let go at once when that worker is done.
   */
  recycle(index: number, unit: EncodedUnit): void {
    const worker = this.from.get(index);
    this.from.delete(index);
    const buffers = [...new Set(buffersOf(unit))].filter((b) => b.byteLength > 0);
    if (worker && this.running.has(worker)) worker.postMessage({ kind: 'recycle', buffers } satisfies MainMessage, buffers);
    else releaseUnit(unit);
  }

  /** The SHA-256 of a file read in ranges, from the worker that hashed it. */
  hash(fileIndex: number): Promise<string> | undefined {
    return this.hashes.get(fileIndex)?.promise;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function noop(): void {}

/** The files of a plan read in ranges, each once: its index and the descriptor its ranges share. */
export function rangedFiles(plan: ReadPlan): { readonly fileIndex: number; readonly fd: number }[] {
  return [...new Map(plan.units.flatMap((u) => (u.range ? [[u.fileIndex, { fileIndex: u.fileIndex, fd: u.range.shared.fd }] as const] : []))).values()];
}

/** The bundled worker: beside the CLI's bundle, and there too when this runs from src/ (tests). */
function workerFile(): string {
  return import.meta.url.endsWith('.ts') ? '../../dist/bundle/worker.js' : './worker.js';
}
