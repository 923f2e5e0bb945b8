/**
 * Who reads which unit (src/pipeline/claims.ts), decided in shared memory: the
 * main thread in order, workers at least a lead past it and at most AHEAD.
 */
import { describe, expect, it } from 'vitest';
import { AHEAD, BY_MAIN, BY_MAIN_AHEAD, BY_WORKER, claimAheadForMain, claimForMain, claimForWorker, createClaims, LEAD } from '../../src/pipeline/claims.js';
import type { ReadPlan } from '../../src/pipeline/plan.js';

function plan(units: number, role: ReadPlan['role'] = 'reads'): ReadPlan {
  return { threads: 2, role, units: Array.from({ length: units }, (_, i) => ({ kind: 'source' as const, fileIndex: 0, range: { start: i, end: i + 1, size: units, shared: { fd: -1 } } })) } as unknown as ReadPlan;
}

describe('claims', () => {
  it('leave the units less than the lead past a main thread that reads to it, and let a worker read on up to AHEAD past it', () => {
    expect(AHEAD).toBe(3);
    const p = plan(8);
    const claims = createClaims(8, 2);
    expect(claimForMain(claims, 0, true)).toBe(BY_MAIN);
    // Units 0 and 1 are the main thread's: the worker starts at 2, then 3 (AHEAD past unit 0).
    expect(claimForWorker(claims, p)).toBe(2);
    expect(claimForWorker(claims, p)).toBe(3);
    // Unit 1 was left free: the main thread reads it; the worker may now go to 4.
    expect(claimForMain(claims, 1, true)).toBe(BY_MAIN);
    expect(claimForWorker(claims, p)).toBe(4);
    expect(claimForMain(claims, 2, true)).toBe(BY_WORKER);
    expect(claimForMain(claims, 3, true)).toBe(BY_WORKER);
    // At unit 4 (the worker's), waiting: unit 5 is free and within AHEAD, the main thread's to read ahead.
    expect(claimForMain(claims, 4, true)).toBe(BY_WORKER);
    expect(claimAheadForMain(claims, p, 4)).toBe(5);
    // 5 taken ahead, 6 less than LEAD past unit 5: both skipped; 7 is the worker's, then none is left.
    expect(claimForMain(claims, 5, true)).toBe(BY_MAIN_AHEAD);
    expect(claimForWorker(claims, p)).toBe(7);
    expect(claimForWorker(claims, p)).toBe(-1);
    expect(claimForMain(claims, 6, true)).toBe(BY_MAIN);
  });

  it('let a worker too far ahead do other work (idle) until the main thread moves on, and wait only when it has none', () => {
    const p = plan(8, 'replays');
    const claims = createClaims(8, 0);
    expect(claimForMain(claims, 0, false)).toBe(BY_WORKER);
    expect([0, 1, 2, 3].map(() => claimForWorker(claims, p))).toEqual([0, 1, 2, 3]);
    // Unit 4 is AHEAD + 1 past the main thread: the worker does three steps of other work, the main thread moves on at the third.
    let steps = 0;
    const idle = () => {
      if (++steps === 3) claimForMain(claims, 1, false);
      return true;
    };
    expect(claimForWorker(claims, p, idle)).toBe(4);
    expect(steps).toBe(3);
    // No other work (idle false): it waits, 100 ms at a time, until the main thread moves on (here at the second look).
    let looks = 0;
    const none = () => {
      if (++looks === 2) claimForMain(claims, 2, false);
      return false;
    };
    const started = performance.now();
    expect(claimForWorker(claims, p, none)).toBe(5);
    expect(looks).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('give a worker the very next unit when the main thread only replays (lead 0)', () => {
    const p = plan(4, 'replays');
    const claims = createClaims(4, 0);
    expect(claimForMain(claims, 0, false)).toBe(BY_WORKER);
    expect([claimForWorker(claims, p), claimForWorker(claims, p), claimForWorker(claims, p)]).toEqual([0, 1, 2]);
    expect(claimForMain(claims, 1, false)).toBe(BY_WORKER);
    expect(claimForWorker(claims, p)).toBe(3);
    expect(claimForWorker(claims, p)).toBe(-1);
  });

  it('with the default lead (3, AHEAD too), give a worker only the unit three past the main thread', () => {
    expect(LEAD).toBe(3);
    const p = plan(7);
    const claims = createClaims(7, LEAD);
    expect(claimForMain(claims, 0, true)).toBe(BY_MAIN);
    expect(claimForWorker(claims, p)).toBe(3);
    expect(claimForMain(claims, 1, true)).toBe(BY_MAIN);
    expect(claimForWorker(claims, p)).toBe(4);
    expect(claimForMain(claims, 2, true)).toBe(BY_MAIN);
    expect(claimForMain(claims, 3, true)).toBe(BY_WORKER);
    expect(claimForWorker(claims, p)).toBe(6);
    expect(claimForWorker(claims, p)).toBe(-1);
    expect([4, 5, 6].map((i) => claimForMain(claims, i, true))).toEqual([BY_WORKER, BY_MAIN, BY_WORKER]);
  });
});
