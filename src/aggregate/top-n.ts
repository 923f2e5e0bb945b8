/**
 * Offers `item` to `list`, which holds at most `max` items in `compare` order.
 * An item equal to some already kept goes after them (the first come stay
 * first), so the list is the same as sorting everything offered (stable) and
 * keeping the first `max`; memory stays bounded however many are offered.
 * Returns whether the item was kept.
 */
export function offerTopN<T>(list: T[], item: T, max: number, compare: (a: T, b: T) => number): boolean {
  if (list.length >= max && (max === 0 || compare(item, list[list.length - 1]!) >= 0)) return false;
  let i = list.length;
  while (i > 0 && compare(item, list[i - 1]!) < 0) i--;
  list.splice(i, 0, item);
  if (list.length > max) list.pop();
  return true;
}

/** Offers every item of `items` in turn: the first `max` of `list` and `items` together, as one stable sort would order them. */
export function mergeTopN<T>(list: T[], items: Iterable<T>, max: number, compare: (a: T, b: T) => number): T[] {
  for (const item of items) offerTopN(list, item, max, compare);
  return list;
}
