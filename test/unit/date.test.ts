import { afterEach, describe, expect, it } from 'vitest';
import { compileDateParser, daysInMonth, isoOfDay, parseIsoDate, toDayDate } from '../../src/normalize/date.js';

/** Days since 1970-01-01, computed independently with Date.UTC. */
const dayOf = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

describe('compileDateParser: fast formats', () => {
  it('yyyy-MM-dd', () => {
    const p = compileDateParser('yyyy-MM-dd');
    expect(p('2024-07-01')).toEqual({ day: dayOf(2024, 7, 1), iso: '2024-07-01', precision: 'day' });
    expect(p(' 2024-07-01 ')).toEqual({ day: dayOf(2024, 7, 1), iso: '2024-07-01', precision: 'day' });
    expect(p('1970-01-01')!.day).toBe(0);
  });

  it('dd/MM/yyyy needs two digits; d/M/yyyy takes one or two', () => {
    const dmy = compileDateParser('dd/MM/yyyy');
    expect(dmy('05/03/2024')?.iso).toBe('2024-03-05');
    expect(dmy('5/3/2024')).toBeNull();
    const loose = compileDateParser('d/M/yyyy');
    expect(loose('5/3/2024')?.iso).toBe('2024-03-05');
    expect(loose('05/03/2024')?.iso).toBe('2024-03-05');
    expect(loose('25/12/2024')?.iso).toBe('2024-12-25');
  });

  it('dd-MM-yyyy', () => {
    const p = compileDateParser('dd-MM-yyyy');
    expect(p('31-12-2024')).toEqual({ day: dayOf(2024, 12, 31), iso: '2024-12-31', precision: 'day' });
    expect(p('2024-12-31')).toBeNull();
  });

  it('dd/MM/yy is 20yy', () => {
    expect(compileDateParser('dd/MM/yy')('05/03/24')?.iso).toBe('2024-03-05');
  });

  it.each([
    ['dd/MM/yyyy', '31/02/2024'],
    ['dd/MM/yyyy', '30/02/2024'],
    ['dd/MM/yyyy', '29/02/2023'],
    ['dd/MM/yyyy', '31/04/2024'],
    ['dd/MM/yyyy', '00/01/2024'],
    ['dd/MM/yyyy', '32/01/2024'],
    ['yyyy-MM-dd', '2024-13-01'],
    ['yyyy-MM-dd', '2024-00-10'],
    ['yyyy-MM-dd', '2100-02-29'], // century, not a leap year
    ['yyyy-MM-dd', '2024-7-1'],
    ['yyyy-MM-dd', '2024-07-01x'],
    ['yyyy-MM-dd', '2024-07-01 10:00'],
    ['yyyy-MM-dd', ''],
    ['d/M/yyyy', '31/2/2024'],
  ])('%s rejects impossible or malformed %j', (format, raw) => {
    expect(compileDateParser(format)(raw)).toBeNull();
  });

  it.each([
    ['dd/MM/yyyy', '29/02/2024', '2024-02-29'],
    ['yyyy-MM-dd', '2000-02-29', '2000-02-29'],
    ['yyyy-MM-dd', '2024-04-30', '2024-04-30'],
  ])('%s accepts leap and month-end %j', (format, raw, iso) => {
    expect(compileDateParser(format)(raw)?.iso).toBe(iso);
  });
});

describe('compileDateParser: month names and fiscal years', () => {
  it('"yyyy MMM" without a fiscal year is the calendar month', () => {
    const p = compileDateParser('yyyy MMM');
    expect(p('2021 OCT')).toEqual({ day: dayOf(2021, 10, 1), iso: '2021-10-01', precision: 'month' });
    expect(p('2021 jan')?.iso).toBe('2021-01-01');
  });

  it('fiscal_year_start 10: FY2021 OCT is October 2020, FY2021 SEP is September 2021', () => {
    const p = compileDateParser('yyyy MMM', 10);
    expect(p('2021 OCT')).toEqual({ day: dayOf(2020, 10, 1), iso: '2020-10-01', precision: 'month' });
    expect(p('2021 SEP')).toEqual({ day: dayOf(2021, 9, 1), iso: '2021-09-01', precision: 'month' });
    expect(p('2021 DEC')?.iso).toBe('2020-12-01');
    expect(p('2021 JAN')?.iso).toBe('2021-01-01');
    expect(p('2021 Nov')?.iso).toBe('2020-11-01');
  });

  it('rejects a month that is not one', () => {
    const p = compileDateParser('yyyy MMM', 10);
    expect(p('2021 ABC')).toBeNull();
    expect(p('2021 13')).toBeNull();
  });

  it('"yyyy MMMM" takes full English month names', () => {
    const p = compileDateParser('yyyy MMMM');
    expect(p('2021 October')?.iso).toBe('2021-10-01');
    expect(p('2021 Octob')).toBeNull();
  });

  it('precision is year when the format has only a year', () => {
    expect(compileDateParser('yyyy')('2024')).toEqual({ day: dayOf(2024, 1, 1), iso: '2024-01-01', precision: 'year' });
  });
});

describe('compileDateParser: date-fns fallback (formats with other tokens)', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('"dd.MM.yyyy HH:mm" keeps the calendar day and drops the time', () => {
    const p = compileDateParser('dd.MM.yyyy HH:mm');
    expect(p('05.03.2024 14:30')).toEqual({ day: dayOf(2024, 3, 5), iso: '2024-03-05', precision: 'day' });
    expect(p('05.03.2024 23:59')?.iso).toBe('2024-03-05');
    expect(p('31.02.2024 10:00')).toBeNull();
    expect(p('05.03.2024')).toBeNull();
    expect(p('not a date')).toBeNull();
  });

  it.each(['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Ho_Chi_Minh', 'UTC'])('gives the same day in time zone %s', (tz) => {
    process.env.TZ = tz;
    const p = compileDateParser('dd.MM.yyyy HH:mm');
    expect(p('05.03.2024 00:00')?.iso).toBe('2024-03-05');
    expect(p('05.03.2024 23:59')?.day).toBe(dayOf(2024, 3, 5));
    expect(p('31.12.2024 23:30')?.iso).toBe('2024-12-31');
  });

  it('applies the fiscal year in the fallback too', () => {
    const p = compileDateParser('dd.MM.yyyy HH:mm', 10);
    expect(p('15.10.2021 08:00')?.iso).toBe('2020-10-15');
    expect(p('15.09.2021 08:00')?.iso).toBe('2021-09-15');
  });
});

describe('day helpers', () => {
  it('daysInMonth knows leap years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2024, 12)).toBe(31);
  });

  it('toDayDate and isoOfDay round-trip', () => {
    const d = toDayDate(2024, 12, 30, 'day')!;
    expect(d.day).toBe(dayOf(2024, 12, 30));
    expect(isoOfDay(d.day)).toBe('2024-12-30');
    expect(toDayDate(2024, 2, 30, 'day')).toBeNull();
  });

  it('parseIsoDate is strict yyyy-MM-dd', () => {
    expect(parseIsoDate('2024-07-01')?.iso).toBe('2024-07-01');
    expect(parseIsoDate('2024-7-1')).toBeNull();
    expect(parseIsoDate('01/07/2024')).toBeNull();
    expect(parseIsoDate('2023-02-29')).toBeNull();
  });
});

describe('compileDateParser: the rules of the fast parser, one by one', () => {
  it('two-digit years pivot as POSIX strptime: 00–68 are 20xx, 69–99 are 19xx', () => {
    const p = compileDateParser('dd/MM/yy');
    expect(p('01/02/68')?.iso).toBe('2068-02-01');
    expect(p('01/02/69')?.iso).toBe('1969-02-01');
    expect(p('01/02/00')?.iso).toBe('2000-02-01');
    expect(p('01/02/99')?.iso).toBe('1999-02-01');
  });

  it('MMMM takes a three-letter month or the full name, nothing between; MMM exactly three letters', () => {
    const full = compileDateParser('MMMM yyyy');
    expect(full('Jul 2024')?.iso).toBe('2024-07-01');
    expect(full('JULY 2024')?.iso).toBe('2024-07-01');
    expect(full('Juli 2024')).toBeNull();
    expect(full('Julyy 2024')).toBeNull();
    const short = compileDateParser('MMM yyyy');
    expect(short('Sep 2024')?.iso).toBe('2024-09-01');
    expect(short('Sept 2024')).toBeNull();
    expect(short('Jux 2024')).toBeNull();
  });

  it('matches the whole cell (trimmed), not a part of it', () => {
    const p = compileDateParser('yyyy-MM');
    expect(p(' 2024-07 ')).toEqual({ day: dayOf(2024, 7, 1), iso: '2024-07-01', precision: 'month' });
    expect(p('x2024-07')).toBeNull();
    expect(p('2024-07x')).toBeNull();
  });

  it('a space in the format is any run of white space; other characters are literal', () => {
    const spaced = compileDateParser('dd MM yyyy');
    expect(spaced('05  07\t2024')?.iso).toBe('2024-07-05');
    expect(spaced('05072024')).toBeNull();
    const dotted = compileDateParser('dd.MM.yyyy');
    expect(dotted('05.07.2024')?.iso).toBe('2024-07-05');
    expect(dotted('05x07x2024')).toBeNull();
    const bracketed = compileDateParser('[yyyy]/(MM)');
    expect(bracketed('[2024]/(07)')?.iso).toBe('2024-07-01');
  });

  it('precision: day with d or dd, month with a month and no day, year with a year alone', () => {
    expect(compileDateParser('yyyy-MM-d')('2024-07-5')).toEqual({ day: dayOf(2024, 7, 5), iso: '2024-07-05', precision: 'day' });
    expect(compileDateParser('yyyy-MM-dd')('2024-07-05')?.precision).toBe('day');
    expect(compileDateParser('MMM yyyy')('Jul 2024')?.precision).toBe('month');
    expect(compileDateParser('yyyy-M')('2024-7')?.precision).toBe('month');
  });

  it('a format without a year goes to date-fns, whose reference date gives the year 2000', () => {
    expect(compileDateParser('dd/MM')('05/07')).toEqual({ day: dayOf(2000, 7, 5), iso: '2000-07-05', precision: 'day' });
  });

  it('the date-fns fallback reads the trimmed cell', () => {
    expect(compileDateParser('dd.MM.yyyy HH:mm')('  05.03.2024 14:30 ')?.iso).toBe('2024-03-05');
  });
});

describe('toDayDate and parseIsoDate: the bounds', () => {
  it('years 1 to 9999, whole numbers only', () => {
    expect(toDayDate(1, 1, 1, 'day')?.iso).toBe('0001-01-01');
    expect(toDayDate(9999, 12, 31, 'day')?.iso).toBe('9999-12-31');
    expect(toDayDate(0, 1, 1, 'day')).toBeNull();
    expect(toDayDate(10000, 1, 1, 'day')).toBeNull();
    expect(toDayDate(2024.5, 1, 1, 'day')).toBeNull();
    expect(toDayDate(2024, 1.5, 1, 'day')).toBeNull();
    expect(toDayDate(2024, 1, 1.5, 'day')).toBeNull();
    expect(toDayDate(2024, 0, 1, 'day')).toBeNull();
    expect(toDayDate(2024, 13, 1, 'day')).toBeNull();
    expect(toDayDate(2024, 1, 0, 'day')).toBeNull();
  });

  it('a year before 100 is that year, not 19xx', () => {
    const d = toDayDate(50, 3, 1, 'month')!;
    // 1 March 50 (proleptic Gregorian) is 701,206 days before 1 January 1970
    expect(d).toEqual({ day: -701_206, iso: '0050-03-01', precision: 'month' });
    expect(isoOfDay(d.day)).toBe('0050-03-01');
    expect(toDayDate(99, 12, 31, 'day')!.iso).toBe('0099-12-31');
    expect(isoOfDay(toDayDate(99, 12, 31, 'day')!.day)).toBe('0099-12-31');
    expect(isoOfDay(toDayDate(100, 1, 1, 'day')!.day)).toBe('0100-01-01');
  });

  it('parseIsoDate: the whole trimmed cell, at day precision', () => {
    expect(parseIsoDate(' 2024-07-01 ')).toEqual({ day: dayOf(2024, 7, 1), iso: '2024-07-01', precision: 'day' });
    expect(parseIsoDate('x2024-07-01')).toBeNull();
    expect(parseIsoDate('2024-07-01x')).toBeNull();
  });
});
