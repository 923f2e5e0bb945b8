import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeTopN, offerTopN } from '../../src/aggregate/top-n.js';

interface Item {
  q: number;
  tag: string;
}
/** Largest first; items of equal quantity are equal. */
const byQuantity = (a: Item, b: Item) => b.q - a.q;
const item = (q: number, tag: string): Item => ({ q, tag });

describe('offerTopN', () => {
  it('keeps the first `max` in order, and says whether the item was kept', () => {
    const list: Item[] = [];
    expect([5, 1, 9, 3, 7].map((q) => offerTopN(list, item(q, `q${q}`), 3, byQuantity))).toEqual([true, true, true, true, true]);
    expect(list.map((i) => i.q)).toEqual([9, 7, 5]);
    expect(offerTopN(list, item(4, 'late'), 3, byQuantity)).toBe(false);
    expect(list.map((i) => i.q)).toEqual([9, 7, 5]);
  });

  it('an item equal to the last kept does not push it out; equal items keep their arrival order', () => {
    const list: Item[] = [];
    for (const [q, tag] of [[2, 'a'], [2, 'b'], [3, 'c'], [2, 'd']] as const) offerTopN(list, item(q, tag), 3, byQuantity);
    expect(list.map((i) => i.tag)).toEqual(['c', 'a', 'b']);
  });

  it('max 0 keeps nothing', () => {
    const list: Item[] = [];
    expect(offerTopN(list, item(1, 'x'), 0, byQuantity)).toBe(false);
    expect(list).toEqual([]);
  });

  it('is a stable sort of everything offered, cut at `max` (random offers with many ties)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 }), fc.integer({ min: 0, max: 8 }), (qs, max) => {
        const offered = qs.map((q, i) => item(q, `#${i}`));
        const list: Item[] = [];
        for (const it of offered) offerTopN(list, it, max, byQuantity);
        expect(list).toEqual([...offered].sort(byQuantity).slice(0, max));
      }),
    );
  });
});

describe('mergeTopN', () => {
  it('equals sorting the kept list and the new items together (kept ones first among equals), cut at `max`', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 12 }), (a, b) => {
        const kept = a.map((q, i) => item(q, `a${i}`)).sort(byQuantity).slice(0, 5);
        const more = b.map((q, i) => item(q, `b${i}`));
        const expected = [...kept, ...more].sort(byQuantity).slice(0, 5);
        expect(mergeTopN([...kept], more, 5, byQuantity)).toEqual(expected);
      }),
    );
  });
});
