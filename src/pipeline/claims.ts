/**
 * Who reads which unit, decided as the run goes (shared memory, Atomics): the
 * main thread takes the units in order; at each it reads the unit itself when
 * no worker has claimed it yet, else waits for the worker's. Workers claim the
 * units in order too, at least LEAD and never more than AHEAD past the main
 * thread's position: a unit the main thread reaches while a worker still reads
 * it costs a wait, and one it reads ahead costs columns both ways (MainReader in
 * run.ts), so workers leave the next units to it and read a little further on.
 * However fast each thread turns out to be (other jobs on the host, a slow
 * disk), none waits for long: whoever is free takes the next unit.
 */
import { workersMayRead, type ReadPlan } from './plan.js';

/** [0] the next unit a worker may look at, [1] the main thread's unit, [2] the lead, [3 + i] who claimed unit i (0: nobody). */
export type Claims = Int32Array;

const NEXT = 0;
const MAIN_AT = 1;
const LEAD_AT = 2;
const UNITS_AT = 3;
const FREE = 0;
export const BY_MAIN = 1;
export const BY_WORKER = 2;
/** Read by the main thread ahead of its position, while it waited for a worker's unit: replayed when reached. */
export const BY_MAIN_AHEAD = 3;

/**
 * Units a worker may read before the main thread has reached them: enough to
 * keep it busy while the main thread reads one of its own, few enough that
 * memory does not grow with the file.
 */
export const AHEAD = 3;

/**
 * How far past the main thread's position a worker's first unit lies when the
 * main thread reads too: it reads the units before that itself, straight into
 * the ledger, while the worker reads on. 1M rows, `aggregate` on 2 threads (4 MiB
 * units; 6 runs each, benchmark host, 4 Dec): lead 0 (the worker took the very
 * next unit) 2.29–2.38 s, the main thread waiting ~1 s in all and reading half the
 * units ahead into columns; lead 2 2.11–2.16 s, ~0.1 s of waits, none read ahead.
 * With 2 MiB units and the replay's fetch-ahead (the main thread ~3× faster at a
 * replayed unit than at one it reads): lead 2 2.00–2.21 s (median 2.13), the
 * worker reading three units in four and the main thread waiting 120–230 ms for
 * them; lead 3 1.98–2.10 s (2.02), two in three, waits under 10 ms; Miller 1.96.
 */
export const LEAD = 3;

/** @param lead LEAD when the main thread reads units too, 0 when it only replays (workers read every unit). */
export function createClaims(units: number, lead: number): Claims {
  const claims = new Int32Array(new SharedArrayBuffer(4 * (UNITS_AT + units)));
  claims[LEAD_AT] = lead;
  return claims;
}

/** The main thread is at unit `index`: it takes it unless a worker has; who has it (BY_MAIN or BY_WORKER). */
export function claimForMain(claims: Claims, index: number, steal: boolean): number {
  Atomics.store(claims, MAIN_AT, index);
  Atomics.notify(claims, MAIN_AT);
  if (!steal) {
    // The workers read every source unit: `build` (RunOptions.mainReads false), or CAMPAIGN_REPORT_MAIN_STEALS=0 (tests, diagnosis).
    return BY_WORKER;
  }
  const was = Atomics.compareExchange(claims, UNITS_AT + index, FREE, BY_MAIN);
  return was === FREE ? BY_MAIN : was;
}

/**
 * The next source unit this worker reads (waiting while it is AHEAD units past the main thread), or -1:
 * none left. Units less than the lead past the main thread are left to it. For a main thread that
 * only replays (plan.role 'replays'), byte ranges only: it reads whole sources itself.
 */
export function claimForWorker(claims: Claims, plan: ReadPlan, idle?: () => boolean): number {
  const lead = claims[LEAD_AT]!;
  for (;;) {
    const index = Atomics.add(claims, NEXT, 1);
    if (index >= plan.units.length) return -1;
    if (!workersMayRead(plan, plan.units[index]!)) continue;
    if (index - Atomics.load(claims, MAIN_AT) < lead) continue;
    // Too far ahead: other work meanwhile (`idle`: a step of it, false when there is none), else a wait.
    for (let at = Atomics.load(claims, MAIN_AT); index - at > AHEAD; at = Atomics.load(claims, MAIN_AT)) if (idle?.() !== true) Atomics.wait(claims, MAIN_AT, at, 100);
    if (Atomics.compareExchange(claims, UNITS_AT + index, FREE, BY_WORKER) === FREE) return index;
  }
}

/**
 * While the main thread waits at `at` for a worker's unit: the next source
 * unit after it, at most AHEAD past it, that nobody has claimed, now the main
 * thread's to read ahead (BY_MAIN_AHEAD); -1 when there is none.
 */
export function claimAheadForMain(claims: Claims, plan: ReadPlan, at: number): number {
  const last = Math.min(plan.units.length - 1, at + AHEAD);
  for (let j = at + 1; j <= last; j++) {
    if (plan.units[j]!.kind !== 'source') continue;
    if (Atomics.compareExchange(claims, UNITS_AT + j, FREE, BY_MAIN_AHEAD) === FREE) return j;
  }
  return -1;
}
