import { describe, expect, it } from 'vitest';
import { hash53, hash64, hashOut, HashSlots } from '../../src/util/hash.js';

describe('hash64 / hash53', () => {
  it('is deterministic and depends on the seed', () => {
    hash64('KR-0001', 1);
    const a = { ...hashOut };
    hash64('KR-0001', 1);
    expect({ ...hashOut }).toEqual(a);
    hash64('KR-0001', 2);
    expect({ ...hashOut }).not.toEqual(a);
    expect(hash53('x')).toBe(hash53('x'));
    expect(Number.isSafeInteger(hash53('anything'))).toBe(true);
  });

  it('gives 100 000 distinct ids 100 000 distinct 64-bit keys', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      hash64(`ID-${i}`, 0x564e);
      seen.add(`${hashOut.h1}:${hashOut.h2}`);
    }
    expect(seen.size).toBe(100_000);
  });
});

describe('HashSlots', () => {
  it('inserts, finds, and returns the existing slot on a second insert', () => {
    const s = new HashSlots(4);
    expect(s.insert(1, 2)).toBe(-1);
    expect(s.insert(3, 4)).toBe(-1);
    expect(s.insert(1, 2)).toBe(0);
    expect(s.get(3, 4)).toBe(1);
    expect(s.get(9, 9)).toBe(-1);
    expect(s.size).toBe(2);
  });

  it('the tag is part of the key', () => {
    const s = new HashSlots(4);
    expect(s.insert(7, 7, 0)).toBe(-1);
    expect(s.insert(7, 7, 1)).toBe(-1);
    expect(s.get(7, 7, 1)).toBe(1);
    expect(s.get(7, 7, 2)).toBe(-1);
  });

  it('keeps every key across growth, including colliding low bits', () => {
    const s = new HashSlots(2);
    const n = 30_000;
    // h1 values share their low 4 bits, so probe runs are long and cross the wrap-around
    const key = (i: number) => (i << 4) >>> 0;
    let inserted = 0;
    for (let i = 0; i < n; i++) if (s.insert(key(i), i, i % 3) === -1) inserted++;
    expect(inserted).toBe(n);
    const wrong: number[] = [];
    for (let i = 0; i < n; i++) if (s.get(key(i), i, i % 3) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(s.size).toBe(n);
  });
});
