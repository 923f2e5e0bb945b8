import { describe, expect, it } from 'vitest';
import { generatePhases, MAX_GENERATED_PHASES } from '../../src/config/phase-series.js';

const brief = (series: Parameters<typeof generatePhases>[0]) => generatePhases(series).map((p) => `${p.id} ${p.name} ${p.start.iso}..${p.end.iso}`);

describe('generatePhases', () => {
  it('calendar years', () => {
    expect(brief({ every: 'year', from: 2015, to: 2017 })).toEqual(['2015 2015 2015-01-01..2015-12-31', '2016 2016 2016-01-01..2016-12-31', '2017 2017 2017-01-01..2017-12-31']);
    expect(brief({ every: 'year', from: '2019', to: '2019', fiscal_year_start: 1 })).toEqual(['2019 2019 2019-01-01..2019-12-31']);
  });

  it('fiscal years are named by the year they end in (US federal FY2020 = Oct 2019 – Sep 2020)', () => {
    expect(brief({ every: 'year', from: 2020, to: 2021, fiscal_year_start: 10 })).toEqual(['fy2020 FY2020 2019-10-01..2020-09-30', 'fy2021 FY2021 2020-10-01..2021-09-30']);
    expect(brief({ every: 'year', from: 2024, to: 2024, fiscal_year_start: 4 })).toEqual(['fy2024 FY2024 2023-04-01..2024-03-31']);
    expect(brief({ every: 'year', from: 2024, to: 2024, fiscal_year_start: 12 })).toEqual(['fy2024 FY2024 2023-12-01..2024-11-30']);
    expect(brief({ every: 'year', from: 2024, to: 2024, fiscal_year_start: 2 })).toEqual(['fy2024 FY2024 2023-02-01..2024-01-31']);
  });

  it('calendar quarters, from years or from quarters (leap years honoured)', () => {
    expect(brief({ every: 'quarter', from: 2024, to: 2024 })).toEqual([
      '2024-Q1 2024 Q1 2024-01-01..2024-03-31',
      '2024-Q2 2024 Q2 2024-04-01..2024-06-30',
      '2024-Q3 2024 Q3 2024-07-01..2024-09-30',
      '2024-Q4 2024 Q4 2024-10-01..2024-12-31',
    ]);
    expect(brief({ every: 'quarter', from: '2023-Q4', to: '2024-Q1' })).toEqual(['2023-Q4 2023 Q4 2023-10-01..2023-12-31', '2024-Q1 2024 Q1 2024-01-01..2024-03-31']);
  });

  it('fiscal quarters: fy2020-q1 is the first three months of FY2020', () => {
    expect(brief({ every: 'quarter', from: 2020, to: 2020, fiscal_year_start: 10 })).toEqual([
      'fy2020-q1 FY2020 Q1 2019-10-01..2019-12-31',
      'fy2020-q2 FY2020 Q2 2020-01-01..2020-03-31',
      'fy2020-q3 FY2020 Q3 2020-04-01..2020-06-30',
      'fy2020-q4 FY2020 Q4 2020-07-01..2020-09-30',
    ]);
    expect(brief({ every: 'quarter', from: '2020-Q4', to: '2021-Q1', fiscal_year_start: 7 })).toEqual(['fy2020-q4 FY2020 Q4 2020-04-01..2020-06-30', 'fy2021-q1 FY2021 Q1 2020-07-01..2020-09-30']);
  });

  it('months, from years (fiscal years with fiscal_year_start) or from months', () => {
    const all = generatePhases({ every: 'month', from: 2015, to: 2019 });
    expect(all).toHaveLength(60);
    expect(brief({ every: 'month', from: '2024-01', to: '2024-02' })).toEqual(['2024-01 2024-01 2024-01-01..2024-01-31', '2024-02 2024-02 2024-02-01..2024-02-29']);
    const fiscal = brief({ every: 'month', from: 2020, to: 2020, fiscal_year_start: 10 });
    expect(fiscal).toHaveLength(12);
    expect(fiscal[0]).toBe('2019-10 2019-10 2019-10-01..2019-10-31');
    expect(fiscal[11]).toBe('2020-09 2020-09 2020-09-01..2020-09-30');
  });

  it.each<[Parameters<typeof generatePhases>[0], string]>([
    [{ every: 'year', from: 2020, to: 2019 }, 'from 2020 is after to 2019'],
    [{ every: 'year', from: '2020-03', to: 2021 }, 'from: 2020-03 is a month; for every: year give a year'],
    [{ every: 'quarter', from: 2020, to: '2021-03' }, 'to: 2021-03 is a month; for every: quarter give a year or a quarter (2015-Q1)'],
    [{ every: 'month', from: '2020-Q1', to: 2021 }, 'from: 2020-Q1 is a quarter; for every: month give a year or a month (2015-07)'],
    [{ every: 'year', from: 'last year', to: 2021 }, 'from: expected a year such as 2015, got "last year"'],
    [{ every: 'month', from: 1900, to: 2000 }, `1212 phases (at most ${MAX_GENERATED_PHASES}): is every: month meant?`],
  ])('%j is refused: %s', (series, message) => {
    expect(() => generatePhases(series)).toThrow(message);
  });

  it('a century of months is the most', () => {
    expect(generatePhases({ every: 'month', from: 1901, to: 2000 })).toHaveLength(1200);
  });
});
