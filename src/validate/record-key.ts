/**
 * The campaign file's `key:`: the canonical fields that identify a record
 * across sources (instead of reporting country and id), so that a later release
 * of the same statistics can replace (or leave alone) the figure an earlier one
 * gave for the same key.
 */
import type { KeyField } from '../config/schema.js';
import { hash64 } from '../util/hash.js';
import type { SeizureRecord } from './record.js';

export type { KeyField };

const VALUE: Record<KeyField, (r: SeizureRecord) => string> = {
  id: (r) => r.id,
  date: (r) => r.date,
  reporting_country: (r) => r.reportingCountry,
  commodity: (r) => r.commodity,
  subtype: (r) => r.subtype,
  unit: (r) => r.unit,
  route: (r) => r.route,
  origin_country: (r) => r.origin,
  destination_country: (r) => r.destination,
  case_id: (r) => r.caseId,
  direction: (r) => r.direction,
  phase: (r) => r.phase,
  location: (r) => r.location,
  detection_method: (r) => r.detectionMethod,
  concealment: (r) => r.concealment,
  agency: (r) => r.agency,
};

/** The record's key values, in the order of `fields` (its identity, and what diagnostics show). */
export function keyValues(fields: readonly KeyField[], r: SeizureRecord): string[] {
  return fields.map((f) => VALUE[f](r));
}

/** `US, 2019-10-01, cocaine`: a key as diagnostics show it. */
export function keyText(fields: readonly KeyField[], r: SeizureRecord): string {
  return keyValues(fields, r).join(', ');
}

/**
 * The 64-bit hash of the record's key into `hashOut` (h1, h2). Values are
 * joined with U+001F, which no normalized value holds, so (ab, c) and (a, bc)
 * differ.
 */
export function hashKey(fields: readonly KeyField[], r: SeizureRecord): void {
  hash64(keyValues(fields, r).join('\u001f'));
}
