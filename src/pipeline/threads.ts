/**
 * The worker threads of a plan: one per thread past the main one, each reading
 * its units in order (worker.ts). The main thread asks for units in plan order
 * and gets each as soon as its worker has sent it; a worker is stopped as soon
 * as its last unit has arrived, so its heap is gone while the main thread
 * works on.
 */
import { Worker } from 'node:worker_threads';
import type { Campaign } from '../config/campaign.js';
import { CampaignReportError } from '../errors.js';
import type { ReadPlan } from './plan.js';
import type { UnitStats } from './read-unit.js';
import type { EncodedUnit } from './unit-codec.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

export interface UnitResult {
  readonly out: EncodedUnit;
  readonly stats: UnitStats;
}

interface Pending {
  resolve(r: UnitResult): void;
  reject(e: unknown): void;
  readonly promise: Promise<UnitResult>;
}

function pending(): Pending {
  let resolve!: (r: UnitResult) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<UnitResult>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Reported when awaited; never an unhandled rejection meanwhile.
  promise.catch(() => {});
  return { resolve, reject, promise };
}

export class UnitThreads {
  private readonly workers: Worker[] = [];
  private readonly results = new Map<number, Pending>();
  /** Per worker: the index of its last unit. */
  private readonly lastOf = new Map<Worker, number>();

  /** @param onProgress a worker's progress in one of its units (records and bytes of that unit so far). */
  constructor(campaign: Campaign, plan: ReadPlan, onProgress?: (index: number, records: number, bytes: number) => void) {
    for (let t = 1; t < plan.threads; t++) {
      const units = plan.units.flatMap((unit, index) => (unit.thread === t && unit.kind === 'source' ? [{ index, unit }] : []));
      if (units.length === 0) continue;
      for (const { index } of units) this.results.set(index, pending());
      const input: WorkerInput = { kind: 'campaign-report-units', campaign, units, progress: onProgress !== undefined };
      // A young generation of 16 MB: with 8 a worker promoted so much short-lived garbage that its old
      // space grew (and it ran slower); the default 32 holds more young space than it needs.
      const worker = new Worker(new URL(workerFile(), import.meta.url), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      this.lastOf.set(worker, units[units.length - 1]!.index);
      const mine = units.map((u) => u.index);
      const fail = (e: unknown) => mine.forEach((i) => this.results.get(i)!.reject(e));
      worker.on('message', (m: WorkerMessage) => {
        if (m.kind === 'progress') onProgress?.(m.index, m.records, m.bytes);
        else if (m.kind === 'unit') this.results.get(m.index)!.resolve({ out: m.out, stats: m.stats });
        else fail(new CampaignReportError(m.code === 'INPUT_UNREADABLE' || m.code === 'INPUT_NOT_FOUND' ? m.code : 'INTERNAL', m.message));
      });
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new CampaignReportError('INTERNAL', `a reading thread stopped (exit code ${code})`)));
      this.workers.push(worker);
    }
  }

  /** The unit at `index` of the plan, read on its worker. */
  async result(index: number): Promise<UnitResult> {
    const r = await this.results.get(index)!.promise;
    for (const [worker, last] of this.lastOf) {
      if (last === index) {
        this.lastOf.delete(worker);
        await worker.terminate();
      }
    }
    return r;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The bundled worker: beside the CLI's bundle, and there too when this runs from src/ (tests). */
function workerFile(): string {
  return import.meta.url.endsWith('.ts') ? '../../dist/bundle/worker.js' : './worker.js';
}
