import { describe, expect, it } from 'vitest';
import { DIMENSION_VALUE, type Dimension } from '../../src/aggregate/dimensions.js';
import { RecordCoder, ValueCodes } from '../../src/aggregate/record-codes.js';
import { CANONICAL_UNITS } from '../../src/normalize/unit.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { rec } from '../helpers/records.js';

/** The values a coder's codes stand for: each dimension's value, then the unit. */
function decoded(coder: RecordCoder): string[] {
  return [...coder.dims.map((_, i) => coder.dictionaries[i]!.values[coder.codes[i]!]!), CANONICAL_UNITS[coder.codes[coder.dims.length]!]!];
}

describe('ValueCodes', () => {
  it('codes values 0, 1, 2 … in the order first seen', () => {
    const v = new ValueCodes();
    expect(['VN', 'KR', 'VN', '', 'KR'].map((x) => v.code(x))).toEqual([0, 1, 0, 2, 1]);
    expect(v.values).toEqual(['VN', 'KR', '']);
  });
});

describe('RecordCoder', () => {
  const dims: Dimension[] = ['phase', 'commodity', 'subtype', 'country', 'agency', 'route', 'direction', 'origin', 'destination', 'week', 'month', 'year', 'quarter', 'group'];

  it('codes each dimension as DIMENSION_VALUE reads it, and the unit by its index in CANONICAL_UNITS', () => {
    const coder = new RecordCoder(dims);
    const r = rec({ date: '2024-12-30', reportingCountry: 'KR', commodity: 'cites', subtype: 'ivory', agency: 'customs', route: 'sea', direction: 'import', origin: 'LA', destination: 'KR', unit: 'pieces' });
    coder.encode(r, 'p2');
    expect(decoded(coder)).toEqual(['p2', 'cites', 'ivory', 'KR', 'customs', 'sea', 'import', 'LA', 'KR', '2025-W01', '2024-12', '2024', '2024-Q4', r.group, 'pieces']);
    expect(coder.codes[dims.length]).toBe(CANONICAL_UNITS.indexOf('pieces'));
  });

  it('dates: the same day at another precision, and days that share a slot, each get their own codes', () => {
    const coder = new RecordCoder(['week', 'month', 'year']);
    const read = (r: SeizureRecord) => {
      coder.encode(r, 'p1');
      return decoded(coder).slice(0, 3).join('/');
    };
    const day = rec({ date: '2024-07-01' });
    const month = { ...day, precision: 'month' as const };
    const year = { ...rec({ date: '2024-01-01' }), precision: 'year' as const };
    // 1,024 days apart: the same slot of the direct-mapped table
    const later = rec({ date: '2027-04-21' });
    expect(later.day - day.day).toBe(1024);
    expect([read(day), read(month), read(day), read(later), read(day), read(year), read(later)]).toEqual([
      '2024-W27/2024-07/2024',
      '/2024-07/2024',
      '2024-W27/2024-07/2024',
      '2027-W16/2027-04/2027',
      '2024-W27/2024-07/2024',
      '//2024',
      '2027-W16/2027-04/2027',
    ]);
  });

  it('coders sharing dictionaries give every value one code whichever codes it first', () => {
    const a = new RecordCoder(['phase', 'commodity']);
    const b = new RecordCoder(['commodity', 'phase'], [a.dictionaries[1]!, a.dictionaries[0]!]);
    b.encode(rec({ commodity: 'tobacco' }), 'p9');
    a.encode(rec({ commodity: 'drugs' }), 'p1');
    a.encode(rec({ commodity: 'tobacco' }), 'p9');
    expect([...a.codes]).toEqual([0, 0, CANONICAL_UNITS.indexOf('kg')]);
    expect(a.dictionaries[1]!.values).toEqual(['tobacco', 'drugs']);
    expect(a.dictionaries[0]!.values).toEqual(['p9', 'p1']);
  });

  it('matches DIMENSION_VALUE on random records of every precision', () => {
    const coder = new RecordCoder(dims);
    const precisions = ['day', 'month', 'year'] as const;
    for (let i = 0; i < 3000; i++) {
      const date = new Date(Date.UTC(2023, 0, 1) + ((i * 7919) % 2000) * 86_400_000).toISOString().slice(0, 10);
      const p = precisions[i % 3]!;
      const base = rec({ date: p === 'day' ? date : p === 'month' ? `${date.slice(0, 7)}-01` : `${date.slice(0, 4)}-01-01`, route: ['air', 'sea', 'post'][i % 3]!, agency: `a${i % 7}` });
      const r = { ...base, precision: p };
      coder.encode(r, `p${i % 4}`);
      expect(decoded(coder).slice(0, dims.length)).toEqual(dims.map((d) => DIMENSION_VALUE[d](r, `p${i % 4}`)));
    }
  });
});
