/**
 * A reading thread: reads the units of a plan that fall to it (read-unit.ts,
 * the same code the main thread runs) and sends each back as columns
 * (unit-codec.ts), in order, as soon as it is read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Campaign } from '../config/campaign.js';
import { estimateRange } from './estimate.js';
import type { ReadUnit } from './plan.js';
import { readUnit } from './read-unit.js';
import { UnitEncoder } from './unit-codec.js';

export interface WorkerInput {
  /** Marks the data of this worker (a test runner's own worker thread imports this file too). */
  readonly kind: 'campaign-report-units';
  readonly campaign: Campaign;
  /** The plan's units this thread reads, with their index in the plan. */
  readonly units: readonly { readonly index: number; readonly unit: ReadUnit }[];
  /** Post progress now and then (the main thread shows a progress bar). */
  readonly progress: boolean;
}

export type WorkerMessage =
  | { kind: 'unit'; index: number; out: import('./unit-codec.js').EncodedUnit; stats: import('./read-unit.js').UnitStats }
  | { kind: 'progress'; index: number; records: number; bytes: number }
  | { kind: 'error'; message: string; code?: string };

/** How often a worker tells its progress: every this many bytes read. */
const PROGRESS_BYTES = 1 << 20;

async function run(input: WorkerInput, port: NonNullable<typeof parentPort>): Promise<void> {
  for (const { index, unit } of input.units) {
    const file = input.campaign.files[unit.fileIndex]!;
    // The columns sized once, a little above the estimate (growing copies every column at once).
    const expected = unit.range ? estimateRange(file.path, unit.range.end - unit.range.start) : 0;
    const encoder = new UnitEncoder(unit.fileIndex, Math.ceil(expected * 1.03));
    let next = PROGRESS_BYTES;
    const stats = await readUnit(input.campaign, unit, encoder, input.progress ? (records, bytes) => {
      if (bytes < next) return;
      next = bytes + PROGRESS_BYTES;
      port.postMessage({ kind: 'progress', index, records, bytes } satisfies WorkerMessage);
    } : undefined);
    const { unit: out, transfer } = encoder.finish();
    port.postMessage({ kind: 'unit', index, out, stats } satisfies WorkerMessage, transfer);
  }
}

if (parentPort && (workerData as Partial<WorkerInput> | null)?.kind === 'campaign-report-units') {
  const port = parentPort;
  run(workerData as WorkerInput, port).catch((err: unknown) => {
    const e = err instanceof Error ? { message: err.message, code: (err as { code?: string }).code } : { message: String(err) };
    port.postMessage({ kind: 'error', ...e } satisfies WorkerMessage);
  });
}
