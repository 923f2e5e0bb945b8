/**
 * Holds the main thread's young generation at two 8 MB semi-spaces while
 * workers read (since 5 Dec for every command: where the main thread reads too,
 * 1M rows of `aggregate` on 2 threads peaked at 197 MB held against 210–211 MB,
 * in the same time; it was first made for `build`, whose main thread only replays).
 *
 * V8 grows the young generation (up to two 16 MB semi-spaces in Node 20)
 * once enough has survived its collections since the last growth, whatever
 * survives. A replaying main thread allocates little per record, but what it
 * keeps (the report's growing tables, each unit's columns while replayed)
 * adds up and made it grow to the full 32 MB towards the end of the read,
 * when the worker is still alive and the peak is made. 1M rows, `build` on
 * 2 threads (512 KiB units), peak RSS of 3 alternated runs each, twice:
 * 245–250 MB growing against 228–230 MB held, and 246–297 against 229–238;
 * no change in time beyond the host's noise (bench/NOTES.md: Two threads).
 *
 * Node has no per-thread setting for the main thread (`--max-semi-space-size`
 * is read once, when the process starts). V8's growth factor is read at each
 * growth, so once the young generation has reached 16 MB it is set to 1 (no
 * further growth) and set back to V8's default, 2, when the read ends. It is a
 * process-wide V8 setting: a worker's young generation stops growing too (a
 * worker's is capped at 16 MB anyway, threads.ts). Left alone on a V8 this was
 * not measured on (an unknown flag would print an error), and with
 * CAMPAIGN_REPORT_HOLD_YOUNG=0.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { measuredV8, PROCESS_V8 as PROCESS_SETTINGS, type V8Settings } from './v8-settings.js';

/** The young generation's size (both semi-spaces) at which it is held. */
const HOLD_AT_BYTES = 16 * 1024 * 1024;

/** What the hold reads and sets (the process's V8 by default; tests pass their own). */
export interface YoungGenerationV8 extends V8Settings {
  /** The young generation's size now, in bytes. */
  youngBytes(): number;
}

const PROCESS_V8: YoungGenerationV8 = {
  ...PROCESS_SETTINGS,
  youngBytes: () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0,
};

export class YoungGenerationHold {
  private held = false;
  /** The young generation's size when it was held (bytes; 0: not held). */
  heldAt = 0;
  private readonly enabled: boolean;

  constructor(
    env: NodeJS.ProcessEnv = process.env,
    private readonly v8: YoungGenerationV8 = PROCESS_V8,
  ) {
    this.enabled = env.CAMPAIGN_REPORT_HOLD_YOUNG !== '0' && measuredV8(v8.version);
  }

  /** Called between units: holds the young generation once it has reached HOLD_AT_BYTES. */
  check(): void {
    if (!this.enabled || this.held) return;
    const young = this.v8.youngBytes();
    if (young < HOLD_AT_BYTES) return;
    this.v8.setFlags('--semi-space-growth-factor=1');
    this.held = true;
    this.heldAt = young;
  }

  /** Lets the young generation grow again (V8's default factor); whether it was held. */
  release(): boolean {
    if (!this.held) return false;
    this.v8.setFlags('--semi-space-growth-factor=2');
    this.held = false;
    return true;
  }
}

/**
 * Young-generation collections on the thread that collects, not split over
 * V8's helper threads (`--no-parallel-scavenge`), for the rest of the process.
 * Our young generations are small (8 MB semi-spaces, held: above), so a
 * collection takes 1–2 ms, and handing it out to helpers cost more than it
 * saved, even with a core free. AMD EPYC benchmark host (2 cores), 5 Dec,
 * alternated whole runs, medians: `aggregate` of 1M rows on 2 threads 2.01 →
 * 1.92 s (6 pairs; 3.62 → 3.47 s of CPU), on 1 thread 2.24 → 2.14 s (5
 * pairs); `build --format md,html` of 1M rows 2.92 → 2.79 s (4 pairs); the
 * example's build 1.10 against 1.12 s (noise); peak memory unchanged. A process
 * setting, read at each collection, so the workers' too. Left alone on a V8 this
 * was not measured on, and with CAMPAIGN_REPORT_PARALLEL_SCAVENGE=1.
 */
export function scavengeOnOneThread(env: NodeJS.ProcessEnv = process.env, v8: V8Settings = PROCESS_SETTINGS): boolean {
  if (env.CAMPAIGN_REPORT_PARALLEL_SCAVENGE === '1' || !measuredV8(v8.version)) return false;
  v8.setFlags('--no-parallel-scavenge');
  return true;
}
