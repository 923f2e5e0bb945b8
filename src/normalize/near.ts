/**
 * The known spelling an unknown value is most likely a slip of: one letter
 * missing, added, changed, or two neighbours swapped (`durgs`, `Cambodai`,
 * `cartoon`, `imprt`). Keys are compared folded (case, spaces and Vietnamese
 * diacritics aside), and only keys and values of 4 characters or more: a code
 * such as `VM` is as near to VN as to VU.
 *
 * A value's candidates come from a symmetric-deletion index (each key and
 * each key less one character, against the value and the value less one
 * character), so a look-up costs a few map reads whatever the table's size.
 * The index is made per key length when a look-up first needs it (a value of
 * length n needs the keys of n − 1, n and n + 1 characters): the country names'
 * full index took ~25 ms to make, one length ~2 ms. The candidates are ranked by
 * Levenshtein distance (`leven`); when the nearest are spellings of
 * different values, nothing is suggested.
 */
import leven from 'leven';

/** Keys and values shorter than this (in characters: code points) are not matched. */
export const NEAR_MIN_LENGTH = 4;

export interface NearMatch<T> {
  /** The spelling as first added (AliasTable adds its aliases in their loose, lower-case form). */
  readonly spelling: string;
  readonly value: T;
  /** Its Levenshtein distance from the value (folded): 1 or 2 (0 for a value that is a key itself). */
  readonly distance: number;
}

export class NearSpellings<T> {
  /** Folded key → its value, first spelling and rank (order added); `undefined` value: spellings of different values fold alike. */
  private readonly keys = new Map<string, { spelling: string; value: T | undefined; rank: number }>();
  /** Per key length (characters): a key, or a key less one character → the keys it comes from. */
  private readonly index = new Map<number, Map<string, string[]>>();
  /** The keys by length (characters), made with the first index. */
  private byLength: Map<number, string[]> | undefined;

  add(folded: string, spelling: string, value: T): void {
    if (charCount(folded) < NEAR_MIN_LENGTH) return;
    const prev = this.keys.get(folded);
    if (prev === undefined) this.keys.set(folded, { spelling, value, rank: this.keys.size });
    else if (prev.value !== value) prev.value = undefined;
    this.index.clear();
    this.byLength = undefined;
  }

  /** The nearest known spelling of `folded` (a value folded as the keys are), if one is nearest. */
  near(folded: string): NearMatch<T> | undefined {
    const n = charCount(folded);
    if (n < NEAR_MIN_LENGTH) return undefined;
    const lengths = [this.indexOf(n - 1), this.indexOf(n), this.indexOf(n + 1)];
    let best: string[] = [];
    let bestDistance = Infinity;
    const seen = new Set<string>();
    for (const probe of [folded, ...deletions(folded)]) {
      for (const index of lengths) {
        for (const key of index.get(probe) ?? []) {
          // Stryker disable next-line ConditionalExpression: equivalent, a key seen twice is ranked alike (only time)
          if (seen.has(key)) continue;
          seen.add(key);
          const d = leven(folded, key);
          if (d < bestDistance) [best, bestDistance] = [[key], d];
          else if (d === bestDistance) best.push(key);
        }
      }
    }
    if (best.length === 0) return undefined;
    // the first added of the nearest spellings (a table adds each value's own name first)
    const found = best.map((k) => this.keys.get(k)!).sort((a, b) => a.rank - b.rank);
    const value = found[0]!.value;
    if (value === undefined || found.some((f) => f.value !== value)) return undefined;
    return { spelling: found[0]!.spelling, value, distance: bestDistance };
  }

  private indexOf(length: number): Map<string, string[]> {
    let index = this.index.get(length);
    // Stryker disable next-line ConditionalExpression: equivalent, an index made again is the same index (only time)
    if (index === undefined) this.index.set(length, (index = this.build(length)));
    return index;
  }

  private build(length: number): Map<string, string[]> {
    const index = new Map<string, string[]>();
    const put = (probe: string, key: string) => {
      const list = index.get(probe);
      if (list === undefined) index.set(probe, [key]);
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: equivalent, a key listed twice is seen once by near (only memory)
      else if (list[list.length - 1] !== key) list.push(key);
    };
    // Stryker disable next-line ConditionalExpression: equivalent, the keys by length made again are the same (only time)
    if (this.byLength === undefined) {
      this.byLength = new Map();
      for (const key of this.keys.keys()) {
        const n = charCount(key);
        const list = this.byLength.get(n);
        if (list === undefined) this.byLength.set(n, [key]);
        else list.push(key);
      }
    }
    for (const key of this.byLength.get(length) ?? []) {
      put(key, key);
      for (const d of deletions(key)) put(d, key);
    }
    return index;
  }
}

/** A string without surrogate pairs: one UTF-16 unit a character. */
const SINGLE_UNITS = /^[^\ud800-\udfff]*$/;

function charCount(s: string): number {
  return SINGLE_UNITS.test(s) ? s.length : [...s].length;
}

/** The string less one character, for each character (by code point). */
function deletions(s: string): string[] {
  if (SINGLE_UNITS.test(s)) {
    const out = new Array<string>(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.slice(0, i) + s.slice(i + 1);
    return out;
  }
  const chars = [...s];
  return chars.map((_, i) => chars.slice(0, i).join('') + chars.slice(i + 1).join(''));
}
