import { describe, expect, it } from 'vitest';
import { buildSummaryModel, REJECTED_LISTED, type SummaryInputs } from '../../src/aggregate/summary-model.js';
import type { Buckets } from '../../src/core/diagnostic.js';
import { campaign, collect, scope } from '../helpers/summary-records.js';

const buckets: Buckets = { read: 20, accepted: 9, rejected: 8, duplicates: 1, out_of_scope: 2 };
const rejected: SummaryInputs['rejected'] = [
  { file: 'data/kr.csv', line: 4, date: '2024-08-10', codes: ['INVALID_QUANTITY'] },
  { file: 'data/vn.csv', line: 9, date: '2024-08-10', codes: ['UNKNOWN_UNIT', 'INVALID_QUANTITY'] },
  { file: 'data/vn.csv', line: 3, date: '2024-08-09', codes: ['INVALID_QUANTITY'] },
  { file: 'data/vn.csv', line: 2, date: '2024-08-01', codes: ['INVALID_QUANTITY'] }, // before the window
  { file: 'data/vn.csv', line: 0, date: null, codes: ['MALFORMED_CSV'] },
  { file: 'data/th.csv', line: 6, date: null, codes: ['FIELD_COUNT'] },
];
const model = (over: Partial<SummaryInputs> = {}) => buildSummaryModel({ campaign, collector: collect(), buckets, rejected, generatedAt: null, ...over });

describe('buildSummaryModel (records: test/helpers/summary-records.ts)', () => {
  // Built in each test, not while the file loads: so each test covers the code it checks (mutation testing).
  const build = () => model();

  it('campaign, window and the phase containing its last day', () => {
    const m = build();
    expect(m.schemaVersion).toBe(1);
    expect(m.generatedAt).toBeNull();
    expect(m.campaign).toEqual({ id: 'test', name: 'Test campaign', coordinator: null, classification: null, participants: ['VN', 'KR', 'TH'], participantCount: 3 });
    expect(m.window).toEqual({ since: '2024-08-09', until: '2024-08-10', days: 2 });
    expect(m.phase).toEqual({ id: 'p2', name: 'August', start: '2024-08-01', end: '2024-08-31', day: 10, days: 31 });
  });

  it('new in the window: cases, seizures, quantities per unit by commodity, and by route', () => {
    const m = build();
    expect(m.new).toEqual({
      cases: 6,
      seizures: 7,
      byCommodity: [
        { commodity: 'cites', cases: 1, seizures: 1, quantities: [{ unit: 'pieces', quantity: 12 }] },
        { commodity: 'drugs', cases: 5, seizures: 6, quantities: [{ unit: 'kg', quantity: 58 }, { unit: 'l', quantity: 0.5 }] },
      ],
      byRoute: [
        { route: 'air', cases: 4, seizures: 5 },
        { route: 'post', cases: 1, seizures: 1 },
        { route: 'sea', cases: 1, seizures: 1 },
      ],
    });
  });

  it('phase to date against the previous phase to the same day', () => {
    const m = build();
    expect(m.running).toEqual({
      through: '2024-08-10',
      day: 10,
      previous: { id: 'p1', name: 'July', through: '2024-07-10', day: 10, days: 31, whole: false },
      cases: 7,
      seizures: 8,
      casesChange: { previous: 1, percent: 600 },
      seizuresChange: { previous: 1, percent: 700 },
      byCommodity: [
        {
          commodity: 'cites',
          cases: 1,
          seizures: 1,
          casesChange: { previous: 0, percent: null },
          seizuresChange: { previous: 0, percent: null },
          quantities: [{ unit: 'pieces', quantity: 12, change: { previous: 0, percent: null } }],
        },
        {
          commodity: 'drugs',
          cases: 5,
          seizures: 6,
          casesChange: { previous: 1, percent: 400 },
          seizuresChange: { previous: 1, percent: 500 },
          quantities: [
            { unit: 'kg', quantity: 58, change: { previous: 10, percent: 480 } },
            { unit: 'l', quantity: 0.5, change: { previous: 0, percent: null } },
          ],
        },
        {
          commodity: 'tobacco',
          cases: 1,
          seizures: 1,
          casesChange: { previous: 0, percent: null },
          seizuresChange: { previous: 0, percent: null },
          quantities: [{ unit: 'sticks', quantity: 200, change: { previous: 0, percent: null } }],
        },
      ],
    });
  });

  it('a previous phase shorter than the current one so far is compared whole', () => {
    const [p1, p2] = campaign.phases as [(typeof campaign.phases)[0], (typeof campaign.phases)[0]];
    const short = { ...p1, end: { ...p1.end, day: p1.start.day + 4, iso: '2024-07-05' } };
    const m2 = buildSummaryModel({ campaign, collector: collect({ ...scope, current: { phase: p2, to: scope.window.to }, previous: { phase: short, to: short.end.day } }), buckets, rejected, generatedAt: null });
    expect(m2.running?.previous).toEqual({ id: 'p1', name: 'July', through: '2024-07-05', day: 5, days: 5, whole: true });
    expect(m2.running?.casesChange).toEqual({ previous: 1, percent: 600 }); // S5 of 5 July
  });

  it('the first phase, or no phase: n/a, or no running block at all', () => {
    const first = buildSummaryModel({ campaign, collector: collect({ window: scope.window, current: scope.current, thresholds: [] }), buckets, rejected, generatedAt: null });
    expect(first.running?.previous).toBeNull();
    expect(first.running?.casesChange).toEqual({ previous: null, percent: null });
    expect(first.running?.byCommodity[1]?.quantities[0]?.change).toEqual({ previous: null, percent: null });
    const none = buildSummaryModel({ campaign, collector: collect({ window: scope.window, thresholds: [] }), buckets, rejected, generatedAt: null });
    expect(none.phase).toBeNull();
    expect(none.running).toBeNull();
  });

  it('notable seizures: thresholds, items with their place in the sources, count and more', () => {
    const m = build();
    expect(m.notable.thresholds).toEqual([
      { commodity: 'drugs', unit: 'kg', quantity: 5 },
      { commodity: 'cites', unit: 'pieces', quantity: 10 },
    ]);
    expect(m.notable.items).toEqual([
      { date: '2024-08-10', country: 'VN', commodity: 'drugs', subtype: '', route: 'air', quantity: 6, unit: 'kg', concealment: '', record: 'S1', source: 'data/vn.csv:5' },
      { date: '2024-08-09', country: 'KR', commodity: 'cites', subtype: '', route: 'post', quantity: 12, unit: 'pieces', concealment: '', record: 'S8', source: 'data/kr.csv:7' },
    ]);
    expect([m.notable.count, m.notable.more]).toEqual([2, 0]);
    const capped = buildSummaryModel({ campaign, collector: collect(scope, undefined, 1), buckets, rejected, generatedAt: null });
    expect([capped.notable.items.map((i) => i.record), capped.notable.count, capped.notable.more]).toEqual([['S1'], 2, 1]);
  });

  it('rejected records in the window, by date then place; undated ones apart, with those the run could not place', () => {
    const m = build();
    expect(m.rejected.inWindow).toEqual({
      count: 3,
      byReason: [
        { code: 'INVALID_QUANTITY', count: 3 },
        { code: 'UNKNOWN_UNIT', count: 1 },
      ],
      items: [
        { source: 'data/vn.csv:3', date: '2024-08-09', reasons: [{ code: 'INVALID_QUANTITY' }] },
        { source: 'data/kr.csv:4', date: '2024-08-10', reasons: [{ code: 'INVALID_QUANTITY' }] },
        { source: 'data/vn.csv:9', date: '2024-08-10', reasons: [{ code: 'UNKNOWN_UNIT' }, { code: 'INVALID_QUANTITY' }] },
      ],
      more: 0,
    });
    // 8 rejected, 6 placed: 2 counted as undated without a line
    expect(m.rejected.undated).toEqual({
      count: 4,
      byReason: [
        { code: 'FIELD_COUNT', count: 1 },
        { code: 'MALFORMED_CSV', count: 1 },
      ],
      items: [
        { source: 'data/th.csv:6', date: null, reasons: [{ code: 'FIELD_COUNT' }] },
        { source: 'data/vn.csv', date: null, reasons: [{ code: 'MALFORMED_CSV' }] },
      ],
      more: 2,
    });
  });

  it(`at most ${REJECTED_LISTED} rejected records listed; the rest counted`, () => {
    const many = Array.from({ length: REJECTED_LISTED + 5 }, (_, i) => ({ file: 'data/vn.csv', line: 100 - i, date: '2024-08-10', codes: ['INVALID_DATE'] }));
    const r = model({ rejected: many, buckets: { ...buckets, rejected: many.length } }).rejected.inWindow;
    expect([r.count, r.items.length, r.more]).toEqual([55, 50, 5]);
    expect(r.items[0]?.source).toBe('data/vn.csv:46');
  });

  it('silent participants and buckets', () => {
    const m = build();
    expect(m.silentParticipants).toEqual(['TH']);
    expect(m.buckets).toEqual(buckets);
    expect(m.buckets).not.toBe(buckets);
  });
});

describe('buildSummaryModel: the order and bounds of rejected records', () => {
  it('after the window is out of it; the same date by file then line, whatever the arrival order', () => {
    const rows: SummaryInputs['rejected'] = [
      { file: 'data/vn.csv', line: 12, date: '2024-08-10', codes: ['INVALID_DATE'] },
      { file: 'data/vn.csv', line: 7, date: '2024-08-10', codes: ['INVALID_DATE'] },
      { file: 'data/kr.csv', line: 30, date: '2024-08-10', codes: ['INVALID_DATE'] },
      { file: 'data/vn.csv', line: 5, date: '2024-08-11', codes: ['INVALID_DATE'] }, // after the window
      { file: 'data/vn.csv', line: 3, date: '2024-08-09', codes: ['INVALID_DATE'] },
      { file: 'data/vn.csv', line: 9, date: null, codes: ['FIELD_COUNT'] },
      { file: 'data/kr.csv', line: 9, date: null, codes: ['FIELD_COUNT'] },
      { file: 'data/kr.csv', line: 2, date: null, codes: ['FIELD_COUNT'] },
    ];
    const m = model({ rejected: rows, buckets: { ...buckets, rejected: 8 } });
    expect(m.rejected.inWindow.items.map((i) => i.source)).toEqual(['data/vn.csv:3', 'data/kr.csv:30', 'data/vn.csv:7', 'data/vn.csv:12']);
    expect(m.rejected.undated.items.map((i) => i.source)).toEqual(['data/kr.csv:2', 'data/kr.csv:9', 'data/vn.csv:9']);
    const reversed = model({ rejected: [...rows].reverse(), buckets: { ...buckets, rejected: 8 } });
    expect(reversed.rejected.inWindow.items).toEqual(m.rejected.inWindow.items);
    expect(reversed.rejected.undated.items).toEqual(m.rejected.undated.items);
  });
});
