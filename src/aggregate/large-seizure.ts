import type { CanonicalUnit } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';

/** One of the largest seizures, without identifying fields. */
export interface LargeSeizure {
  readonly date: string;
  readonly country: string;
  readonly route: string;
  readonly subtype: string;
  readonly quantity: number;
  readonly unit: CanonicalUnit;
  readonly concealment: string;
}

/**
 * Largest first; ties broken by every other field, so the order never depends
 * on the order records arrive in (a report built from partials equals one built
 * from the records).
 */
export function compareLarge(a: LargeSeizure, b: LargeSeizure): number {
  if (a.quantity !== b.quantity) return b.quantity - a.quantity;
  for (const k of ['date', 'country', 'route', 'subtype', 'concealment'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

/** The record as one of the largest seizures (its id, case and place in the sources left out). */
export function largeSeizureOf(rec: SeizureRecord): LargeSeizure {
  return { date: rec.date, country: rec.reportingCountry, route: rec.route, subtype: rec.subtype, quantity: rec.quantity, unit: rec.unit, concealment: rec.concealment };
}
