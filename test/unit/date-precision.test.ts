/**
 * Date precision (README "Date precision"): a source whose dates are months or
 * years makes records that are totals of that period. They keep the first day
 * of the period as their date, but are never placed in a week, never listed as
 * one seizure, and make the report's trend monthly or yearly.
 */
import { describe, expect, it } from 'vitest';
import { DIMENSION_VALUE } from '../../src/aggregate/dimensions.js';
import { PartialBuilder, partialMonth, partialValue, type PartialRow } from '../../src/aggregate/partial.js';
import { ReportCollector } from '../../src/aggregate/report-collector.js';
import { buildReportModel, trendGrain } from '../../src/aggregate/report-model.js';
import { SummaryCollector } from '../../src/aggregate/summary-collector.js';
import type { SourceFile } from '../../src/config/campaign.js';
import { sourceSchema, type SourceConfig } from '../../src/config/schema.js';
import { mapColumns } from '../../src/ingest/columns.js';
import { atPrecision, coarserPrecision, compileDateParser, formatPrecision, parseIsoDate, periodEndDay, type DayDate } from '../../src/normalize/date.js';
import { goodsVocabulary } from '../../src/normalize/goods.js';
import { replayUnit, UnitEncoder } from '../../src/pipeline/unit-codec.js';
import type { UnitSink } from '../../src/pipeline/read-unit.js';
import { createRecordNormalizer } from '../../src/validate/record.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, phase, rec, testCampaign } from '../helpers/records.js';

const dayOf = (iso: string) => parseIsoDate(iso)!.day;
/** A record dated by month or year: the first day of its period, as the normalizer makes it. */
const coarse = (precision: 'month' | 'year', date: string, o: Partial<SeizureRecord> = {}) => ({ ...rec({ date, ...o }), precision });

describe('formatPrecision: what a date format can say', () => {
  it.each([
    ['yyyy', 'year'],
    ['yy', 'year'],
    ["'FY'yyyy", 'year'],
    ['yyyy-MM', 'month'],
    ['MM/yyyy', 'month'],
    ['yyyy MMM', 'month'],
    ['MMMM yyyy', 'month'],
    ["yyyy 'Q'Q", 'month'],
    ['LLL yyyy', 'month'],
    ['yyyy-MM-dd', 'day'],
    ['d/M/yyyy', 'day'],
    ['dd.MM.yyyy HH:mm', 'day'],
    ['EEE, d MMM yyyy', 'day'],
    ['yyyy-DDD', 'day'],
    ['P', 'day'],
    ["RRRR-'W'II-i", 'day'],
    ["yyyy-MM'T'HH", 'month'],
    ["'day' yyyy", 'year'],
  ])('%s → %s', (format, precision) => {
    expect(formatPrecision(format)).toBe(precision);
  });

  it('the parser gives each date the precision of its format, the date-fns fallback too', () => {
    expect(compileDateParser('yyyy')('2017')).toEqual({ day: dayOf('2017-01-01'), iso: '2017-01-01', precision: 'year' });
    expect(compileDateParser('MM/yyyy')('03/2017')).toEqual({ day: dayOf('2017-03-01'), iso: '2017-03-01', precision: 'month' });
    // a leading token the fast parser does not know: still a day
    expect(compileDateParser('EEE, d MMM yyyy')('Wed, 5 Jul 2017')).toEqual({ day: dayOf('2017-07-05'), iso: '2017-07-05', precision: 'day' });
  });
});

describe('coarserPrecision, atPrecision, periodEndDay', () => {
  it('coarserPrecision: the longer period of the two', () => {
    expect(coarserPrecision('year', 'day')).toBe('year');
    expect(coarserPrecision('day', 'year')).toBe('year');
    expect(coarserPrecision('month', 'day')).toBe('month');
    expect(coarserPrecision('day', 'month')).toBe('month');
    expect(coarserPrecision('month', 'year')).toBe('year');
    expect(coarserPrecision('year', 'month')).toBe('year');
    expect(coarserPrecision('day', 'day')).toBe('day');
    expect(coarserPrecision('month', 'month')).toBe('month');
  });

  it('atPrecision: the first day of the month or year, never a finer date than written', () => {
    const d: DayDate = parseIsoDate('2017-06-30')!;
    expect(atPrecision(d, 'year')).toEqual({ day: dayOf('2017-01-01'), iso: '2017-01-01', precision: 'year' });
    expect(atPrecision(d, 'month')).toEqual({ day: dayOf('2017-06-01'), iso: '2017-06-01', precision: 'month' });
    expect(atPrecision(d, 'day')).toBe(d);
    const m: DayDate = { ...parseIsoDate('2017-11-01')!, precision: 'month' };
    expect(atPrecision(m, 'year')).toEqual({ day: dayOf('2017-01-01'), iso: '2017-01-01', precision: 'year' });
    expect(atPrecision(m, 'month')).toBe(m);
    expect(atPrecision(m, 'day')).toBe(m);
    const y: DayDate = { ...parseIsoDate('2017-01-01')!, precision: 'year' };
    expect(atPrecision(y, 'month')).toBe(y);
  });

  it('periodEndDay: the day itself, the last day of the month (leap years too), 31 December', () => {
    expect(periodEndDay(dayOf('2017-06-15'), '2017-06-15', 'day')).toBe(dayOf('2017-06-15'));
    expect(periodEndDay(dayOf('2024-02-01'), '2024-02-01', 'month')).toBe(dayOf('2024-02-29'));
    expect(periodEndDay(dayOf('2023-02-01'), '2023-02-01', 'month')).toBe(dayOf('2023-02-28'));
    expect(periodEndDay(dayOf('2017-11-01'), '2017-11-01', 'month')).toBe(dayOf('2017-11-30'));
    expect(periodEndDay(dayOf('2017-01-01'), '2017-01-01', 'year')).toBe(dayOf('2017-12-31'));
  });
});

describe('date_precision in the campaign file', () => {
  const parse = (o: Record<string, unknown>) => sourceSchema.safeParse({ path: 'a.csv', ...o });

  it('year, month or day; coarser than the format or the same', () => {
    expect(parse({ date_precision: 'year' }).success).toBe(true);
    expect(parse({ date_precision: 'month', date_format: 'yyyy-MM' }).success).toBe(true);
    expect(parse({ date_precision: 'year', date_format: 'yyyy' }).success).toBe(true);
    expect(parse({ date_precision: 'day', date_format: 'dd/MM/yyyy' }).success).toBe(true);
    expect(parse({ date_precision: 'week' }).success).toBe(false);
  });

  it('never finer than the format writes dates: an error at date_precision naming both', () => {
    const r = parse({ date_precision: 'day', date_format: 'yyyy' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['date_precision', 'day is more precise than date_format "yyyy" writes dates (year)']]);
    const m = parse({ date_precision: 'month', date_format: 'yyyy' });
    expect(m.error!.issues.map((i) => i.message)).toEqual(['month is more precise than date_format "yyyy" writes dates (year)']);
    expect(parse({ date_precision: 'day', date_format: 'MM/yyyy' }).error!.issues.map((i) => i.message)).toEqual(['day is more precise than date_format "MM/yyyy" writes dates (month)']);
  });
});

describe('records: the precision of their dates', () => {
  const HEADER = ['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'];
  function normalize(config: Partial<SourceConfig>, date: string, isoDates = false) {
    const file: SourceFile = { path: '/abs/a.csv', display: 'a.csv', config: { path: 'a.csv', ...config } };
    const n = createRecordNormalizer({ campaign: testCampaign(), file, fileIndex: 0, columns: mapColumns(HEADER, file.config, 'a.csv'), isoDates });
    const r = n(['R1', date, 'VN', 'drugs', '2', 'kg', 'air'], 2);
    if (!r.ok) throw new Error(r.errors.map((e) => e.code).join());
    return [r.record.date, r.record.day, r.record.precision];
  }

  it('from the date format: yyyy a year, yyyy-MM and MM/yyyy a month, with a day a day', () => {
    expect(normalize({ date_format: 'yyyy' }, '2017')).toEqual(['2017-01-01', dayOf('2017-01-01'), 'year']);
    expect(normalize({ date_format: 'yyyy-MM' }, '2017-03')).toEqual(['2017-03-01', dayOf('2017-03-01'), 'month']);
    expect(normalize({ date_format: 'MM/yyyy' }, '11/2017')).toEqual(['2017-11-01', dayOf('2017-11-01'), 'month']);
    expect(normalize({}, '2017-03-15')).toEqual(['2017-03-15', dayOf('2017-03-15'), 'day']);
  });

  it('date_precision makes dates coarser: the first day of their month or year', () => {
    expect(normalize({ date_precision: 'year' }, '2017-12-31')).toEqual(['2017-01-01', dayOf('2017-01-01'), 'year']);
    expect(normalize({ date_precision: 'month' }, '2017-12-31')).toEqual(['2017-12-01', dayOf('2017-12-01'), 'month']);
    expect(normalize({ date_precision: 'day' }, '2017-12-31')).toEqual(['2017-12-31', dayOf('2017-12-31'), 'day']);
    expect(normalize({ date_precision: 'year', date_format: 'yyyy-MM' }, '2017-05')).toEqual(['2017-01-01', dayOf('2017-01-01'), 'year']);
  });

  it("a workbook's date cells (yyyy-MM-dd) are days unless date_precision says otherwise", () => {
    expect(normalize({ date_format: 'yyyy' }, '2017-06-30', true)).toEqual(['2017-06-30', dayOf('2017-06-30'), 'day']);
    expect(normalize({ date_format: 'yyyy', date_precision: 'year' }, '2017-06-30', true)).toEqual(['2017-01-01', dayOf('2017-01-01'), 'year']);
    expect(normalize({ date_format: 'yyyy', date_precision: 'year' }, '2018', true)).toEqual(['2018-01-01', dayOf('2018-01-01'), 'year']);
  });

  it('cross threads with their precision (unit columns)', () => {
    const sent = [rec({ id: 'a' }), coarse('month', '2017-03-01', { id: 'b' }), coarse('year', '2017-01-01', { id: 'c', totals: true, count: 3 }), rec({ id: 'd', date: '2017-01-01' })];
    const encoder = new UnitEncoder(0, 4);
    for (const r of sent) encoder.record(r, 1);
    const { unit, transfer } = encoder.finish();
    const got: [string, string, string, boolean][] = [];
    const sink = { rows() {}, diagnostic() {}, note() {}, rejectedRow() {}, record: (r: SeizureRecord) => got.push([r.id, r.date, r.precision, r.totals]) } as unknown as UnitSink;
    replayUnit(structuredClone(unit, { transfer }), sink);
    expect(got).toEqual([
      ['a', '2024-07-10', 'day', false],
      ['b', '2017-03-01', 'month', false],
      ['c', '2017-01-01', 'year', true],
      ['d', '2017-01-01', 'day', false],
    ]);
  });
});

describe('aggregate dimensions: no week, month or quarter finer than the date', () => {
  const v = (r: SeizureRecord) => (['year', 'quarter', 'month', 'week'] as const).map((d) => DIMENSION_VALUE[d](r, 'p1'));

  it('a day has all four; a month no week; a year only its year', () => {
    expect(v(rec({ date: '2017-01-01' }))).toEqual(['2017', '2017-Q1', '2017-01', '2016-W52']);
    expect(v(coarse('month', '2017-05-01'))).toEqual(['2017', '2017-Q2', '2017-05', '']);
    expect(v(coarse('year', '2017-01-01'))).toEqual(['2017', '', '', '']);
  });
});

describe('partials: the precision travels in month and week', () => {
  const row = (month: string, week = ''): PartialRow => ({ month, week } as PartialRow);

  it('month is yyyy for a year, yyyy-MM otherwise; week empty unless a day', () => {
    expect(partialMonth(coarse('year', '2017-01-01'))).toBe('2017');
    expect(partialMonth(coarse('month', '2017-05-01'))).toBe('2017-05');
    expect(partialMonth(rec({ date: '2017-05-09' }))).toBe('2017-05');
    const b = new PartialBuilder(5);
    const add = (r: SeizureRecord) => b.add(r, 'p1', ...keyHash(r.reportingCountry, r.caseId));
    add(rec({ id: 'd', date: '2017-05-09', quantity: 1 }));
    add(coarse('month', '2017-05-01', { id: 'm', quantity: 50 }));
    add(coarse('year', '2017-01-01', { id: 'y', quantity: 900 }));
    add(rec({ id: 't', date: '2017-05-10', quantity: 70, totals: true, count: 2 }));
    const doc = b.toDocument({ campaign: 't', version: '0', vocabulary: goodsVocabulary().version, buckets: { read: 4, accepted: 4, rejected: 0, duplicates: 0, out_of_scope: 0 }, outOfScope: { outside_phases: 0, commodity: 0, other_phase: 0 }, rejectedByReason: new Map(), conversions: [], sources: [] });
    expect(doc.rows.map((r) => [r.month, r.week, r.quantity])).toEqual([
      ['2017', '', 900],
      ['2017-05', '', 50],
      ['2017-05', '2017-W19', 71],
    ]);
    // only the day-precise item line is one seizure
    expect(doc.largest.map((l) => l.items.map((i) => i.quantity))).toEqual([[1]]);
  });

  it('partialValue: a year row has a year and no quarter or month', () => {
    const dims = ['year', 'quarter', 'month', 'week'] as const;
    expect(dims.map((d) => partialValue(row('2017'), d))).toEqual(['2017', '', '', '']);
    expect(dims.map((d) => partialValue(row('2017-05'), d))).toEqual(['2017', '2017-Q2', '2017-05', '']);
    expect(dims.map((d) => partialValue(row('2017-05', '2017-W19'), d))).toEqual(['2017', '2017-Q2', '2017-05', '2017-W19']);
  });
});

describe('reports: trend grain, largest seizures, reported totals', () => {
  const years = ['2017', '2018', '2019', '2020', '2021'];
  const campaign = testCampaign({ phases: years.map((y) => phase(`y${y.slice(2)}`, `${y}-01-01`, `${y}-12-31`, y)) });
  function collect(records: readonly [SeizureRecord, string][]): ReportCollector {
    const c = new ReportCollector(campaign);
    for (const [r, ph] of records) c.add(r, ph, ...keyHash(r.reportingCountry, r.caseId));
    return c;
  }
  const model = (c: ReportCollector, id: string) =>
    buildReportModel({ campaign, phase: campaign.phases.find((p) => p.id === id)!, collector: c, buckets: { read: 0, accepted: 0, rejected: 0, duplicates: 0, out_of_scope: 0 }, sources: [], rejectedByReason: new Map(), conversions: [], generatedAt: null });
  // y17: days only; y18: days and a month; y19: days, a month and a year (a count row in y17 too)
  const c = collect([
    [rec({ id: 'a', date: '2017-03-01', quantity: 5 }), 'y17'],
    [rec({ id: 'b', date: '2017-03-09', quantity: 2 }), 'y17'],
    [rec({ id: 'n', date: '2017-04-01', quantity: 99, totals: true, count: 4 }), 'y17'],
    [rec({ id: 'c', date: '2018-02-03', quantity: 1 }), 'y18'],
    [coarse('month', '2018-02-01', { id: 'd', quantity: 40 }), 'y18'],
    [coarse('month', '2018-05-01', { id: 'e', quantity: 30 }), 'y18'],
    [rec({ id: 'f', date: '2019-07-01', quantity: 3 }), 'y19'],
    [coarse('month', '2019-07-01', { id: 'g', quantity: 20 }), 'y19'],
    [coarse('year', '2019-01-01', { id: 'h', quantity: 800 }), 'y19'],
    [coarse('year', '2019-01-01', { id: 'i', quantity: 700, commodity: 'cites', unit: 'pieces' }), 'y19'],
  ]);

  it('trendGrain: weeks when every date is a day, else months, else years', () => {
    expect(trendGrain(c, 'y17')).toBe('week');
    expect(trendGrain(c, 'y18')).toBe('month');
    expect(trendGrain(c, 'y19')).toBe('year');
    expect(trendGrain(c, 'none')).toBe('week');
  });

  it('the trend per period of the grain; weekly only when the grain is weeks', () => {
    expect(model(c, 'y17').trend).toMatchObject({ grain: 'week', periods: [{ period: '2017-W09', cases: 1, seizures: 1 }, { period: '2017-W10', cases: 1, seizures: 1 }, { period: '2017-W13', cases: 4, seizures: 4 }] });
    expect(model(c, 'y17').trend.weekly).toEqual([{ week: '2017-W09', cases: 1, seizures: 1 }, { week: '2017-W10', cases: 1, seizures: 1 }, { week: '2017-W13', cases: 4, seizures: 4 }]);
    expect(model(c, 'y18').trend).toMatchObject({ grain: 'month', periods: [{ period: '2018-02', cases: 2, seizures: 2 }, { period: '2018-05', cases: 1, seizures: 1 }], weekly: [] });
    expect(model(c, 'y19').trend).toMatchObject({ grain: 'year', periods: [{ period: '2019', cases: 4, seizures: 4 }], weekly: [] });
  });

  it('largest seizures: reported totals and totals of a month or year are skipped; a commodity with none left has no list', () => {
    const items = (id: string) => model(c, id).largest.map((l) => [l.commodity, l.unit, l.items.map((i) => i.quantity)]);
    expect(items('y17')).toEqual([['drugs', 'kg', [5, 2]]]);
    expect(items('y18')).toEqual([['drugs', 'kg', [1]]]);
    expect(items('y19')).toEqual([['drugs', 'kg', [3]]]);
    const onlyTotals = collect([[coarse('year', '2019-01-01', { id: 'h', quantity: 800 }), 'y19']]);
    expect(model(onlyTotals, 'y19').largest).toEqual([]);
  });

  it('headline.reportedTotals: a count row or a date that is a month or a year in the phase', () => {
    expect([model(c, 'y17'), model(c, 'y18'), model(c, 'y19')].map((m) => m.headline.reportedTotals)).toEqual([true, true, true]);
    const days = collect([[rec({ id: 'a', date: '2017-03-01' }), 'y17'], [coarse('month', '2018-02-01', { id: 'd' }), 'y18']]);
    expect(model(days, 'y17').headline.reportedTotals).toBe(false);
    expect(model(days, 'y18').headline.reportedTotals).toBe(true);
    expect(days.hasReportedTotals('y19')).toBe(false);
  });

  it('from partials: the same grain, largest seizures and reported totals as from the records', () => {
    const b = new PartialBuilder(5);
    const records: [SeizureRecord, string][] = [
      [rec({ id: 'a', date: '2017-03-01', quantity: 5 }), 'y17'],
      [rec({ id: 'c', date: '2018-02-03', quantity: 1 }), 'y18'],
      [coarse('month', '2018-05-01', { id: 'e', quantity: 30 }), 'y18'],
      [coarse('year', '2019-01-01', { id: 'h', quantity: 800 }), 'y19'],
      [rec({ id: 'n', date: '2017-04-01', quantity: 99, totals: true, count: 4 }), 'y17'],
      // y20: item lines only; y21: count rows dated by day only
      [rec({ id: 'p', date: '2020-04-01', quantity: 9 }), 'y20'],
      [rec({ id: 'q', date: '2021-04-01', quantity: 19, totals: true, count: 2 }), 'y21'],
    ];
    for (const [r, ph] of records) b.add(r, ph, ...keyHash(r.reportingCountry, r.caseId));
    const doc = b.toDocument({ campaign: 't', version: '0', vocabulary: goodsVocabulary().version, buckets: { read: 5, accepted: 5, rejected: 0, duplicates: 0, out_of_scope: 0 }, outOfScope: { outside_phases: 0, commodity: 0, other_phase: 0 }, rejectedByReason: new Map(), conversions: [], sources: [] });
    const fromPartial = new ReportCollector(campaign);
    fromPartial.addPartial(doc, 0);
    const fromRecords = collect(records);
    for (const id of ['y17', 'y18', 'y19', 'y20', 'y21']) {
      const [p, r] = [model(fromPartial, id), model(fromRecords, id)];
      expect([p.trend, p.largest, p.headline]).toEqual([r.trend, r.largest, r.headline]);
    }
    expect(['y17', 'y18', 'y19', 'y20', 'y21'].map((id) => fromPartial.hasReportedTotals(id))).toEqual([true, true, true, false, true]);
    expect(model(fromPartial, 'y19').trend.grain).toBe('year');
  });
});

describe('summary: totals of a month or year in a window only once their whole period is', () => {
  const jul = phase('jul', '2024-07-01', '2024-07-31');
  const jun = phase('jun', '2024-06-01', '2024-06-30');
  const summary = (from: string, to: string, until = to) =>
    new SummaryCollector({ window: { from: dayOf(from), to: dayOf(to) }, current: { phase: jul, to: dayOf(until) }, previous: { phase: jun, to: dayOf('2024-06-30') }, thresholds: [{ commodity: 'drugs', unit: 'kg', quantity: 10 }] });
  const add = (s: SummaryCollector, r: SeizureRecord, ph: string) => s.add(r, ph, ...keyHash(r.reportingCountry, r.caseId));
  const month = coarse('month', '2024-07-01', { id: 'm', quantity: 500 });
  const juneMonth = coarse('month', '2024-06-01', { id: 'jm', quantity: 300 });

  it('a July total is not new in 1–2 July, nor in the phase to date before 31 July', () => {
    const s = summary('2024-07-01', '2024-07-02');
    add(s, month, 'jul');
    add(s, juneMonth, 'jun');
    add(s, rec({ id: 'd', date: '2024-07-01', quantity: 12 }), 'jul');
    expect(s.windowTotal.rows().map((r) => r.seizures)).toEqual([1]);
    expect(s.runningTotal.rows().map((r) => [r.dims[0], r.seizures])).toEqual([['current', 1], ['previous', 1]]);
    expect(s.notable.map((n) => n.record)).toEqual(['d']);
  });

  it('a window covering all of July has it; a total is never one notable seizure', () => {
    const s = summary('2024-07-01', '2024-07-31');
    add(s, month, 'jul');
    add(s, rec({ id: 'x', date: '2024-07-31', quantity: 11 }), 'jul');
    expect(s.windowTotal.rows().map((r) => r.seizures)).toEqual([2]);
    expect(s.runningTotal.rows().map((r) => [r.dims[0], r.seizures])).toEqual([['current', 2]]);
    expect(s.notable.map((n) => n.record)).toEqual(['x']);
    expect(s.notableCount).toBe(1);
  });

  it('a window ending on 30 July: not yet', () => {
    const s = summary('2024-07-01', '2024-07-30');
    add(s, month, 'jul');
    expect(s.windowTotal.rows()).toEqual([]);
    expect(s.runningTotal.rows()).toEqual([]);
  });
});
