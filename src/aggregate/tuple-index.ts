/**
 * Groups by tuples of values: each position's values numbered in the order they
 * come (a string → code table per position), a tuple of codes found in an
 * open-addressing table over typed arrays, its group numbered in the order
 * tuples come. No key string is built and no object made per group.
 */
export class TupleIndex {
  /** Per position: value → code, and code → value. */
  private readonly codes: Map<string, number>[];
  private readonly values: string[][];
  /** The codes of each group's tuple, `width` a group. */
  private tuples: Int32Array;
  /** Open addressing, linear probing: group + 1 per entry (0 = empty), at most half full. */
  private slots: Int32Array;
  private mask: number;
  /** The tuple being looked up (see setValue, group). */
  private readonly probe: Int32Array;
  size = 0;

  constructor(
    readonly width: number,
    capacity = 64,
  ) {
    this.codes = Array.from({ length: width }, () => new Map<string, number>());
    this.values = Array.from({ length: width }, () => []);
    this.probe = new Int32Array(width);
    const cap = Math.max(4, capacity);
    this.tuples = new Int32Array(cap * width);
    let slots = 8;
    while (slots < cap * 2) slots *= 2;
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The code of `value` at position `i` (new values get the next code), set as that position of the tuple looked up. */
  setValue(i: number, value: string): number {
    const codes = this.codes[i]!;
    let c = codes.get(value);
    if (c === undefined) {
      c = codes.size;
      codes.set(value, c);
      this.values[i]!.push(value);
    }
    this.probe[i] = c;
    return c;
  }

  /** Sets position `i` of the tuple looked up to a code of the caller's own (a value with a fixed numbering, such as a unit). */
  setCode(i: number, code: number): void {
    this.probe[i] = code;
  }

  /** The group of the tuple set (setValue, setCode), numbered in order of arrival: new tuples get the next number. */
  group(): number {
    const w = this.width;
    const p = this.probe;
    const h = hashTuple(p, 0, w);
    const slots = this.slots;
    const t = this.tuples;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const g = slots[s]! - 1;
      if (g < 0) return this.add(s);
      let k = 0;
      const at = g * w;
      while (k < w && t[at + k] === p[k]) k++;
      if (k === w) return g;
    }
  }

  /** The value of position `i` in group `g`'s tuple (for setValue positions). */
  value(g: number, i: number): string {
    return this.values[i]![this.tuples[g * this.width + i]!]!;
  }

  /** The code at position `i` of group `g`'s tuple. */
  code(g: number, i: number): number {
    return this.tuples[g * this.width + i]!;
  }

  /** The tuple looked up as group `size`, at empty slot `s`. */
  private add(s: number): number {
    const g = this.size++;
    const w = this.width;
    if ((g + 1) * w > this.tuples.length) {
      const t = new Int32Array(this.tuples.length * 2);
      t.set(this.tuples);
      this.tuples = t;
    }
    this.tuples.set(this.probe, g * w);
    this.slots[s] = g + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return g;
  }

  private rehash(): void {
    const w = this.width;
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const t = this.tuples;
    for (let g = 0; g < this.size; g++) {
      let s = hashTuple(t, g * w, w) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = g + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** FNV-1a over the codes of a tuple (`w` codes from `at`), its high bits folded into the low ones the table uses. */
function hashTuple(t: Int32Array, at: number, w: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w; i++) h = Math.imul(h ^ t[at + i]!, 0x01000193);
  return h ^ (h >>> 15);
}
