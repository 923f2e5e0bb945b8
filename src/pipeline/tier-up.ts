/**
 * When V8 optimizes our code: later for a small input, as usual for a large one.
 *
 * V8 runs a function in its interpreter (and baseline code) first and has
 * TurboFan optimize it once it has run enough bytecode (`--interrupt-budget`,
 * 67,584 bytes in V8 11, three times over). The example campaign's `build`
 * (3,900 records in 11 files of six formats, then the report) runs a great many
 * functions a little each: TurboFan optimized them all the same, ~0.5 s of
 * compiling on the other core for code that ended before it paid off, and the
 * main thread waited on some of it. With four times the budget, only what is
 * really hot is optimized. AMD EPYC benchmark host (2 cores), 5 Dec, alternated
 * whole runs: the example's `build --format md,html` 1.22 → 1.09 s and
 * 1.31 → 1.05 s (5 pairs each; CPU 1.65 → 1.25 s and 1.80 → 1.21 s); without
 * TurboFan at all (`--no-opt`) 1.09 s, but 30,000 rows then took 0.72 s
 * against 0.54 s. With the larger budget, 30,000 rows (1.9 MB) of `build` took
 * 0.82 against 0.90 s, of `aggregate` 0.54 against 0.49 s: from 1 MiB of input
 * on, V8's default budget comes back before any record is read (a run's hot
 * loops then get optimized as soon as before; the workers start reading after).
 *
 * V8 reads the flag each time it gives a function a new budget, so it can be
 * set while the process runs (v8.setFlagsFromString): when a command opens its
 * campaign (commands/common.ts) or its ad-hoc inputs, not as the process starts
 * (`--help` would load node:v8, ~4 ms). A process setting, so the workers' too.
 * Left alone on a V8 this was not measured on (an unknown flag would print an
 * error), and with CAMPAIGN_REPORT_LATE_OPT=0.
 */
import { measuredV8, PROCESS_V8, type V8Settings } from './v8-settings.js';

/** V8 11's (Node 20's) `--interrupt-budget`. */
export const V8_BUDGET = 67_584;
/** The budget while the input is not known to be large. */
export const SMALL_INPUT_BUDGET = 4 * V8_BUDGET;
/** Input (the campaign's source files together) from this size on is read with V8's budget. */
export const LARGE_INPUT_BYTES = 1 << 20;

/** Whether the budget is the small input's now. */
let raised = false;

/** Has V8 optimize later (SMALL_INPUT_BUDGET) until the input is known (optimizeForInput); whether it does. */
export function optimizeLater(env: NodeJS.ProcessEnv = process.env, v8: V8Settings = PROCESS_V8): boolean {
  if (env.CAMPAIGN_REPORT_LATE_OPT === '0' || !measuredV8(v8.version)) return false;
  v8.setFlags(`--interrupt-budget=${SMALL_INPUT_BUDGET}`);
  raised = true;
  return true;
}

/**
 * The input is known: from LARGE_INPUT_BYTES on (or of unknown size: standard
 * input), V8's own budget again. Whether it was set back.
 */
export function optimizeForInput(bytes: number, v8: Pick<V8Settings, 'setFlags'> = PROCESS_V8): boolean {
  if (!raised || bytes < LARGE_INPUT_BYTES) return false;
  v8.setFlags(`--interrupt-budget=${V8_BUDGET}`);
  raised = false;
  return true;
}
