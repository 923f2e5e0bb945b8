/**
 * 64-bit string hashing into two 32-bit halves (cyrb53's mixing, both halves
 * kept). Results are left in `hashOut` to avoid an allocation per call on the
 * per-record path.
 */
export const hashOut = { h1: 0, h2: 0 };

export function hash64(str: string, seed = 0): void {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashOut.h1 = h1 >>> 0;
  hashOut.h2 = h2 >>> 0;
}

/**
 * Tables grow past this share of occupied entries. Linear probing's misses cost
 * (1 + 1/(1 − load)²)/2 probes: 8.5 at 0.75, 3.6 at 0.6; but a probe is a cache
 * miss only where it leaves the home entry's cache line (5 entries of 12 bytes),
 * so the misses are what costs, not the probes. At 0.75 a million keys take 16 MB
 * (12 bytes an entry), at 0.6 20 MB: 5M rows of `aggregate` (the id table and the
 * case set) peaked 38 MB lower, in the same time (1M and 5M rows, and `build`,
 * measured in alternated whole runs against 0.6 and 0.7; README, Two threads).
 */
const MAX_LOAD = 0.75;

/** Entries for `n` keys at MAX_LOAD: any size, not a power of two (a million keys take 1.33M entries, not 2M). */
function capacityFor(n: number): number {
  return Math.max(16, Math.ceil(n / MAX_LOAD));
}

/**
 * The home entry of a key in a table of `cap` entries: k1 scrambled (Fibonacci
 * hashing, so keys that differ only in their low bits spread too), then the
 * high part of that × cap (a range reduction: always below cap).
 */
function home(k1: number, cap: number): number {
  return Math.floor(((Math.imul(k1, 0x9e3779b1) >>> 0) * cap) / 4294967296);
}

/** Folds a 32-bit tag into the first half of a key (a bijection for a fixed h1: distinct tags stay distinct). */
function fold(h1: number, tag: number): number {
  return (h1 ^ Math.imul(tag, 0x9e3779b1)) >>> 0;
}

/**
 * What HashSlots and HashSet64 share: open addressing with linear probing over
 * one interleaved Uint32Array of `width` words an entry, at most 75 % full, and
 * its growth. The per-key paths (insert, add) are the subclasses' own, written
 * out for speed.
 */
abstract class Table {
  protected e: Uint32Array;
  protected cap: number;
  protected limit: number;
  size = 0;

  constructor(
    private readonly width: number,
    capacity: number,
  ) {
    this.cap = capacityFor(capacity);
    this.e = new Uint32Array(this.cap * width);
    this.limit = Math.floor(this.cap * MAX_LOAD);
  }

  /** Whether the entry at word j of table e holds a key. */
  protected abstract occupied(e: Uint32Array, j: number): boolean;

  /** Keys held outside the table (HashSet64's (0, 0) key). */
  protected keptApart(): number {
    return 0;
  }

  /** Room for `extra` more keys without a rehash (a table sized once, for the records announced, instead of grown). */
  reserve(extra: number): void {
    if (this.size - this.keptApart() + extra > this.limit) this.rehash(capacityFor(this.size + extra));
  }

  protected grow(): void {
    this.rehash(this.cap * 2);
  }

  /** Every key into a new table of `cap` entries. */
  private rehash(cap: number): void {
    const w = this.width;
    const old = this.e;
    const e = new Uint32Array(cap * w);
    for (let j = 0; j < old.length; j += w) {
      if (!this.occupied(old, j)) continue;
      let i = home(old[j]!, cap);
      while (this.occupied(e, i * w)) i = i + 1 === cap ? 0 : i + 1;
      for (let t = 0; t < w; t++) e[i * w + t] = old[j + t]!;
    }
    this.e = e;
    this.cap = cap;
    this.limit = Math.floor(cap * MAX_LOAD);
  }
}

/**
 * Open-addressing hash table from 64-bit keys (two uint32 halves, optionally
 * with a 32-bit tag such as a group index folded in) to a slot number: the
 * insertion order. One interleaved typed array (h1, h2, slot + 1; 0 = empty),
 * so a probe touches one cache line, at most 75 % full: a million keys cost
 * 16 MB and no garbage, where a Map of strings costs ~100 MB.
 *
 * Keys are hashes, so two different ids could in principle share one: with
 * 64 bits the chance among a million ids is about 3 in 100 million.
 */
export class HashSlots extends Table {
  constructor(capacity = 1 << 12) {
    super(3, capacity);
  }

  protected occupied(e: Uint32Array, j: number): boolean {
    return e[j + 2] !== 0;
  }

  /** Word read by touch, kept so the read is not optimized away. */
  private touched = 0;

  /**
   * Reads the home entry of a key about to be inserted, so its cache line is on its way while
   * other work goes on (a software prefetch: touching several keys in a row overlaps their misses).
   */
  touch(h1: number, h2: number): void {
    this.touched ^= this.e[home(h1 >>> 0, this.cap) * 3 + 2]! ^ h2;
  }

  /** Inserts the key with slot number `this.size` unless present; returns the existing slot or -1 when inserted. */
  insert(h1: number, h2: number, tag = 0): number {
    if (this.size >= this.limit) this.grow();
    const k1 = tag === 0 ? h1 >>> 0 : fold(h1, tag);
    const k2 = h2 >>> 0;
    const e = this.e;
    const cap = this.cap;
    let i = home(k1, cap);
    for (;;) {
      const j = i * 3;
      const s = e[j + 2]!;
      if (s === 0) {
        e[j] = k1;
        e[j + 1] = k2;
        e[j + 2] = ++this.size;
        return -1;
      }
      if (e[j] === k1 && e[j + 1] === k2) return s - 1;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }
}

/**
 * A set of 64-bit keys (two uint32 halves, optionally with a 32-bit tag folded
 * in), for counting distinct things: 8 bytes an entry, at most 75 % full.
 */
export class HashSet64 extends Table {
  /** (0, 0) marks an empty entry, so that one key is remembered apart. */
  private hasZero = false;

  constructor(capacity = 1 << 12) {
    super(2, capacity);
  }

  protected occupied(e: Uint32Array, j: number): boolean {
    return e[j] !== 0 || e[j + 1] !== 0;
  }

  protected override keptApart(): number {
    return this.hasZero ? 1 : 0;
  }

  /** Adds the key; true when it was not there yet. */
  add(h1: number, h2: number, tag = 0): boolean {
    const k1 = tag === 0 ? h1 >>> 0 : fold(h1, tag);
    const k2 = h2 >>> 0;
    if (k1 === 0 && k2 === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      this.size++;
      return true;
    }
    if (this.size - this.keptApart() >= this.limit) this.grow();
    const e = this.e;
    const cap = this.cap;
    let i = home(k1, cap);
    for (;;) {
      const j = i * 2;
      const a = e[j]!;
      const b = e[j + 1]!;
      if (a === 0 && b === 0) {
        e[j] = k1;
        e[j + 1] = k2;
        this.size++;
        return true;
      }
      if (a === k1 && b === k2) return false;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }
}

// Incremental 53-bit hashing of several values without building a string.
let s1 = 0;
let s2 = 0;
export function hashStart(seed = 0): void {
  s1 = 0xdeadbeef ^ seed;
  s2 = 0x41c6ce57 ^ seed;
}
export function hashString(str: string): void {
  // Locals in the loop: the module-level state is read and written once per call.
  let a = s1;
  let b = s2;
  const n = str.length;
  for (let i = 0; i < n; i++) {
    const ch = str.charCodeAt(i);
    a = Math.imul(a ^ ch, 2654435761);
    b = Math.imul(b ^ ch, 1597334677);
  }
  // field separator, so ("ab","c") and ("a","bc") differ
  s1 = Math.imul(a ^ 0x1f, 2654435761);
  s2 = Math.imul(b ^ 0x1f, 1597334677);
}
export function hashNumber(n: number): void {
  const lo = n % 4294967296 | 0;
  const hi = Math.floor(n / 4294967296) | 0;
  s1 = Math.imul(Math.imul(s1 ^ lo, 2654435761) ^ hi, 2654435761);
  s2 = Math.imul(Math.imul(s2 ^ lo, 1597334677) ^ hi, 1597334677);
}
export function hashEnd(): number {
  let h1 = s1;
  let h2 = s2;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
