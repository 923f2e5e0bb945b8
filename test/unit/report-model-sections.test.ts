/**
 * The report model's breakdowns by commodity (country, agency, route), the
 * campaign to date, phase names, the report block and the annex modes, from
 * hand-made records: every figure worked out beside the records.
 */
import { describe, expect, it } from 'vitest';
import { PhaseTally } from '../../src/aggregate/phase-tally.js';
import { ReportCollector } from '../../src/aggregate/report-collector.js';
import { buildReportModel, phaseName, phaseSubtitle, type ModelInputs } from '../../src/aggregate/report-model.js';
import type { Campaign } from '../../src/config/campaign.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, phase, rec, testCampaign } from '../helpers/records.js';

const campaignOf = (extra: Partial<Campaign> = {}) =>
  testCampaign({
    participants: ['VN', 'KR', 'TH'],
    phases: [phase('p1', '2024-07-01', '2024-07-31', 'July'), phase('p2', '2024-08-01', '2024-08-31', 'August'), phase('p3', '2024-09-01', '2024-09-30')],
    agencies: [
      { id: 'kcs-icn', name: 'Incheon Main Customs', country: 'KR', aliases: [] },
      { id: 'vn-hcm', name: 'Hải quan TP. Hồ Chí Minh', country: 'VN', aliases: [] },
    ],
    ...extra,
  });

/** Each record in the phase of its date. */
function model(records: readonly SeizureRecord[], ph: string, extra: Partial<ModelInputs> = {}, campaign = campaignOf()) {
  const c = new ReportCollector(campaign);
  for (const r of records) c.add(r, campaign.phases.find((p) => r.day >= p.start.day && r.day <= p.end.day)!.id, ...keyHash(r.reportingCountry, r.caseId));
  return buildReportModel({
    campaign,
    phase: campaign.phases.find((p) => p.id === ph)!,
    collector: c,
    buckets: { read: 10, accepted: 8, rejected: 1, duplicates: 1, out_of_scope: 0 },
    sources: [{ file: 'data/vn.csv', sha256: 'abc', read: 10, accepted: 8, rejected: 1, duplicates: 1, out_of_scope: 0, skipped: { title: 1, totals: 0, blank: 2 } }],
    rejectedByReason: new Map([['INVALID_DATE', 1]]),
    conversions: [],
    generatedAt: null,
    ...extra,
  });
}

// August: VN case V1 (heroin 3 kg + cocaine 1.5 kg, air, vn-hcm), VN V2 (heroin 0.5 l, sea, import),
// KR K1 (methamphetamine 4 kg, express, kcs-icn), KR K2 (ivory 7 pieces, post, agency as written),
// KR totals row of 5 seizures (cigarettes 1000 sticks, land, no agency).
const AUGUST: SeizureRecord[] = [
  rec({ id: 'A1', caseId: 'V1', date: '2024-08-05', subtype: 'heroin', quantity: 3, agency: 'vn-hcm', concealment: 'luggage' }),
  rec({ id: 'A2', caseId: 'V1', date: '2024-08-05', subtype: 'cocaine', quantity: 1.5, agency: 'vn-hcm' }),
  rec({ id: 'A3', caseId: 'V2', date: '2024-08-06', subtype: 'heroin', quantity: 0.5, unit: 'l', route: 'sea', direction: 'import' }),
  rec({ id: 'A4', caseId: 'K1', date: '2024-08-13', reportingCountry: 'KR', subtype: 'methamphetamine', quantity: 4, route: 'express', agency: 'kcs-icn' }),
  rec({ id: 'A5', caseId: 'K2', date: '2024-08-14', reportingCountry: 'KR', commodity: 'cites', subtype: 'ivory', quantity: 7, unit: 'pieces', route: 'post', agency: 'Busan office' }),
  rec({ id: 'A6', date: '2024-08-20', reportingCountry: 'KR', commodity: 'tobacco', subtype: 'cigarettes', quantity: 1000, unit: 'sticks', route: 'land', count: 5, totals: true }),
];
const qty = (...cells: [string, number][]) => cells.map(([unit, quantity]) => ({ unit, quantity }));

describe('breakdowns by commodity: each commodity its own table, in its own units', () => {
  it('by country × commodity', () => {
    expect(model(AUGUST, 'p2').byCountryCommodity).toEqual([
      { commodity: 'cites', units: ['pieces'], rows: [{ keys: { country: 'KR' }, cases: 1, seizures: 1, quantities: qty(['pieces', 7]) }] },
      {
        commodity: 'drugs',
        units: ['kg', 'l'],
        rows: [
          { keys: { country: 'KR' }, cases: 1, seizures: 1, quantities: qty(['kg', 4], ['l', 0]) },
          { keys: { country: 'VN' }, cases: 2, seizures: 3, quantities: qty(['kg', 4.5], ['l', 0.5]) },
        ],
      },
      { commodity: 'tobacco', units: ['sticks'], rows: [{ keys: { country: 'KR' }, cases: 5, seizures: 5, quantities: qty(['sticks', 1000]) }] },
    ]);
  });

  it('by agency × commodity: the name the campaign gives, else as written; no agency stays empty', () => {
    const t = model(AUGUST, 'p2').byAgencyCommodity;
    expect(t.map((x) => [x.commodity, x.units, x.rows.map((r) => [r.keys.country, r.keys.agency, r.keys.agencyName, r.cases, r.seizures, r.quantities.map((q) => q.quantity)])])).toEqual([
      ['cites', ['pieces'], [['KR', 'Busan office', 'Busan office', 1, 1, [7]]]],
      [
        'drugs',
        ['kg', 'l'],
        [
          ['KR', 'kcs-icn', 'Incheon Main Customs', 1, 1, [4, 0]],
          ['VN', '', '', 1, 1, [0, 0.5]],
          ['VN', 'vn-hcm', 'Hải quan TP. Hồ Chí Minh', 1, 2, [4.5, 0]],
        ],
      ],
      ['tobacco', ['sticks'], [['KR', '', '', 5, 5, [1000]]]],
    ]);
  });

  it('by route × commodity; route totals count a case once per route; directions known', () => {
    const m = model(AUGUST, 'p2');
    expect(m.byRouteCommodity.map((x) => [x.commodity, x.units, x.rows.map((r) => [r.keys.route, r.cases, r.seizures, ...r.quantities.map((q) => q.quantity)])])).toEqual([
      ['cites', ['pieces'], [['post', 1, 1, 7]]],
      ['drugs', ['kg', 'l'], [['air', 1, 2, 4.5, 0], ['express', 1, 1, 4, 0], ['sea', 1, 1, 0, 0.5]]],
      ['tobacco', ['sticks'], [['land', 5, 5, 1000]]],
    ]);
    expect(m.directions).toBe(true);
    expect(model(AUGUST.filter((r) => r.direction === ''), 'p2').directions).toBe(false);
  });

  it('a unit with no quantity in a commodity has no column (a quantity of 0 from a count row)', () => {
    const m = model([rec({ id: '1', date: '2024-08-02', quantity: 0, count: 2, totals: true }), rec({ id: '2', date: '2024-08-02', unit: 'l', quantity: 2 })], 'p2');
    expect(m.byCountryCommodity).toEqual([{ commodity: 'drugs', units: ['l'], rows: [{ keys: { country: 'VN' }, cases: 3, seizures: 3, quantities: qty(['l', 2]) }] }]);
    expect(m.units).toEqual(['l']);
    expect(m.bySubtype[0]!.quantities).toEqual(qty(['l', 2]));
  });

  it('largest seizures say whether any item names a concealment', () => {
    expect(model(AUGUST, 'p2').largest.map((l) => [l.commodity, l.unit, l.concealment])).toEqual([
      ['cites', 'pieces', false],
      ['drugs', 'kg', true],
      ['drugs', 'l', false],
    ]);
  });
});

describe('campaign to date', () => {
  // Case C spans July and August (2 + 3 kg); case D is July only; E is September.
  const RECORDS = [
    rec({ id: '1', caseId: 'C', date: '2024-07-10', quantity: 2 }),
    rec({ id: '2', caseId: 'D', date: '2024-07-11', commodity: 'tobacco', unit: 'sticks', quantity: 200 }),
    rec({ id: '3', caseId: 'C', date: '2024-08-10', quantity: 3 }),
    rec({ id: '4', caseId: 'E', date: '2024-09-10', quantity: 9 }),
  ];

  it('every phase up to this one as one period: a case in two phases counts once', () => {
    const m = model(RECORDS, 'p2');
    expect(m.toDate).toEqual({
      phases: [
        { id: 'p1', name: 'July', named: true, number: 1 },
        { id: 'p2', name: 'August', named: true, number: 2 },
      ],
      start: '2024-07-01',
      end: '2024-08-31',
      cases: 2,
      seizures: 3,
      byCommodity: [
        { commodity: 'drugs', keys: { commodity: 'drugs' }, cases: 1, seizures: 2, quantities: qty(['kg', 5]) },
        { commodity: 'tobacco', keys: { commodity: 'tobacco' }, cases: 1, seizures: 1, quantities: qty(['sticks', 200]) },
      ],
    });
    // the per-phase trend counts C in each phase
    expect(m.trend.phases.map((p) => p.cases)).toEqual([2, 1, 1]);
  });

  it('the first phase alone, and the last with every phase', () => {
    expect(model(RECORDS, 'p1').toDate).toMatchObject({ cases: 2, seizures: 2, end: '2024-07-31', byCommodity: [{ commodity: 'drugs', quantities: qty(['kg', 2]) }, { commodity: 'tobacco' }] });
    expect(model(RECORDS, 'p3').toDate).toMatchObject({ cases: 3, seizures: 4, byCommodity: [{ commodity: 'drugs', cases: 2, seizures: 3, quantities: qty(['kg', 14]) }, { commodity: 'tobacco' }] });
  });
});

describe('phase names', () => {
  it('the name in the report language, else the one name; a phase without a name is its id, not named', () => {
    const c = campaignOf({ phases: [{ ...phase('p1', '2024-07-01', '2024-07-31', 'July'), names: { en: 'July', vi: 'Tháng Bảy' } }, phase('p2', '2024-08-01', '2024-08-31')] });
    expect(phaseName(c.phases[0]!, 'vi')).toBe('Tháng Bảy');
    expect(phaseName(c.phases[0]!, 'ko')).toBe('July');
    const m = model([], 'p2', { lang: 'vi' }, c);
    expect(m.previousPhase).toEqual({ id: 'p1', name: 'Tháng Bảy', named: true, number: 1 });
    expect(m.phase).toMatchObject({ id: 'p2', name: 'p2', named: false, subtitle: null });
    expect(m.trend.phases.map((p) => [p.name, p.named])).toEqual([
      ['Tháng Bảy', true],
      ['p2', false],
    ]);
  });

  it('a name per language wins; else the one name, localized by the given function (render/phase-name.ts), and named when that says more than the id', () => {
    const c = campaignOf({
      phases: [{ ...phase('p1', '2024-07-01', '2024-07-31', 'Phase 1'), names: { en: 'Phase 1', vi: 'Đợt một' } }, phase('p2', '2024-08-01', '2024-08-31', 'Phase 2'), phase('p3', '2024-09-01', '2024-09-30')],
    });
    const localizeName = (name: string) => (name === 'Phase 2' ? 'Giai đoạn 2' : name === 'p3' ? 'ba' : name.toUpperCase());
    const m = model([], 'p2', { lang: 'vi', localizeName }, c);
    // vi given for p1: as written, never localized; p2 localized; its subtitle is then empty ("Giai đoạn 2/3" is said once)
    expect(m.previousPhase).toEqual({ id: 'p1', name: 'Đợt một', named: true, number: 1 });
    expect(m.phase).toMatchObject({ id: 'p2', name: 'Giai đoạn 2', named: true, subtitle: null });
    expect(m.trend.phases.map((p) => [p.name, p.named])).toEqual([
      ['Đợt một', true],
      ['Giai đoạn 2', true],
      ['ba', true],
    ]);
    expect(model([], 'p2', { lang: 'ko', localizeName }, c).previousPhase!.name).toBe('PHASE 1');
    expect(model([], 'p2', { lang: 'vi' }, c).phase.name).toBe('Phase 2');
  });

  it.each([
    ['p1', 'p1', 1, null],
    ['Phase 1', 'p1', 1, null],
    ['phase1', 'x', 1, null],
    ['PHASE 01: ', 'x', 1, null],
    ['Phase 1 — Targeting and profiling', 'p1', 1, 'Targeting and profiling'],
    ['Phase 1: Targeting', 'p1', 1, 'Targeting'],
    ['Giai đoạn 2 - Tăng cường kiểm soát', 'p2', 2, 'Tăng cường kiểm soát'],
    ['Đợt 2', 'p2', 2, null],
    ['2단계', 'p2', 2, null],
    ['단계 2: 집중 단속', 'p2', 2, '집중 단속'],
    ['P3 Follow-up', 'p3', 3, 'Follow-up'],
    ['Phase 2', 'p2', 1, 'Phase 2'],
    ['Phase 10', 'p10', 1, 'Phase 10'],
    ['Phase 1b', 'p1', 1, 'Phase 1b'],
    ['August', 'aug', 2, 'August'],
    ['Phased rollout', 'x', 1, 'Phased rollout'],
  ] as const)('subtitle of %j (id %s, number %i) is %j', (name, id, n, want) => {
    expect(phaseSubtitle(name, id, n)).toBe(want);
  });
});

describe('the report block', () => {
  it('from the campaign file: issue date, version, contact, agencies, acknowledgements in the report language', () => {
    const report = { issued: '2024-09-15', version: '1.1', contact: 'rilo@example.org', agencies: ['Korea Customs Service', 'Viet Nam Customs'], acknowledgements: { en: 'Thanks', vi: 'Cảm ơn' }, annex: 'summary' as const };
    const m = model([], 'p2', { lang: 'vi' }, campaignOf({ report }));
    expect(m.report).toEqual({ issued: '2024-09-15', issuedGiven: true, version: '1.1', contact: 'rilo@example.org', agencies: ['Korea Customs Service', 'Viet Nam Customs'], acknowledgements: 'Cảm ơn' });
    expect(model([], 'p2', { lang: 'ko' }, campaignOf({ report })).report.acknowledgements).toBe('Thanks');
    expect(model([], 'p2', { lang: 'ko' }, campaignOf({ report: { agencies: [], acknowledgements: { '': 'One for all' } } })).report.acknowledgements).toBe('One for all');
    expect(model([], 'p2', {}, campaignOf({ report: { agencies: [], acknowledgements: { vi: 'Chỉ tiếng Việt' } } })).report.acknowledgements).toBeNull();
    // the campaign file's annex mode, unless the command line says otherwise
    expect(m.annex?.mode).toBe('summary');
    expect(model([], 'p2', { annex: 'full' }, campaignOf({ report })).annex?.mode).toBe('full');
  });

  it('without one: issued on the last day of the phase, nothing else', () => {
    expect(model([], 'p1').report).toEqual({ issued: '2024-07-31', issuedGiven: false, version: null, contact: null, agencies: [], acknowledgements: null });
  });
});

describe('the annex: the phase first, then the campaign; full, summary or none', () => {
  const tally = () => {
    const t = new PhaseTally(campaignOf().phases);
    const day = (iso: string) => phase('x', iso, iso).start.day;
    t.rejected({ day: day('2024-08-03'), codes: ['INVALID_QUANTITY', 'UNKNOWN_UNIT', 'INVALID_QUANTITY'] });
    t.rejected({ day: day('2024-08-04'), codes: ['UNKNOWN_UNIT'] });
    t.rejected({ day: day('2024-07-04'), codes: ['UNKNOWN_UNIT'] });
    t.rejected({ day: undefined, codes: ['INVALID_DATE'] });
    t.setAside('duplicates', day('2024-08-09'));
    t.setAside('out_of_scope', day('2024-08-10'));
    t.setAside('out_of_scope', day('2024-10-10'));
    return t;
  };
  const words = [
    { field: 'subtype' as const, value: 'Erimin 5', file: 'data/vn.csv', records: 3 },
    { field: 'subtype' as const, value: 'Erimin 5', file: 'data/kr.csv', records: 2 },
    { field: 'agency' as const, value: 'Cục HQ', file: 'data/vn.csv', records: 1 },
  ];

  it("full: the phase's own records (accepted records, not seizures), then every source and file", () => {
    const a = model(AUGUST, 'p2', { tally: tally(), unknownWords: words }).annex!;
    // 6 accepted records (the totals row is one record of 5 seizures) + 2 rejected + 1 duplicate + 1 out of scope
    expect(a.phase).toEqual({ read: 10, accepted: 6, rejected: 2, duplicates: 1, out_of_scope: 1, rejectedByReason: [{ code: 'UNKNOWN_UNIT', count: 2 }, { code: 'INVALID_QUANTITY', count: 1 }] });
    expect(a.unplacedRejected).toBe(1);
    expect(a.mode).toBe('full');
    expect(a.buckets).toEqual({ read: 10, accepted: 8, rejected: 1, duplicates: 1, out_of_scope: 0 });
    expect(a.sources.map((s) => s.file)).toEqual(['data/vn.csv']);
    expect(a.unknownSubtypes).toEqual(words.slice(0, 2).map(({ value, file, records }) => ({ value, file, records })));
  });

  it('summary: no file path, hash or row detail; the same values from several files as one', () => {
    const a = model(AUGUST, 'p2', { tally: tally(), unknownWords: words, annex: 'summary' }).annex!;
    expect(a.mode).toBe('summary');
    expect(a.sources).toEqual([]);
    expect(a.unknownSubtypes).toEqual([{ value: 'Erimin 5', file: '', records: 5 }]);
    expect(a.unknownAgencies).toEqual([{ value: 'Cục HQ', file: '', records: 1 }]);
    expect(a.phase.read).toBe(10);
    expect(a.rejectedByReason).toEqual([{ code: 'INVALID_DATE', count: 1 }]);
    expect(JSON.stringify(a)).not.toContain('abc');
  });

  it("a partial carries each phase's set-aside records; merged into another tally they add up", () => {
    const t = tally();
    expect(t.toPartial()).toEqual([
      { phase: 'p1', rejected: 1, duplicates: 0, out_of_scope: 0, rejectedByReason: { UNKNOWN_UNIT: 1 } },
      { phase: 'p2', rejected: 2, duplicates: 1, out_of_scope: 1, rejectedByReason: { INVALID_QUANTITY: 1, UNKNOWN_UNIT: 2 } },
    ]);
    const merged = tally();
    merged.addPartial(t.toPartial(), t.unplaced);
    merged.addPartial(undefined);
    expect(merged.unplaced).toBe(2);
    const p2 = merged.of('p2');
    expect([p2.rejected, p2.duplicates, p2.out_of_scope, [...p2.rejectedByReason].sort()]).toEqual([4, 2, 2, [['INVALID_QUANTITY', 2], ['UNKNOWN_UNIT', 4]]]);
    expect(merged.of('p3')).toEqual({ rejected: 0, duplicates: 0, out_of_scope: 0, rejectedByReason: new Map() });
    expect(merged.phaseOf(undefined)).toBeUndefined();
  });

  it('a record superseded later leaves out of scope (count −1) and comes again as a duplicate of its own phase', () => {
    const t = tally();
    const day = phase('x', '2024-08-10', '2024-08-10').start.day;
    t.setAside('out_of_scope', day, -1);
    t.setAside('duplicates', day);
    expect([t.of('p2').duplicates, t.of('p2').out_of_scope]).toEqual([2, 0]);
    expect(model(AUGUST, 'p2', { tally: t }).annex!.phase).toMatchObject({ read: 10, accepted: 6, duplicates: 2, out_of_scope: 0 });
  });

  it('none: no annex; without a tally the phase has only its accepted records', () => {
    expect(model(AUGUST, 'p2', { annex: 'none' }).annex).toBeNull();
    expect(model(AUGUST, 'p2').annex!.phase).toEqual({ read: 6, accepted: 6, rejected: 0, duplicates: 0, out_of_scope: 0, rejectedByReason: [] });
    expect(model(AUGUST, 'p1', { tally: tally() }).annex!.phase).toEqual({ read: 1, accepted: 0, rejected: 1, duplicates: 0, out_of_scope: 0, rejectedByReason: [{ code: 'UNKNOWN_UNIT', count: 1 }] });
  });
});
