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

/** 53-bit hash as one number (both halves mixed). */
export function hash53(str: string, seed = 0): number {
  hash64(str, seed);
  return 4294967296 * (2097151 & hashOut.h2) + hashOut.h1;
}

/**
 * Open-addressing hash table from 64-bit keys (two uint32 halves, plus a 32-bit
 * tag such as a group index) to a slot number. Typed arrays only: a million
 * keys cost ~24 MB and no garbage, where a Map of strings costs ~100 MB.
 *
 * Keys are hashes, so two different ids could in principle share one: with
 * 64 bits the chance among a million ids is about 3 in 100 million.
 */
export class HashSlots {
  private a: Uint32Array;
  private b: Uint32Array;
  private t: Uint32Array;
  private slot: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    let cap = 1;
    while (cap < capacity * 2) cap <<= 1;
    this.a = new Uint32Array(cap);
    this.b = new Uint32Array(cap);
    this.t = new Uint32Array(cap);
    this.slot = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** The slot of key (h1, h2, tag), or -1 when absent. */
  get(h1: number, h2: number, tag = 0): number {
    let i = (h1 ^ Math.imul(tag, 0x9e3779b1)) & this.mask;
    for (;;) {
      const s = this.slot[i]!;
      if (s === -1) return -1;
      if (this.a[i] === h1 && this.b[i] === h2 && this.t[i] === tag) return s;
      i = (i + 1) & this.mask;
    }
  }

  /** Inserts the key with slot number `this.size` unless present; returns the existing slot or -1 when inserted. */
  insert(h1: number, h2: number, tag = 0): number {
    if ((this.size + 1) * 2 > this.slot.length) this.grow();
    let i = (h1 ^ Math.imul(tag, 0x9e3779b1)) & this.mask;
    for (;;) {
      const s = this.slot[i]!;
      if (s === -1) {
        this.a[i] = h1;
        this.b[i] = h2;
        this.t[i] = tag;
        this.slot[i] = this.size++;
        return -1;
      }
      if (this.a[i] === h1 && this.b[i] === h2 && this.t[i] === tag) return s;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { a, b, t, slot } = this;
    const cap = slot.length * 2;
    this.a = new Uint32Array(cap);
    this.b = new Uint32Array(cap);
    this.t = new Uint32Array(cap);
    this.slot = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let j = 0; j < slot.length; j++) {
      const s = slot[j]!;
      if (s === -1) continue;
      let i = (a[j]! ^ Math.imul(t[j]!, 0x9e3779b1)) & this.mask;
      while (this.slot[i] !== -1) i = (i + 1) & this.mask;
      this.a[i] = a[j]!;
      this.b[i] = b[j]!;
      this.t[i] = t[j]!;
      this.slot[i] = s;
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
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    s1 = Math.imul(s1 ^ ch, 2654435761);
    s2 = Math.imul(s2 ^ ch, 1597334677);
  }
  // field separator, so ("ab","c") and ("a","bc") differ
  s1 = Math.imul(s1 ^ 0x1f, 2654435761);
  s2 = Math.imul(s2 ^ 0x1f, 1597334677);
}
export function hashNumber(n: number): void {
  const lo = n % 4294967296 | 0;
  const hi = Math.floor(n / 4294967296) | 0;
  s1 = Math.imul(s1 ^ lo, 2654435761);
  s2 = Math.imul(s2 ^ lo, 1597334677);
  s1 = Math.imul(s1 ^ hi, 2654435761);
  s2 = Math.imul(s2 ^ hi, 1597334677);
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
