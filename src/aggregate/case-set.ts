import { HashSet64 } from '../util/hash.js';

/**
 * Keys held back before they go into the set at once. The set is a table of
 * 10–20 MB; one key at a time, each add is a cache miss the record's other work
 * waits for. Added together, in a loop that touches the entries a few keys
 * ahead, the misses overlap. A few thousand keys are enough for that, and keep
 * the buffers small (53 KB) for collectors that run several aggregations.
 */
export const CASE_BATCH = 1 << 12;

/** How many keys ahead addMany touches the entry it will probe. */
const LOOKAHEAD = 8;

/**
 * The distinct (group, case) pairs of an aggregation, added a batch at a time
 * (`addMany`): a HashSet64 (the same table, probe order and growth) with a
 * loop over many keys. `home` and `fold` are HashSet64's own; test/unit/case-set.test.ts
 * checks that keys added either way are the same set.
 */
export class CaseSet extends HashSet64 {
  private readonly homes = new Uint32Array(CASE_BATCH);
  private readonly keys = new Uint32Array(CASE_BATCH);

  /**
   * Room for `extra` more keys without a rehash; a table still empty is then written
   * once, in order, with the zeros it holds (its pages mapped at once: see the ledger's IdTable).
   */
  // Stryker disable next-line BlockStatement: equivalent, the set then grows as keys come (only time and peak change)
  override reserve(extra: number): void {
    super.reserve(extra);
    // Stryker disable next-line ConditionalExpression: equivalent when false, the table is zeros either way (true is killed: a set that holds keys keeps them)
    if (this.size === 0) this.e.fill(0);
  }

  /**
   * Adds keys (h1[i], h2[i]) with tag[i] folded in, for i < n (n ≤ CASE_BATCH); fresh[i] is
   * set to 1 when key i was not there yet (counting a key added twice in the batch once), else 0.
   */
  addMany(h1: Uint32Array, h2: Uint32Array, tag: Uint32Array, n: number, fresh: Uint8Array): void {
    const keys = this.keys;
    for (let i = 0; i < n; i++) {
      const t = tag[i]!;
      keys[i] = t === 0 ? h1[i]! >>> 0 : fold(h1[i]!, t);
    }
    this.homesFrom(0, n);
    const homes = this.homes;
    let e = this.e;
    let cap = this.cap;
    let touched = 0;
    for (let i = 0; i < n; i++) {
      if (i + LOOKAHEAD < n) touched ^= e[homes[i + LOOKAHEAD]! * 2]!;
      const k1 = keys[i]!;
      const k2 = h2[i]! >>> 0;
      if (k1 === 0 && k2 === 0) {
        fresh[i] = this.add(0, 0) ? 1 : 0;
        continue;
      }
      // As HashSet64.add grows: the keys left are homed again in the new table.
      if (this.size - this.keptApart() >= this.limit) {
        this.grow();
        e = this.e;
        cap = this.cap;
        this.homesFrom(i, n);
      }
      fresh[i] = this.insertAt(e, cap, homes[i]!, k1, k2);
    }
    this.sink ^= touched;
  }

  /** The home entries of keys [from, n) in the table as it is. */
  private homesFrom(from: number, n: number): void {
    const { keys, homes, cap } = this;
    for (let i = from; i < n; i++) homes[i] = home(keys[i]!, cap);
  }

  /** A read of the touched entries, kept so the touches are not optimized away. */
  private sink = 0;

  /** Inserts a non-zero key from its home entry; 1 when it was not there. */
  private insertAt(e: Uint32Array, cap: number, from: number, k1: number, k2: number): number {
    let i = from;
    for (;;) {
      const j = i * 2;
      const a = e[j]!;
      const b = e[j + 1]!;
      if (a === 0 && b === 0) {
        e[j] = k1;
        e[j + 1] = k2;
        this.size++;
        return 1;
      }
      if (a === k1 && b === k2) return 0;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }
}

/** HashSet64's home entry of a key (src/util/hash.ts): Fibonacci hashing, then a range reduction to cap. */
function home(k1: number, cap: number): number {
  return Math.floor(((Math.imul(k1, 0x9e3779b1) >>> 0) * cap) / 4294967296);
}

/** HashSet64's fold of a tag into a key's first half (src/util/hash.ts). */
function fold(h1: number, tag: number): number {
  return (h1 ^ Math.imul(tag, 0x9e3779b1)) >>> 0;
}
