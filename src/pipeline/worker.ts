/**
 * A reading thread: reads the units of a plan that fall to it (read-unit.ts,
 * the same code the main thread runs) and sends each back as columns
 * (unit-codec.ts), in order, as soon as it is read; never more than `ahead`
 * units before the main thread has taken them (memory stays flat in the file
 * size). Then it hashes the files the plan gave it to hash.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Campaign } from '../config/campaign.js';
import { estimateRange } from './estimate.js';
import type { ReadUnit } from './plan.js';
import { hashFile, LineCounter, readUnit, type UnitStats } from './read-unit.js';
import { UnitEncoder, type EncodedUnit } from './unit-codec.js';

export interface WorkerInput {
  /** Marks the data of this worker (a test runner's own worker thread imports this file too). */
  readonly kind: 'campaign-report-units';
  readonly campaign: Campaign;
  /** The plan's units this thread reads, with their index in the plan. */
  readonly units: readonly { readonly index: number; readonly unit: ReadUnit }[];
  /** Units sent and not yet taken by the main thread, at most. */
  readonly ahead: number;
  /** Files read in ranges (index, shared descriptor) whose SHA-256 this thread computes once its units are sent. */
  readonly hash: readonly { readonly fileIndex: number; readonly fd: number }[];
  /** Post progress now and then (the main thread shows a progress bar). */
  readonly progress: boolean;
}

export type WorkerMessage =
  | { kind: 'unit'; index: number; out: EncodedUnit; stats: UnitStats }
  | { kind: 'hash'; fileIndex: number; sha256: string }
  | { kind: 'progress'; index: number; records: number; bytes: number }
  | { kind: 'error'; message: string; code?: string; hint?: string };

/** What the main thread sends: it has taken one more unit. */
export interface TakenMessage {
  kind: 'taken';
}

/** How often a worker tells its progress: every this many bytes read. */
const PROGRESS_BYTES = 1 << 20;

/** Counts units sent but not taken, and waits while there are too many. */
class Backlog {
  private untaken = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly ahead: number) {}

  sent(): void {
    this.untaken++;
  }

  taken(): void {
    this.untaken--;
    this.wake?.();
  }

  async room(): Promise<void> {
    while (this.untaken >= this.ahead) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
  }
}

async function run(input: WorkerInput, port: NonNullable<typeof parentPort>, backlog: Backlog): Promise<void> {
  const lines = new LineCounter();
  for (const { index, unit } of input.units) {
    await backlog.room();
    // The columns sized once, a little above the estimate (growing copies every column at once).
    const expected = unit.range ? estimateRange(unit.range.shared.fd, unit.range.end - unit.range.start) : 0;
    const encoder = new UnitEncoder(unit.fileIndex, Math.ceil(expected * 1.03));
    const startLine = unit.range && unit.range.start > 0 ? lines.lineAt(unit.range.shared.fd, unit.range.start) : 1;
    let next = PROGRESS_BYTES;
    const progress = input.progress
      ? (records: number, bytes: number) => {
          if (bytes < next) return;
          next = bytes + PROGRESS_BYTES;
          port.postMessage({ kind: 'progress', index, records, bytes } satisfies WorkerMessage);
        }
      : undefined;
    const stats = await readUnit(input.campaign, unit, encoder, progress, startLine);
    const { unit: out, transfer } = encoder.finish();
    backlog.sent();
    port.postMessage({ kind: 'unit', index, out, stats } satisfies WorkerMessage, transfer);
  }
  for (const { fileIndex, fd } of input.hash) port.postMessage({ kind: 'hash', fileIndex, sha256: hashFile(fd) } satisfies WorkerMessage);
}

if (parentPort && (workerData as Partial<WorkerInput> | null)?.kind === 'campaign-report-units') {
  const port = parentPort;
  const input = workerData as WorkerInput;
  const backlog = new Backlog(input.ahead);
  port.on('message', (m: TakenMessage) => {
    if (m.kind === 'taken') backlog.taken();
  });
  run(input, port, backlog).then(
    () => port.unref(),
    (err: unknown) => {
      const e = err instanceof Error ? { message: err.message, code: (err as { code?: string }).code, hint: (err as { hint?: string }).hint } : { message: String(err) };
      port.postMessage({ kind: 'error', ...e } satisfies WorkerMessage);
    },
  );
}
