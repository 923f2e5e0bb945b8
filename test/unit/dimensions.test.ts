import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DIMENSIONS, DIMENSION_VALUE, isoWeekOfDay, parseDimensions } from '../../src/aggregate/dimensions.js';
import { rec } from '../helpers/records.js';

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('isoWeekOfDay', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it.each([
    ['2024-12-30', '2025-W01'], // Monday of week 1 of 2025
    ['2024-12-29', '2024-W52'],
    ['2021-01-03', '2020-W53'], // Sunday, still in 2020's week 53
    ['2021-01-04', '2021-W01'],
    ['2024-01-01', '2024-W01'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2024-07-10', '2024-W28'],
  ])('%s → %s', (iso, week) => {
    expect(isoWeekOfDay(dayOf(iso))).toBe(week);
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Los_Angeles'])('does not depend on the time zone (%s)', (tz) => {
    process.env.TZ = tz;
    // days not asked for before in this file, so no cached answer hides the zone
    expect(isoWeekOfDay(dayOf('2019-12-30'))).toBe('2020-W01');
    expect(isoWeekOfDay(dayOf('2016-01-03'))).toBe('2015-W53');
    expect(isoWeekOfDay(dayOf('2023-01-02'))).toBe('2023-W01');
    delete process.env.TZ;
  });
});

describe('parseDimensions', () => {
  it('accepts the documented names in the order given, case-insensitively, once each', () => {
    expect(parseDimensions('phase, Commodity ,phase,week')).toEqual({ dims: ['phase', 'commodity', 'week'], unknown: [] });
  });
  it('returns the unknown names as written', () => {
    expect(parseDimensions('commodity,bogus, Colour')).toEqual({ dims: ['commodity'], unknown: ['bogus', 'Colour'] });
  });
  it('an empty list gives no dimensions', () => {
    expect(parseDimensions('')).toEqual({ dims: [], unknown: [] });
  });
  it('the default is commodity, route, country', () => {
    expect(DEFAULT_DIMENSIONS).toEqual(['commodity', 'route', 'country']);
  });
});

describe('DIMENSION_VALUE', () => {
  it('reads each dimension from a record', () => {
    const r = rec({ date: '2024-07-10', reportingCountry: 'KR', origin: 'TH', destination: 'ZZ', direction: 'import', subtype: 'heroin', route: 'post' });
    expect(DIMENSION_VALUE.month(r, 'p1')).toBe('2024-07');
    expect(DIMENSION_VALUE.week(r, 'p1')).toBe('2024-W28');
    expect(DIMENSION_VALUE.country(r, 'p1')).toBe('KR');
    expect(DIMENSION_VALUE.origin(r, 'p1')).toBe('TH');
    expect(DIMENSION_VALUE.destination(r, 'p1')).toBe('ZZ');
    expect(DIMENSION_VALUE.direction(r, 'p1')).toBe('import');
    expect(DIMENSION_VALUE.subtype(r, 'p1')).toBe('heroin');
    expect(DIMENSION_VALUE.route(r, 'p1')).toBe('post');
    expect(DIMENSION_VALUE.phase(r, 'p9')).toBe('p9');
  });
});
