import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import type { Dimension } from '../../src/aggregate/dimensions.js';
import { PartialBuilder, partialCaseKeys, partialSchema, partialValue, type PartialDocument } from '../../src/aggregate/partial.js';
import { goodsVocabulary } from '../../src/normalize/goods.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, rec } from '../helpers/records.js';

const RECORDS: [SeizureRecord, string][] = [
  [rec({ id: 'r1', caseId: 'C1', subtype: 'heroin', quantity: 2, origin: 'CN' }), 'p1'],
  [rec({ id: 'r2', caseId: 'C1', subtype: 'heroin', quantity: 1, origin: 'CN' }), 'p1'], // same row as r1, same case
  [rec({ id: 'r3', caseId: 'C1', subtype: 'cocaine', quantity: 0.5, origin: 'CN' }), 'p1'], // same case, another row
  [rec({ id: 'r4', caseId: 'C2', subtype: 'heroin', quantity: 1, origin: 'CN' }), 'p1'], // r1's row, another case
  [rec({ id: 'r5', reportingCountry: 'KR', subtype: 'heroin', quantity: 10, count: 4, totals: true }), 'p1'], // totals: no case ids
  [rec({ id: 'r6', caseId: 'C3', date: '2024-08-02', commodity: 'tobacco', quantity: 200, unit: 'sticks', route: 'land' }), 'p2'],
];

function build(records = RECORDS, topN = 2): PartialDocument {
  const b = new PartialBuilder(topN);
  for (const [r, phase] of records) {
    const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
    b.add(r, phase, h1, h2);
  }
  return b.toDocument({
    campaign: 'test',
    vocabulary: goodsVocabulary().version, version: '9.9.9',
    buckets: { read: 8, accepted: 6, rejected: 1, duplicates: 1, out_of_scope: 0 },
    outOfScope: { outside_phases: 0, commodity: 0, other_phase: 0 },
    rejectedByReason: new Map([['UNKNOWN_UNIT', 1], ['FIELD_COUNT', 2]]),
    conversions: [{ from: 'g', factor: 0.001, unit: 'kg', count: 1 }, { from: 'cây', factor: 200, unit: 'sticks', count: 2 }],
    sources: [{ file: 'data/vn.csv', sha256: 'ab', read: 8, accepted: 6, rejected: 1, duplicates: 1, out_of_scope: 0 }],
  });
}

describe('PartialBuilder', () => {
  // Built in each test, not while the file loads: so each test covers the code it checks (mutation testing).
  const buildDoc = () => build();

  it('the document: its kind, tool, grain, countries, phases and what the run counted', () => {
    const doc = buildDoc();
    expect(doc).toMatchObject({
      schemaVersion: 2,
      kind: 'campaign-report/partial',
      tool: { name: 'campaign-report', version: '9.9.9' },
      campaign: 'test',
      vocabulary: 'drugs.1+precursors.1+cites.1+tobacco.1',
      grain: ['phase', 'commodity', 'group', 'subtype', 'route', 'direction', 'country', 'agency', 'origin', 'destination', 'month', 'week', 'unit'],
      reportingCountries: ['KR', 'VN'],
      phases: ['p1', 'p2'],
      buckets: { read: 8, accepted: 6, rejected: 1, duplicates: 1, out_of_scope: 0 },
      rejectedByReason: { FIELD_COUNT: 2, UNKNOWN_UNIT: 1 },
      conversions: { 'cây × 200 → sticks': 2, 'g × 0.001 → kg': 1 },
    });
    expect(Object.keys(doc.rejectedByReason)).toEqual(['FIELD_COUNT', 'UNKNOWN_UNIT']);
  });

  it('one row per grain and unit, sorted by the grain; cases as local numbers shared across rows, none for totals', () => {
    const doc = buildDoc();
    const short = doc.rows.map((r) => [r.phase, r.subtype || r.commodity, r.country, r.unit, r.seizures, r.records, r.quantity, r.totalsCases, r.cases]);
    expect(short).toEqual([
      ['p1', 'cocaine', 'VN', 'kg', 1, 1, 0.5, 0, [0]],
      ['p1', 'heroin', 'KR', 'kg', 4, 1, 10, 4, []],
      ['p1', 'heroin', 'VN', 'kg', 3, 3, 4, 0, [0, 1]],
      ['p2', 'tobacco', 'VN', 'sticks', 1, 1, 200, 0, [2]],
    ]);
    expect(doc.caseCount).toBe(3);
    expect(doc.rows[2]).toMatchObject({ commodity: 'drugs', route: 'air', direction: '', origin: 'CN', destination: '', month: '2024-07', week: '2024-W28' });
  });

  it('the largest seizures per phase, commodity and unit, without totals rows, cut at topN', () => {
    const doc = buildDoc();
    expect(doc.largest.map((l) => [l.phase, l.commodity, l.unit, l.items.map((i) => i.quantity)])).toEqual([
      ['p1', 'drugs', 'kg', [2, 1]],
      ['p2', 'tobacco', 'sticks', [200]],
    ]);
  });

  it('reveals no id or case id', () => {
    const doc = buildDoc();
    expect(JSON.stringify(doc)).not.toMatch(/"r\d"|"C\d"/);
  });

  it('passes its own schema, as read back from JSON; a wrong unit does not', () => {
    const doc = buildDoc();
    const back = JSON.parse(JSON.stringify(doc));
    expect(partialSchema.parse(back)).toEqual(back);
    back.rows[0].unit = 'tonnes';
    expect(partialSchema.safeParse(back).success).toBe(false);
  });
});

describe('partialCaseKeys and re-grouping', () => {
  it("pairs of (the partial source's hash, the local case number)", () => {
    const k = partialCaseKeys(3, [0, 5]);
    expect(k.length).toBe(4);
    expect(k[0]).toBe(k[2]);
    expect([k[1], k[3]]).toEqual([0, 5]);
    expect(partialCaseKeys(4, [0])[0]).not.toBe(k[0]);
  });

  it('rows of a partial grouped coarser count a case once, like the records', () => {
    const doc = build();
    for (const dims of [['commodity'], ['phase'], ['country', 'origin'], ['year', 'quarter', 'group', 'agency'], []] as Dimension[][]) {
      const direct = new Aggregator(dims, ['p1', 'p2']);
      for (const [r, phase] of RECORDS) {
        const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
        direct.add(r, phase, h1, h2);
      }
      const merged = new Aggregator(dims, ['p1', 'p2']);
      for (const row of doc.rows) merged.addFine((d) => partialValue(row, d), row.unit, row.seizures, row.quantity, row.totalsCases, partialCaseKeys(0, row.cases));
      expect(merged.rows()).toEqual(direct.rows());
    }
    const total = new Aggregator([], []);
    for (const row of doc.rows) total.addFine((d) => partialValue(row, d), row.unit, row.seizures, row.quantity, row.totalsCases, partialCaseKeys(0, row.cases));
    // C1 (three items in two rows), C2, C3 and 4 from the totals row
    expect(total.rows().map((r) => [r.unit, r.cases, r.seizures, r.quantity])).toEqual([
      ['kg', 6, 8, 14.5],
      ['sticks', 1, 1, 200],
    ]);
  });
});
