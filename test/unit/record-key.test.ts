import { describe, expect, it } from 'vitest';
import { KEY_FIELDS } from '../../src/config/schema.js';
import { hashKey, keyText, keyValues } from '../../src/validate/record-key.js';
import { hashOut } from '../../src/util/hash.js';
import { rec } from '../helpers/records.js';

describe('record keys', () => {
  it('every key field reads its own value of the record', () => {
    const r = rec({
      id: 'i', caseId: 'c', date: '2024-07-03', reportingCountry: 'VN', commodity: 'drugs', subtype: 'heroin', unit: 'l', route: 'sea',
      origin: 'LA', destination: 'KR', direction: 'import', phase: 'p1', location: 'loc', detectionMethod: 'xray', concealment: 'bag', agency: 'hq',
    });
    expect(KEY_FIELDS).toEqual(['id', 'date', 'reporting_country', 'commodity', 'subtype', 'unit', 'route', 'origin_country', 'destination_country', 'case_id', 'direction', 'phase', 'location', 'detection_method', 'concealment', 'agency']);
    expect(keyValues(KEY_FIELDS, r)).toEqual(['i', '2024-07-03', 'VN', 'drugs', 'heroin', 'l', 'sea', 'LA', 'KR', 'c', 'import', 'p1', 'loc', 'xray', 'bag', 'hq']);
    expect(keyText(['subtype', 'reporting_country'], r)).toBe('heroin, VN');
  });

  it('hashes the values in order, apart: (ab, c) and (a, bc) differ', () => {
    const at = (fields: Parameters<typeof hashKey>[0], r: ReturnType<typeof rec>) => {
      hashKey(fields, r);
      return [hashOut.h1, hashOut.h2];
    };
    const a = at(['location', 'concealment'], rec({ location: 'ab', concealment: 'c' }));
    expect(at(['location', 'concealment'], rec({ location: 'a', concealment: 'bc' }))).not.toEqual(a);
    expect(at(['location', 'concealment'], rec({ location: 'ab', concealment: 'c', id: 'other' }))).toEqual(a);
    expect(at(['concealment', 'location'], rec({ location: 'ab', concealment: 'c' }))).not.toEqual(a);
  });
});
