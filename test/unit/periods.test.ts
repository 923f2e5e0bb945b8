import { describe, expect, it } from 'vitest';
import { loadLocale } from '../../src/render/locale.js';
import { dayOf, labelPeriod, periodOf } from '../../src/render/periods.js';

const en = loadLocale('en');
const vi = loadLocale('vi');
const ko = loadLocale('ko');
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const span = (key: string) => {
  const p = periodOf(key)!;
  return [p.kind, iso(p.first), iso(p.last)];
};

describe('periodOf', () => {
  it('ISO weeks run Monday to Sunday, week 1 holding 4 January (week-years included)', () => {
    expect(span('2024-W31')).toEqual(['week', '2024-07-29', '2024-08-04']);
    expect(span('2024-W01')).toEqual(['week', '2024-01-01', '2024-01-07']);
    expect(span('2025-W01')).toEqual(['week', '2024-12-30', '2025-01-05']);
    expect(span('2020-W53')).toEqual(['week', '2020-12-28', '2021-01-03']);
    expect(span('2021-W01')).toEqual(['week', '2021-01-04', '2021-01-10']);
  });

  it('months, quarters and years; anything else is not a period', () => {
    expect(span('2024-02')).toEqual(['month', '2024-02-01', '2024-02-29']);
    expect(span('2024-12')).toEqual(['month', '2024-12-01', '2024-12-31']);
    expect(span('2024-Q3')).toEqual(['quarter', '2024-07-01', '2024-09-30']);
    expect(span('2024')).toEqual(['year', '2024-01-01', '2024-12-31']);
    for (const k of ['W31', '2024-W1', '2024-13x', 'jul', '']) expect(periodOf(k)).toBeUndefined();
  });

  it('dayOf is the inverse of the day numbers', () => {
    expect(iso(dayOf('2024-07-29'))).toBe('2024-07-29');
    expect(dayOf('1970-01-02')).toBe(1);
  });
});

describe('labelPeriod', () => {
  it('a week by its dates, in the report language', () => {
    expect(labelPeriod('2024-W31', '2024-07-01', '2024-09-30', en)).toEqual({ label: '29 Jul – 4 Aug' });
    expect(labelPeriod('2024-W31', '2024-07-01', '2024-09-30', vi)).toEqual({ label: '29/7 – 4/8' });
    expect(labelPeriod('2024-W31', '2024-07-01', '2024-09-30', ko)).toEqual({ label: '7월 29일~8월 4일' });
  });

  it('marks a week the phase covers in part, at either edge, with its days', () => {
    // July ends on a Wednesday: 29, 30, 31 July
    expect(labelPeriod('2024-W31', '2024-07-01', '2024-07-31', en)).toEqual({ label: '29 Jul – 4 Aug', partial: { days: 3, of: 7 } });
    // August starts on a Thursday: 1 to 4 August
    expect(labelPeriod('2024-W31', '2024-08-01', '2024-08-31', en)).toEqual({ label: '29 Jul – 4 Aug', partial: { days: 4, of: 7 } });
    // a phase of one day inside a week
    expect(labelPeriod('2024-W31', '2024-07-31', '2024-07-31', en).partial).toEqual({ days: 1, of: 7 });
    // the whole week inside, its first and last days on the phase's edges
    expect(labelPeriod('2024-W31', '2024-07-29', '2024-08-04', en).partial).toBeUndefined();
  });

  it('months by name; a month the phase covers in part says so', () => {
    expect(labelPeriod('2024-07', '2024-07-01', '2024-12-31', en)).toEqual({ label: 'Jul 2024' });
    expect(labelPeriod('2024-07', '2024-07-01', '2024-12-31', vi).label).toBe('tháng 7/2024');
    expect(labelPeriod('2024-07', '2024-07-01', '2024-12-31', ko).label).toBe('2024년 7월');
    expect(labelPeriod('2024-07', '2024-07-15', '2024-12-31', en).partial).toEqual({ days: 17, of: 31 });
    expect(labelPeriod('2024', '2024-07-01', '2024-12-31', en)).toEqual({ label: '2024', partial: { days: 184, of: 366 } });
  });

  it('a key of another shape is shown as it is', () => {
    expect(labelPeriod('all', '2024-07-01', '2024-07-31', en)).toEqual({ label: 'all' });
  });
});
