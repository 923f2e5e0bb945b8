/**
 * The phase-end report model from hand-made records: every figure worked out
 * below, in the comments beside the records.
 */
import { describe, expect, it } from 'vitest';
import { ReportCollector } from '../../src/aggregate/report-collector.js';
import { buildReportModel, type ModelInputs } from '../../src/aggregate/report-model.js';
import type { Buckets } from '../../src/core/diagnostic.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, phase, rec, testCampaign } from '../helpers/records.js';

const campaign = testCampaign({
  participants: ['VN', 'KR', 'TH'],
  phases: [phase('p1', '2024-07-01', '2024-07-31', 'July'), phase('p2', '2024-08-01', '2024-08-31', 'August')],
});

// phase p1: 2 cases, 2 seizures
const P1: SeizureRecord[] = [
  rec({ id: 'C1', date: '2024-07-02', subtype: 'heroin', quantity: 2, unit: 'kg' }),
  rec({ id: 'C2', date: '2024-07-09', commodity: 'tobacco', subtype: 'cigarettes', quantity: 400, unit: 'sticks', route: 'land' }),
];
// phase p2: 4 cases with ids + a totals row of 5 = 9 cases; 5 + 5 = 10 seizures
const P2: SeizureRecord[] = [
  rec({ id: 'A1', caseId: 'V1', date: '2024-08-05', subtype: 'heroin', quantity: 3, origin: 'CN', destination: 'VN', concealment: 'luggage' }),
  rec({ id: 'A2', caseId: 'V1', date: '2024-08-05', subtype: 'cocaine', quantity: 1.5, origin: 'CN', destination: 'VN' }), // same case as A1
  rec({ id: 'A3', caseId: 'V2', date: '2024-08-06', subtype: 'heroin', quantity: 0.5, unit: 'l', route: 'sea', direction: 'import' }),
  rec({ id: 'A4', caseId: 'K1', date: '2024-08-13', reportingCountry: 'KR', subtype: 'methamphetamine', quantity: 4, route: 'express', origin: 'MM', destination: 'KR', concealment: 'parcel' }),
  rec({ id: 'A5', caseId: 'K2', date: '2024-08-14', reportingCountry: 'KR', commodity: 'cites', subtype: 'ivory', quantity: 7, unit: 'pieces', route: 'post' }),
  rec({ id: 'A6', date: '2024-08-20', reportingCountry: 'KR', commodity: 'tobacco', subtype: 'cigarettes', quantity: 1000, unit: 'sticks', route: 'land', count: 5, totals: true }),
];

function collect(records: readonly [SeizureRecord, string][]): ReportCollector {
  const c = new ReportCollector(campaign);
  for (const [r, ph] of records) {
    const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
    c.add(r, ph, h1, h2);
  }
  return c;
}

const collector = collect([...P1.map((r) => [r, 'p1'] as [SeizureRecord, string]), ...P2.map((r) => [r, 'p2'] as [SeizureRecord, string])]);
const buckets: Buckets = { read: 12, accepted: 8, rejected: 3, duplicates: 1, out_of_scope: 0 };
const inputs = (ph: 'p1' | 'p2', extra: Partial<ModelInputs> = {}): ModelInputs => ({
  campaign,
  phase: campaign.phases.find((p) => p.id === ph)!,
  collector,
  buckets,
  sources: [{ file: 'data/vn.csv', sha256: 'abc', read: 12, accepted: 8, rejected: 3, duplicates: 1, out_of_scope: 0 }],
  rejectedByReason: new Map([['UNKNOWN_UNIT', 2], ['INVALID_DATE', 2], ['FIELD_COUNT', 5]]),
  conversions: [{ from: 'g', factor: 0.001, unit: 'kg', count: 2 }, { from: 'cây', factor: 200, unit: 'sticks', count: 3 }],
  generatedAt: '2024-09-01T00:00:00.000Z',
  ...extra,
});

describe('buildReportModel: the phase and its headline against the previous phase', () => {
  // Built in each test, not while the file loads: so each test covers the code it checks (mutation testing).
  const build = () => buildReportModel(inputs('p2'));

  it('campaign, phase and previous phase', () => {
    const m = build();
    expect(m.schemaVersion).toBe(2);
    expect(m.generatedAt).toBe('2024-09-01T00:00:00.000Z');
    expect(m.campaign).toEqual({ id: 'test', name: 'Test campaign', coordinator: null, classification: null, participants: ['VN', 'KR', 'TH'], participantCount: 3 });
    expect(m.phase).toEqual({ id: 'p2', name: 'August', named: true, start: '2024-08-01', end: '2024-08-31', number: 2, of: 2, subtitle: 'August' });
    expect(m.previousPhase).toEqual({ id: 'p1', name: 'July', named: true, number: 1 });
    expect(m.units).toEqual(['kg', 'l', 'pieces', 'sticks']);
  });

  it('totals: 9 cases (4 with ids, 5 from the totals row) and 10 seizures, against 2 and 2', () => {
    const m = build();
    expect(m.headline.cases).toBe(9);
    expect(m.headline.seizures).toBe(10);
    expect(m.headline.casesChange).toEqual({ previous: 2, percent: 350 });
    expect(m.headline.seizuresChange).toEqual({ previous: 2, percent: 400 });
  });

  it('by commodity: a case counts once however many items; quantities per unit, each against the previous phase', () => {
    const m = build();
    expect(m.headline.byCommodity).toEqual([
      {
        commodity: 'cites',
        cases: 1,
        seizures: 1,
        casesChange: { previous: 0, percent: null },
        seizuresChange: { previous: 0, percent: null },
        quantities: [{ unit: 'pieces', quantity: 7, change: { previous: 0, percent: null } }],
      },
      {
        commodity: 'drugs',
        cases: 3, // V1 (two items), V2, K1
        seizures: 4,
        casesChange: { previous: 1, percent: 200 },
        seizuresChange: { previous: 1, percent: 300 },
        quantities: [
          { unit: 'kg', quantity: 8.5, change: { previous: 2, percent: 325 } },
          { unit: 'l', quantity: 0.5, change: { previous: 0, percent: null } },
        ],
      },
      {
        commodity: 'tobacco',
        cases: 5,
        seizures: 5,
        casesChange: { previous: 1, percent: 400 },
        seizuresChange: { previous: 1, percent: 400 },
        quantities: [{ unit: 'sticks', quantity: 1000, change: { previous: 400, percent: 150 } }],
      },
    ]);
  });

  it('the first phase has nothing to compare with: every change is n/a', () => {
    const first = buildReportModel(inputs('p1'));
    expect(first.previousPhase).toBeNull();
    expect(first.phase.number).toBe(1);
    expect(first.units).toEqual(['kg', 'sticks']);
    expect(first.headline).toMatchObject({ cases: 2, seizures: 2, casesChange: { previous: null, percent: null }, seizuresChange: { previous: null, percent: null } });
    expect(first.headline.byCommodity.map((r) => [r.commodity, r.casesChange.percent, r.quantities.map((q) => q.change.previous)])).toEqual([
      ['drugs', null, [null]],
      ['tobacco', null, [null]],
    ]);
  });
});

describe('buildReportModel: tables', () => {
  // Built in each test, not while the file loads: so each test covers the code it checks (mutation testing).
  const build = () => buildReportModel(inputs('p2', { flowsTop: 10 }));
  const q = (kg: number, l: number, pieces: number, sticks: number) => [
    { unit: 'kg', quantity: kg },
    { unit: 'l', quantity: l },
    { unit: 'pieces', quantity: pieces },
    { unit: 'sticks', quantity: sticks },
  ];

  it('by country: cases and seizures of every commodity, no quantity (goods are never added together)', () => {
    const m = build();
    expect(m.byCountry).toStrictEqual([
      { keys: { country: 'KR' }, cases: 7, seizures: 7 },
      { keys: { country: 'VN' }, cases: 2, seizures: 3 },
    ]);
  });

  it('by subtype: one row per good, every unit of the phase as a column, 0 where none', () => {
    const m = build();
    expect(m.bySubtype.find((r) => r.keys.subtype === 'heroin')).toEqual({ keys: { commodity: 'drugs', subtype: 'heroin' }, cases: 2, seizures: 2, quantities: q(3, 0.5, 0, 0) });
  });

  it('by subtype, by route and direction, by route alone', () => {
    const m = build();
    expect(m.bySubtype.map((r) => [r.keys.commodity, r.keys.subtype, r.cases, r.seizures])).toEqual([
      ['cites', 'ivory', 1, 1],
      ['drugs', 'cocaine', 1, 1],
      ['drugs', 'heroin', 2, 2],
      ['drugs', 'methamphetamine', 1, 1],
      ['tobacco', 'cigarettes', 5, 5],
    ]);
    expect(m.byRoute.map((r) => [r.keys.route, r.keys.direction, r.cases])).toEqual([
      ['air', '', 1],
      ['express', '', 1],
      ['land', '', 5],
      ['post', '', 1],
      ['sea', 'import', 1],
    ]);
    expect(m.byRouteOnly.map((r) => [r.keys.route, r.cases, r.seizures])).toEqual([
      ['air', 1, 2],
      ['express', 1, 1],
      ['land', 5, 5],
      ['post', 1, 1],
      ['sea', 1, 1],
    ]);
  });

  it('flows: only those with an end known, most cases then seizures first, cut at flowsTop', () => {
    const m = build();
    expect(m.flows.map((r) => [r.keys.origin, r.keys.destination, r.cases, r.seizures])).toEqual([
      ['CN', 'VN', 1, 2],
      ['MM', 'KR', 1, 1],
    ]);
    expect(buildReportModel(inputs('p2', { flowsTop: 1 })).flows.map((r) => r.keys.origin)).toEqual(['CN']);
  });

  it('largest seizures per commodity and unit, without totals rows, largest first', () => {
    const m = build();
    expect(m.largest.map((l) => [l.commodity, l.unit, l.items.map((i) => [i.quantity, i.country, i.date])])).toEqual([
      ['cites', 'pieces', [[7, 'KR', '2024-08-14']]],
      ['drugs', 'kg', [[4, 'KR', '2024-08-13'], [3, 'VN', '2024-08-05'], [1.5, 'VN', '2024-08-05']]],
      ['drugs', 'l', [[0.5, 'VN', '2024-08-06']]],
    ]);
    expect(m.largest.map((l) => l.concealment)).toEqual([false, true, false]);
    expect(m.largest[1]!.items[0]).toEqual({ date: '2024-08-13', country: 'KR', route: 'express', subtype: 'methamphetamine', quantity: 4, unit: 'kg', concealment: 'parcel' });
  });

  it('trend: ISO weeks of the phase, and every phase of the campaign', () => {
    const m = build();
    expect(m.trend.weekly).toEqual([
      { week: '2024-W32', cases: 2, seizures: 3 },
      { week: '2024-W33', cases: 2, seizures: 2 },
      { week: '2024-W34', cases: 5, seizures: 5 },
    ]);
    expect(m.trend.phases).toEqual([
      { id: 'p1', name: 'July', named: true, number: 1, cases: 2, seizures: 2 },
      { id: 'p2', name: 'August', named: true, number: 2, cases: 9, seizures: 10 },
    ]);
  });
});

describe('buildReportModel: annex', () => {
  // Built in each test, not while the file loads: so each test covers the code it checks (mutation testing).
  const build = () => buildReportModel(inputs('p2'));

  it('buckets and sources as given; rejected records by reason, most first then by code; silent participants', () => {
    const m = build();
    expect(m.annex!.buckets).toEqual(buckets);
    expect(m.annex!.sources).toEqual([{ file: 'data/vn.csv', sha256: 'abc', read: 12, accepted: 8, rejected: 3, duplicates: 1, out_of_scope: 0 }]);
    expect(m.annex!.rejectedByReason).toEqual([
      { code: 'FIELD_COUNT', count: 5 },
      { code: 'INVALID_DATE', count: 2 },
      { code: 'UNKNOWN_UNIT', count: 2 },
    ]);
    expect(m.annex!.silentParticipants).toEqual(['TH']);
    expect(buildReportModel(inputs('p1')).annex!.silentParticipants).toEqual(['KR', 'TH']);
  });

  it('conversions: from, factor and unit of each, by label', () => {
    const m = build();
    expect(m.annex!.conversions).toEqual([
      { label: 'cây × 200 → sticks', from: 'cây', factor: 200, unit: 'sticks', count: 3 },
      { label: 'g × 0.001 → kg', from: 'g', factor: 0.001, unit: 'kg', count: 2 },
    ]);
  });

  it('the model is a copy: changing it changes neither the inputs nor the next model', () => {
    const m = build();
    m.annex!.buckets.read = 0;
    m.annex!.sources[0]!.read = 0;
    m.campaign.participants.push('XX');
    expect(buckets.read).toBe(12);
    expect(campaign.participants).toEqual(['VN', 'KR', 'TH']);
    expect(buildReportModel(inputs('p2')).annex!.sources[0]!.read).toBe(12);
  });
});

describe('buildReportModel: rules checked on small collections', () => {
  const three = testCampaign({
    participants: ['VN', 'KR'],
    phases: [phase('p1', '2024-07-01', '2024-07-31', 'July'), phase('p2', '2024-08-01', '2024-08-31', 'August'), phase('p3', '2024-09-01', '2024-09-30', 'September')],
    agencies: [
      { id: 'kcs-icn', name: 'Incheon Main Customs', country: 'KR', aliases: [] },
      { id: 'vn-hcm', name: 'Hải quan TP. Hồ Chí Minh', country: 'VN', aliases: [] },
    ],
  });
  const model = (records: readonly SeizureRecord[], ph: string, extra: Partial<ModelInputs> = {}) => {
    const c = new ReportCollector(three);
    // each record in the phase of its date
    for (const r of records) c.add(r, three.phases.find((p) => r.day >= p.start.day && r.day <= p.end.day)!.id, ...keyHash(r.reportingCountry, r.caseId));
    return buildReportModel({ ...inputs('p2'), campaign: three, phase: three.phases.find((p) => p.id === ph)!, collector: c, conversions: [], ...extra });
  };

  it('flows: at least one end known; most cases, then most seizures, then by origin and destination', () => {
    const m = model(
      [
        rec({ id: '1', origin: 'LA', destination: '', date: '2024-08-02' }),
        rec({ id: '2', origin: '', destination: 'VN', date: '2024-08-02', count: 3, totals: true }),
        rec({ id: '3', origin: '', destination: '', date: '2024-08-02' }),
        rec({ id: '4', origin: 'CN', destination: 'VN', date: '2024-08-02' }),
        rec({ id: '5', origin: 'CN', destination: 'KR', date: '2024-08-02' }),
        rec({ id: '6', origin: 'CN', destination: 'KR', caseId: '5', date: '2024-08-03' }),
      ],
      'p2',
    );
    expect(m.flows.map((f) => `${f.keys.origin}>${f.keys.destination} ${f.cases}/${f.seizures}`)).toEqual(['>VN 3/3', 'CN>KR 1/2', 'CN>VN 1/1', 'LA> 1/1']);
    expect(model([rec({ id: '1', origin: 'LA', date: '2024-08-02' }), rec({ id: '2', origin: 'CN', date: '2024-08-02' })], 'p2', { flowsTop: 1 }).flows.map((f) => f.keys.origin)).toEqual(['CN']);
  });

  it('a phase with no record: zero totals and no rows; its number, the previous phase, every phase in the trend', () => {
    const m = model([rec({ id: '1', date: '2024-07-02' })], 'p3');
    expect(m.phase).toEqual({ id: 'p3', name: 'September', named: true, start: '2024-09-01', end: '2024-09-30', number: 3, of: 3, subtitle: 'September' });
    expect(m.previousPhase).toEqual({ id: 'p2', name: 'August', named: true, number: 2 });
    expect([m.headline.cases, m.headline.seizures, m.headline.byCommodity, m.units, m.bySubtype]).toEqual([0, 0, [], [], []]);
    expect(m.trend.phases.map((p) => [p.name, p.cases, p.seizures])).toEqual([
      ['July', 1, 1],
      ['August', 0, 0],
      ['September', 0, 0],
    ]);
    expect([m.byCountryCommodity, m.byAgencyCommodity, m.byRouteCommodity, m.directions]).toEqual([[], [], [], false]);
    expect(m.toDate).toMatchObject({ cases: 1, seizures: 1, start: '2024-07-01', end: '2024-09-30' });
    expect(model([], 'p1').previousPhase).toBeNull();
  });

  it('a group with no quantity in a unit of its commodity table shows 0 there', () => {
    const m = model([rec({ id: '1', date: '2024-08-02', reportingCountry: 'VN', unit: 'kg', quantity: 2 }), rec({ id: '2', date: '2024-08-02', reportingCountry: 'KR', unit: 'l', quantity: 3 })], 'p2');
    expect(m.byCountryCommodity).toEqual([
      {
        commodity: 'drugs',
        units: ['kg', 'l'],
        rows: [
          { keys: { country: 'KR' }, cases: 1, seizures: 1, quantities: [{ unit: 'kg', quantity: 0 }, { unit: 'l', quantity: 3 }] },
          { keys: { country: 'VN' }, cases: 1, seizures: 1, quantities: [{ unit: 'kg', quantity: 2 }, { unit: 'l', quantity: 0 }] },
        ],
      },
    ]);
  });

  it('largest seizures: commodities in order, then units in canonical order', () => {
    const m = model(
      [
        rec({ id: '1', date: '2024-08-02', commodity: 'tobacco', unit: 'sticks', quantity: 200 }),
        rec({ id: '2', date: '2024-08-02', commodity: 'drugs', unit: 'pieces', quantity: 9 }),
        rec({ id: '3', date: '2024-08-02', commodity: 'drugs', unit: 'kg', quantity: 1.23456 }),
        rec({ id: '4', date: '2024-08-02', commodity: 'cites', unit: 'kg', quantity: 5 }),
        rec({ id: '5', date: '2024-08-02', commodity: 'drugs', unit: 'l', quantity: 2 }),
      ],
      'p2',
    );
    expect(m.largest.map((l) => `${l.commodity} ${l.unit} ${l.items.map((i) => i.quantity).join()}`)).toEqual(['cites kg 5', 'drugs kg 1.235', 'drugs l 2', 'drugs pieces 9', 'tobacco sticks 200']);
  });

  it('annex: agencies silent in this phase, unknown subtypes and agencies of the campaign, conversions by label', () => {
    const m = model([rec({ id: '1', date: '2024-08-02', reportingCountry: 'KR', agency: 'kcs-icn' }), rec({ id: '2', date: '2024-07-02', reportingCountry: 'VN', agency: 'vn-hcm' })], 'p2', {
      unknownWords: [
        { field: 'subtype', value: 'Erimin 5', file: 'data/vn.csv', records: 3 },
        { field: 'agency', value: 'Cục Hải qaun Hải Phòng', file: 'data/vn.csv', records: 2 },
        { field: 'subtype', value: 'nước vui', file: 'data/kr.csv', records: 1 },
      ],
      conversions: [
        { from: 'gói', factor: 20, unit: 'sticks', count: 1 },
        { from: 'cây', factor: 200, unit: 'sticks', count: 3 },
      ],
    });
    expect(m.annex!.silentAgencies).toEqual([{ id: 'vn-hcm', name: 'Hải quan TP. Hồ Chí Minh', country: 'VN' }]);
    expect(m.annex!.silentParticipants).toEqual(['VN']);
    expect(m.annex!.unknownSubtypes).toStrictEqual([
      { value: 'Erimin 5', file: 'data/vn.csv', records: 3 },
      { value: 'nước vui', file: 'data/kr.csv', records: 1 },
    ]);
    expect(m.annex!.unknownAgencies).toStrictEqual([{ value: 'Cục Hải qaun Hải Phòng', file: 'data/vn.csv', records: 2 }]);
    expect(m.annex!.conversions.map((c) => c.label)).toEqual(['cây × 200 → sticks', 'gói × 20 → sticks']);
    expect(model([], 'p2').annex!.unknownSubtypes).toEqual([]);
  });
});
