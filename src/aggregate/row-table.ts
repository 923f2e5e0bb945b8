/**
 * Rows numbered 0, 1, 2 … by a tuple of `width` small codes (a fine row's
 * dimension codes and unit), in the order first seen: each row's codes side by
 * side in one typed array (16 bits each until a code needs more), and an
 * open-addressing table of row numbers by a 32-bit hash of the codes, each hit
 * checked against the row's codes (so two tuples with one hash are two rows).
 * Kept at most half full; no string is made per look-up.
 */
export class RowTable {
  /** Per row, its `width` codes. */
  private codes: Uint16Array | Uint32Array;
  /** Per slot: row + 1 (0: empty). */
  private slots: Int32Array;
  private mask: number;
  /** Rows so far. */
  size = 0;

  constructor(
    readonly width: number,
    capacity = 1 << 10,
  ) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.codes = new Uint16Array(capacity * width);
  }

  /** Code `i` of row `row`. */
  at(row: number, i: number): number {
    return this.codes[row * this.width + i]!;
  }

  /** The row of the codes `s[0 … width − 1]`, added when new. */
  rowOf(s: ArrayLike<number>): number {
    const w = this.width;
    const codes = this.codes;
    const slots = this.slots;
    const mask = this.mask;
    let i = hashCodes(s, w) & mask;
    for (;;) {
      const r = slots[i]! - 1;
      if (r === -1) return this.add(s, i);
      let same = true;
      for (let j = 0, at = r * w; j < w; j++, at++) {
        if (codes[at] !== s[j]) {
          same = false;
          break;
        }
      }
      if (same) return r;
      i = (i + 1) & mask;
    }
  }

  /** A new row of `s`, put in the free slot `slot`. */
  private add(s: ArrayLike<number>, slot: number): number {
    const w = this.width;
    const row = this.size++;
    if ((row + 1) * w > this.codes.length) this.codes = grown(this.codes, Math.max(w, this.codes.length * 2));
    for (let j = 0; j < w; j++) {
      if (s[j]! > 0xffff && this.codes instanceof Uint16Array) this.codes = Uint32Array.from(this.codes);
      this.codes[row * w + j] = s[j]!;
    }
    this.slots[slot] = row + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return row;
  }

  private rehash(): void {
    const w = this.width;
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let row = 0; row < this.size; row++) {
      let i = hashCodes(this.codes.subarray(row * w, row * w + w), w) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = row + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grown<T extends Uint16Array | Uint32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** A 32-bit hash of `w` codes (each mixed in, then MurmurHash3's finalizer: codes differ in their low bits only). */
export function hashCodes(s: ArrayLike<number>, w: number): number {
  let h = 0x9e3779b9;
  for (let j = 0; j < w; j++) h = Math.imul(h ^ s[j]!, 0x85ebca6b) ^ (h >>> 15);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
