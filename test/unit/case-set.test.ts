import { describe, expect, it } from 'vitest';
import { CASE_BATCH, CaseSet } from '../../src/aggregate/case-set.js';
import { HashSet64 } from '../../src/util/hash.js';

/** A deterministic stream of 32-bit words (xorshift32). */
function words(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

function batch(keys: readonly (readonly [number, number, number])[]): { h1: Uint32Array; h2: Uint32Array; tag: Uint32Array; fresh: Uint8Array } {
  return {
    h1: Uint32Array.from(keys.map((k) => k[0])),
    h2: Uint32Array.from(keys.map((k) => k[1])),
    tag: Uint32Array.from(keys.map((k) => k[2])),
    fresh: new Uint8Array(keys.length),
  };
}

describe('CaseSet.addMany', () => {
  it('marks new keys 1 and keys seen before (in the set, or earlier in the batch) 0', () => {
    const s = new CaseSet(4);
    expect(s.add(5, 6, 1)).toBe(true);
    const b = batch([
      [5, 6, 1],
      [5, 6, 2],
      [7, 8, 0],
      [7, 8, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    s.addMany(b.h1, b.h2, b.tag, 6, b.fresh);
    expect([...b.fresh]).toEqual([0, 1, 1, 0, 1, 0]);
    expect(s.size).toBe(4);
    // Only n keys are read.
    const c = batch([
      [9, 9, 0],
      [10, 10, 0],
    ]);
    s.addMany(c.h1, c.h2, c.tag, 1, c.fresh);
    expect([...c.fresh]).toEqual([1, 0]);
    expect(s.add(10, 10)).toBe(true);
    expect(s.add(9, 9)).toBe(false);
  });

  it('is the set HashSet64.add makes: growth past its first capacity, colliding homes, keys added either way', () => {
    const next = words(42);
    const keys: [number, number, number][] = [];
    // Few distinct first halves: many keys share a home entry (collisions, long probes).
    for (let i = 0; i < 30_000; i++) keys.push([next() & 0xff, next() & 0x3, next() % 5]);
    const ref = new HashSet64(16);
    const s = new CaseSet(16);
    const expected = keys.map(([a, b, t]) => (ref.add(a, b, t) ? 1 : 0));
    const got: number[] = [];
    for (let at = 0; at < keys.length; at += 1000) {
      const part = keys.slice(at, at + 1000);
      // Every other slice one key at a time: both ways write the same table.
      if ((at / 1000) % 2 === 1) {
        for (const [a, b, t] of part) got.push(s.add(a, b, t) ? 1 : 0);
        continue;
      }
      const b = batch(part);
      s.addMany(b.h1, b.h2, b.tag, part.length, b.fresh);
      got.push(...b.fresh);
    }
    expect(got).toEqual(expected);
    expect(s.size).toBe(ref.size);
    for (const [a, b, t] of keys) expect(s.add(a, b, t)).toBe(false);
  });

  it('takes a full batch of distinct keys into a small table', () => {
    const next = words(7);
    const s = new CaseSet(16);
    const keys: [number, number, number][] = [];
    for (let i = 0; i < CASE_BATCH; i++) keys.push([next(), next(), i & 7]);
    const b = batch(keys);
    s.addMany(b.h1, b.h2, b.tag, CASE_BATCH, b.fresh);
    expect(b.fresh.every((f) => f === 1)).toBe(true);
    expect(s.size).toBe(CASE_BATCH);
    s.addMany(b.h1, b.h2, b.tag, CASE_BATCH, b.fresh);
    expect(b.fresh.every((f) => f === 0)).toBe(true);
  });
});

describe('CaseSet.reserve', () => {
  it('keeps every key it holds when it grows, and an empty set reserved takes keys as any', () => {
    const next = words(7);
    const keys = Array.from({ length: 300 }, () => [next(), next(), next() % 5] as const);
    const s = new CaseSet(16);
    for (const [a, b, t] of keys) s.add(a, b, t);
    s.reserve(100_000);
    expect(s.size).toBe(300);
    for (const [a, b, t] of keys) expect(s.add(a, b, t)).toBe(false);
    const empty = new CaseSet(16);
    empty.reserve(100_000);
    expect(empty.size).toBe(0);
    const b = batch(keys);
    empty.addMany(b.h1, b.h2, b.tag, keys.length, b.fresh);
    expect([...b.fresh].every((f) => f === 1)).toBe(true);
    expect(empty.size).toBe(300);
  });
});

