/**
 * Matching keys for headers and values: case, surrounding spaces, runs of spaces
 * and underscores do not matter. `foldKey` additionally drops Vietnamese
 * diacritics (and đ → d); callers only use the folded key when it is unambiguous.
 */
import { NearSpellings, type NearMatch } from './near.js';

export function looseKey(s: string): string {
  return s.normalize('NFC').trim().toLowerCase().replace(/[\s_]+/g, ' ');
}

const COMBINING = /[\u0300-\u036f]/g;

export function foldKey(s: string): string {
  return looseKey(s).normalize('NFD').replace(COMBINING, '').replace(/đ/g, 'd');
}

/**
 * A lookup table from aliases to canonical values. Exact (loose) matches win;
 * a diacritic-folded match is used only when every alias folding to it points
 * to the same canonical value (so "tấn" vs "tan" never guess wrong).
 */
export class AliasTable<T> {
  private readonly exact = new Map<string, T>();
  private readonly folded = new Map<string, T | typeof AMBIGUOUS>();

  constructor(entries: Iterable<readonly [string, T]> = []) {
    for (const [alias, value] of entries) this.add(alias, value);
  }

  add(alias: string, value: T): void {
    this.exact.set(looseKey(alias), value);
    const f = foldKey(alias);
    const prev = this.folded.get(f);
    if (prev === undefined) this.folded.set(f, value);
    else if (prev !== value) this.folded.set(f, AMBIGUOUS);
  }

  get(raw: string): T | undefined {
    return this.getExact(raw) ?? this.getFolded(raw);
  }

  /** An alias as written (case, surrounding and repeated spaces, underscores aside). */
  getExact(raw: string): T | undefined {
    return this.exact.get(looseKey(raw));
  }

  /** An alias without its diacritics, when every alias folding alike means the same. */
  getFolded(raw: string): T | undefined {
    const f = this.folded.get(foldKey(raw));
    return f === AMBIGUOUS ? undefined : f;
  }

  /**
   * The alias a value that is none is most likely a slip of (one letter missing, added, changed or
   * two swapped; see NearSpellings), with what it means; the spelling as matched (lower case).
   * The index is made on the first call, from the aliases added so far.
   */
  near(raw: string): NearMatch<T> | undefined {
    if (this.spellings === undefined || this.spellingsOf !== this.exact.size) {
      this.spellings = new NearSpellings<T>();
      for (const [loose, value] of this.exact) this.spellings.add(foldKey(loose), loose, value);
      this.spellingsOf = this.exact.size;
      this.nearMemo.clear();
    }
    // A rejected value repeats on every row that has it: answered once (at most NEAR_MEMO values remembered).
    // Stryker disable next-line ConditionalExpression: equivalent, a cache of a pure function only saves time
    if (this.nearMemo.has(raw)) return this.nearMemo.get(raw);
    const m = this.spellings.near(foldKey(raw));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the bound of the cache only limits memory
    if (this.nearMemo.size >= NEAR_MEMO) this.nearMemo.clear();
    this.nearMemo.set(raw, m);
    return m;
  }
  private spellings: NearSpellings<T> | undefined;
  private readonly nearMemo = new Map<string, NearMatch<T> | undefined>();
  /** How many aliases the index was made of (an alias added since makes it again). */
  private spellingsOf = 0;
}

/** How many values AliasTable.near remembers its answer for. */
const NEAR_MEMO = 1024;

const AMBIGUOUS: unique symbol = Symbol('ambiguous');
