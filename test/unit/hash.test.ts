import { describe, expect, it } from 'vitest';
import { hash64, hashOut, HashSet64, HashSlots } from '../../src/util/hash.js';

describe('hash64', () => {
  it('is deterministic and depends on the seed', () => {
    hash64('KR-0001', 1);
    const a = { ...hashOut };
    hash64('KR-0001', 1);
    expect({ ...hashOut }).toEqual(a);
    hash64('KR-0001', 2);
    expect({ ...hashOut }).not.toEqual(a);
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
    expect(s.insert(3, 4)).toBe(1);
    expect(s.size).toBe(2);
    expect(s.insert(9, 9)).toBe(-1);
    expect(s.size).toBe(3);
  });

  it('the tag is part of the key', () => {
    const s = new HashSlots(4);
    expect(s.insert(7, 7, 0)).toBe(-1);
    expect(s.insert(7, 7, 1)).toBe(-1);
    expect(s.insert(7, 7, 1)).toBe(1);
    expect(s.insert(7, 7, 2)).toBe(-1);
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
    for (let i = 0; i < n; i++) if (s.insert(key(i), i, i % 3) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(s.size).toBe(n);
  });
});

/** Keys with clustered low bits (long probe runs), distinct for distinct i, never (0, 0). */
const k1 = (i: number) => (((i + 1) << 3) ^ ((i + 1) >>> 29)) >>> 0;
const k2 = (i: number) => Math.imul(i + 1, 2654435761) >>> 0;
/** How many i in [from, to) (step) give got(i) !== want(i), in order (one expect for the lot: fast). */
function mismatches<T>(from: number, to: number, step: number, got: (i: number) => T, want: (i: number) => T): number {
  let n = 0;
  for (let i = from; i < to; i += step) if (got(i) !== want(i)) n++;
  return n;
}

describe('HashSlots.reserve', () => {
  it('makes room once for the keys announced, slots continuing, and grows past them', () => {
    const s = new HashSlots(1 << 16);
    const first = 80_000; // over the first capacity: grown once already
    expect(mismatches(0, first, 1, (i) => s.insert(k1(i), k2(i)), () => -1)).toBe(0);
    s.reserve(50_000);
    // An old key is found, and inserting it again neither adds it nor changes its slot.
    expect(s.insert(k1(123), k2(123))).toBe(123);
    expect(s.size).toBe(first);
    expect(mismatches(first, first + 50_000, 1, (i) => s.insert(k1(i), k2(i)), () => -1)).toBe(0);
    expect(s.insert(k1(first + 7), k2(first + 7))).toBe(first + 7);
    // Past what was reserved: everything is rehashed into one table, slots kept.
    expect(mismatches(first + 50_000, first + 150_000, 1, (i) => s.insert(k1(i), k2(i)), () => -1)).toBe(0);
    expect(s.size).toBe(first + 150_000);
    const wrong: number[] = [];
    for (let i = 0; i < first + 150_000; i++) if (s.insert(k1(i), k2(i)) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(s.insert(1, 1)).toBe(-1);
  });

  it('rehashes small tables instead (and does nothing when there is room)', () => {
    const s = new HashSlots(16);
    for (let i = 0; i < 10; i++) s.insert(k1(i), k2(i));
    s.reserve(2);
    s.reserve(5_000);
    expect(mismatches(10, 5_010, 1, (i) => s.insert(k1(i), k2(i)), () => -1)).toBe(0);
    expect(mismatches(0, 5_010, 1, (i) => s.insert(k1(i), k2(i)), (i) => i)).toBe(0);
  });
});

describe('HashSet64', () => {
  it('counts distinct keys, the (0, 0) key and tags included, across reserve and growth', () => {
    const s = new HashSet64(1 << 16);
    const n = 90_000;
    expect(mismatches(0, n, 1, (i) => s.add(k1(i), k2(i)), () => true)).toBe(0);
    expect(s.add(0, 0)).toBe(true);
    expect(s.add(0, 0)).toBe(false);
    s.reserve(60_000);
    expect(mismatches(0, n, 3, (i) => s.add(k1(i), k2(i)), () => false)).toBe(0);
    expect(mismatches(n, n + 60_000, 1, (i) => s.add(k1(i), k2(i)), () => true)).toBe(0);
    expect(s.add(0, 0)).toBe(false);
    // Same key with another tag is another key.
    expect(s.add(k1(5), k2(5), 9)).toBe(true);
    expect(mismatches(n + 60_000, n + 200_000, 1, (i) => s.add(k1(i), k2(i)), () => true)).toBe(0);
    expect(s.size).toBe(n + 200_000 + 2);
    let missing = 0;
    for (let i = 0; i < n + 200_000; i++) if (s.add(k1(i), k2(i))) missing++;
    expect(missing).toBe(0);
    expect(s.add(k1(5), k2(5), 9)).toBe(false);
    expect(s.size).toBe(n + 200_000 + 2);
  });
});
