/**
 * Builders for the in-memory objects the pure stages work on: a resolved
 * Campaign, a normalized SeizureRecord, and the case/identity hashes the
 * pipeline computes for them. Only what a test sets differs from the defaults.
 */
import type { Campaign, Phase } from '../../src/config/campaign.js';
import { parseIsoDate } from '../../src/normalize/date.js';
import type { CanonicalUnit } from '../../src/normalize/unit.js';
import { hash64, hashOut } from '../../src/util/hash.js';
import { countrySeed } from '../../src/validate/ledger.js';
import type { SeizureRecord } from '../../src/validate/record.js';

export function phase(id: string, start: string, end: string, name = id): Phase {
  const s = parseIsoDate(start);
  const e = parseIsoDate(end);
  if (!s || !e) throw new Error(`bad test phase ${id} ${start}..${end}`);
  return { id, name, start: s, end: e };
}

export function testCampaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    file: '/nowhere/campaign.yaml',
    dir: '/nowhere',
    id: 'test',
    name: 'Test campaign',
    participants: ['VN', 'KR'],
    agencies: [],
    vocabulary: {},
    commodities: ['drugs', 'precursors', 'cites', 'tobacco'],
    coordinator: undefined,
    classification: undefined,
    phases: [phase('p1', '2024-07-01', '2024-07-31', 'July'), phase('p2', '2024-08-01', '2024-08-31', 'August')],
    files: [],
    unmatched: [],
    sticks: { pack: 20, carton: 200 },
    aliases: {},
    redact: [],
    formats: ['md'],
    templates: undefined,
    locale: 'en',
    ...overrides,
  };
}

/** A record as the normalizer would produce it; `date` sets `day` too. */
export function rec(overrides: Partial<SeizureRecord> & { date?: string } = {}): SeizureRecord {
  const date = overrides.date ?? '2024-07-10';
  const d = parseIsoDate(date);
  if (!d) throw new Error(`bad test date ${date}`);
  const unit: CanonicalUnit = overrides.unit ?? 'kg';
  const id = overrides.id ?? 'R1';
  return {
    id,
    caseId: overrides.caseId ?? id,
    day: d.day,
    date: d.iso,
    precision: 'day',
    reportingCountry: 'VN',
    commodity: 'drugs',
    subtype: '',
    group: '',
    agency: '',
    quantity: 1,
    unit,
    conversion: { from: unit, unit, factor: 1 },
    quantityColumn: '',
    route: 'air',
    origin: '',
    destination: '',
    direction: '',
    phase: '',
    location: '',
    detectionMethod: '',
    concealment: '',
    count: 1,
    totals: false,
    fileIndex: 0,
    line: 2,
    quantityText: String(overrides.quantity ?? 1),
    extras: [],
    ...overrides,
  };
}

/** The 64-bit hash the pipeline uses for (reporting country, id or case id). */
export function keyHash(country: string, key: string): [number, number] {
  hash64(key, countrySeed(country));
  return [hashOut.h1, hashOut.h2];
}
