import { describe, expect, it } from 'vitest';
import { PartialBuilder } from '../../src/aggregate/partial.js';
import { goodsVocabulary } from '../../src/normalize/goods.js';
import { REPORT_TABLES, ReportCollector, type ReportTable } from '../../src/aggregate/report-collector.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { CANONICAL_UNITS } from '../../src/normalize/unit.js';
import { COMMODITIES } from '../../src/normalize/vocabulary.js';
import { keyHash, phase, rec, testCampaign } from '../helpers/records.js';

const campaign = testCampaign();

/** Feeds records the way the pipeline does: the case is (reporting country, case id). */
function feed(target: { add(r: SeizureRecord, phase: string, c1: number, c2: number): void }, records: readonly SeizureRecord[], phase = 'p1'): void {
  for (const r of records) {
    const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
    target.add(r, phase, h1, h2);
  }
}

const table = (c: ReportCollector, t: ReportTable, withUnits: boolean) => c.rows(t, withUnits).map((r) => [...r.dims, r.unit, r.cases, r.seizures, r.quantity].join(' '));

describe('ReportCollector', () => {
  it('every report table per phase, counts across units and quantities per unit', () => {
    const c = new ReportCollector(campaign);
    feed(c, [rec({ id: '1', caseId: 'X', quantity: 2 }), rec({ id: '2', caseId: 'X', quantity: 3, unit: 'l' }), rec({ id: '3', quantity: 1, reportingCountry: 'KR' })]);
    feed(c, [rec({ id: '4', date: '2024-08-02', quantity: 5 })], 'p2');
    for (const t of Object.keys(REPORT_TABLES) as ReportTable[]) expect(c.rows(t, false).length, t).toBeGreaterThan(0);
    expect(table(c, 'total', false)).toEqual(['p1  2 3 0', 'p2  1 1 0']);
    expect(table(c, 'commodity', true)).toEqual(['p1 drugs kg 2 2 3', 'p1 drugs l 1 1 3', 'p2 drugs kg 1 1 5']);
    expect(table(c, 'country', false)).toEqual(['p1 KR  1 1 0', 'p1 VN  1 2 0', 'p2 VN  1 1 0']);
  });

  it('keeps the largest seizures per phase, commodity and unit: ties by date, country, route …; no totals row', () => {
    const c = new ReportCollector(campaign, 3);
    feed(c, [
      rec({ id: '1', quantity: 5, date: '2024-07-20' }),
      rec({ id: '2', quantity: 9 }),
      rec({ id: '3', quantity: 5, date: '2024-07-03' }),
      rec({ id: '4', quantity: 1 }),
      rec({ id: '5', quantity: 5, date: '2024-07-03', reportingCountry: 'KR' }),
      rec({ id: '6', quantity: 500, totals: true, count: 9 }),
      rec({ id: '7', quantity: 2, unit: 'l' }),
    ]);
    const largest = c.largestOf('p1');
    expect([...largest.keys()]).toEqual(['drugs\u001fkg', 'drugs\u001fl']);
    expect(largest.get('drugs\u001fkg')!.map((l) => `${l.quantity} ${l.date} ${l.country}`)).toEqual(['9 2024-07-10 VN', '5 2024-07-03 KR', '5 2024-07-03 VN']);
    expect(c.largestOf('p2').size).toBe(0);
  });

  it('a partial of some records added to the collector of the others: the same tables and largest as all the records', () => {
    const a = [rec({ id: '1', caseId: 'X', quantity: 2, subtype: 'heroin' }), rec({ id: '2', quantity: 7, route: 'sea' })];
    // case X has items on both sides, but the partial's cases are its own: distinct from the records'
    const b = [rec({ id: '3', caseId: 'Y', quantity: 4, reportingCountry: 'KR' }), rec({ id: '4', caseId: 'Y', quantity: 1, unit: 'l', reportingCountry: 'KR' }), rec({ id: '5', quantity: 30, count: 3, totals: true, reportingCountry: 'KR' })];
    const whole = new ReportCollector(campaign, 2);
    feed(whole, [...a, ...b]);
    const partial = new PartialBuilder(2);
    feed(partial, b);
    const doc = partial.toDocument({ campaign: 'test', vocabulary: goodsVocabulary().version, version: '0', buckets: { read: 3, accepted: 3, rejected: 0, duplicates: 0, out_of_scope: 0 }, outOfScope: { outside_phases: 0, commodity: 0, other_phase: 0 }, rejectedByReason: new Map(), conversions: [], sources: [] });
    const merged = new ReportCollector(campaign, 2);
    feed(merged, a);
    merged.addPartial(JSON.parse(JSON.stringify(doc)), 1);
    for (const t of Object.keys(REPORT_TABLES) as ReportTable[]) {
      expect(table(merged, t, false)).toEqual(table(whole, t, false));
      expect(table(merged, t, true)).toEqual(table(whole, t, true));
    }
    expect(table(merged, 'total', false)).toEqual(['p1  6 7 0']); // X, record 2, Y, and 3 from the totals row
    expect([...merged.largestOf('p1')]).toEqual([...whole.largestOf('p1')]);
    expect(merged.largestOf('p1').get('drugs\u001fkg')!.map((l) => l.quantity)).toEqual([7, 4]);
  });

  it('accepted records per phase: a totals row is one record; records and a partial of other records add up', () => {
    const c = new ReportCollector(campaign);
    feed(c, [rec({ id: '1', caseId: 'X' }), rec({ id: '2', caseId: 'X', unit: 'l' }), rec({ id: '3', quantity: 50, totals: true, count: 9 }), rec({ id: '4', route: 'sea', reportingCountry: 'KR' })]);
    feed(c, [rec({ id: '5', date: '2024-08-02' })], 'p2');
    expect([c.recordsOf('p1'), c.recordsOf('p2'), c.recordsOf('p3')]).toEqual([4, 1, 0]);
    const partial = new PartialBuilder();
    feed(partial, [rec({ id: '6', reportingCountry: 'KR', subtype: 'heroin' }), rec({ id: '7', reportingCountry: 'KR', quantity: 5, totals: true, count: 2 })], 'p2');
    const doc = partial.toDocument({ campaign: 'test', vocabulary: goodsVocabulary().version, version: '0', buckets: { read: 2, accepted: 2, rejected: 0, duplicates: 0, out_of_scope: 0 }, outOfScope: { outside_phases: 0, commodity: 0, other_phase: 0 }, rejectedByReason: new Map(), conversions: [], sources: [] });
    c.addPartial(JSON.parse(JSON.stringify(doc)), 1);
    expect([c.recordsOf('p1'), c.recordsOf('p2')]).toEqual([4, 3]);
    expect(table(c, 'total', false)).toEqual(['p1  11 12 0', 'p2  4 4 0']);
  });

  it('largest seizures: a record equal to the smallest kept still enters by its other fields; lists a partial filled keep their floor', () => {
    const c = new ReportCollector(campaign, 2);
    feed(c, [rec({ id: '1', quantity: 5, date: '2024-07-20' }), rec({ id: '2', quantity: 9 }), rec({ id: '3', quantity: 4 }), rec({ id: '4', quantity: 5, date: '2024-07-02' })]);
    expect(c.largestOf('p1').get('drugs\u001fkg')!.map((l) => `${l.quantity} ${l.date}`)).toEqual(['9 2024-07-10', '5 2024-07-02']);
    const partial = new PartialBuilder(2);
    feed(partial, [rec({ id: '5', quantity: 20, reportingCountry: 'KR' }), rec({ id: '6', quantity: 30, reportingCountry: 'KR', route: 'sea' })], 'p2');
    const doc = partial.toDocument({ campaign: 'test', vocabulary: goodsVocabulary().version, version: '0', buckets: { read: 2, accepted: 2, rejected: 0, duplicates: 0, out_of_scope: 0 }, outOfScope: { outside_phases: 0, commodity: 0, other_phase: 0 }, rejectedByReason: new Map(), conversions: [], sources: [] });
    const d = new ReportCollector(campaign, 2);
    d.addPartial(JSON.parse(JSON.stringify(doc)), 1);
    feed(d, [rec({ id: '7', quantity: 25, date: '2024-08-03' }), rec({ id: '8', quantity: 19, date: '2024-08-03' })], 'p2');
    expect(d.largestOf('p2').get('drugs\u001fkg')!.map((l) => l.quantity)).toEqual([30, 25]);
  });
  it('largest seizures: a list not yet full takes a record smaller than all it holds', () => {
    const c = new ReportCollector(campaign, 3);
    feed(c, [rec({ id: '1', quantity: 9 }), rec({ id: '2', quantity: 5 }), rec({ id: '3', quantity: 1 }), rec({ id: '4', quantity: 0.5 }), rec({ id: '5', quantity: 7 })]);
    expect(c.largestOf('p1').get('drugs\u001fkg')!.map((l) => l.quantity)).toEqual([9, 7, 5]);
    const d = new ReportCollector(campaign, 3);
    feed(d, [rec({ id: '1', quantity: 9 }), rec({ id: '2', quantity: 5 }), rec({ id: '3', quantity: 1 })]);
    expect(d.largestOf('p1').get('drugs\u001fkg')!.map((l) => l.quantity)).toEqual([9, 5, 1]);
  });

  it('tables asked for while records still come in are derived again with the later records (phase tables and campaign to date)', () => {
    const c = new ReportCollector(campaign);
    feed(c, [rec({ id: '1', quantity: 2 })]);
    expect(table(c, 'total', false)).toEqual(['p1  1 1 0']);
    expect(c.toDate('p1').commodityUnits.map((r) => `${r.dims.join(' ')} ${r.unit} ${r.quantity}`)).toEqual(['drugs kg 2']);
    feed(c, [rec({ id: '2', quantity: 3 })]);
    expect(table(c, 'total', false)).toEqual(['p1  2 2 0']);
    expect(c.toDate('p1').commodityUnits.map((r) => `${r.dims.join(' ')} ${r.unit} ${r.quantity}`)).toEqual(['drugs kg 5']);
  });

  it('more fine rows and largest-seizure lists than its first tables hold: 1,500 agencies, 3 phases × 4 commodities × 7 units', () => {
    const three = testCampaign({ phases: [phase('p1', '2024-07-01', '2024-07-31', 'July'), phase('p2', '2024-08-01', '2024-08-31', 'August'), phase('p3', '2024-09-01', '2024-09-30', 'September')] });
    const c = new ReportCollector(three, 2);
    const agencies = Array.from({ length: 1500 }, (_, i) => rec({ id: `a${i}`, agency: `Agency ${i}`, quantity: i + 1 }));
    feed(c, agencies);
    const lists = ['p1', 'p2', 'p3'].flatMap((p, pi) => COMMODITIES.flatMap((commodity, ci) => CANONICAL_UNITS.map((unit, ui) => ({ p, r: rec({ id: `l${pi}-${ci}-${ui}`, commodity, unit, date: `2024-0${7 + pi}-15`, quantity: 10_000 + ui }) }))));
    for (const { p, r } of lists) feed(c, [r], p);
    expect([c.recordsOf('p1'), c.recordsOf('p2'), c.recordsOf('p3')]).toEqual([1500 + 28, 28, 28]);
    expect(c.rows('agency', false).filter((r) => r.dims[0] === 'p1')).toHaveLength(1501); // 1,500 agencies and the lists' records (no agency)
    expect(c.largestOf('p1').get('drugs\u001fkg')!.map((l) => l.quantity)).toEqual([10_000, 1500]);
    for (const p of ['p1', 'p2', 'p3']) {
      const largest = c.largestOf(p);
      expect(largest.size, p).toBe(28);
      for (const [ci, commodity] of COMMODITIES.entries()) {
        for (const [ui, unit] of CANONICAL_UNITS.entries()) expect(largest.get(`${commodity}\u001f${unit}`)!.map((l) => l.quantity)[0], `${p} ${commodity} ${unit} ${ci}`).toBe(10_000 + ui);
      }
    }
  });
});
