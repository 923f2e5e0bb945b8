import { describe, expect, it } from 'vitest';
import { emptyBuckets, formatBuckets, formatDiagnostic } from '../../src/core/diagnostic.js';

describe('formatDiagnostic', () => {
  it('file:line: [CODE] field "value": message (hint)', () => {
    expect(
      formatDiagnostic({ severity: 'error', code: 'INVALID_QUANTITY', file: 'data/vn-hq.csv', line: 42, field: 'quantity', value: 'abc', message: 'is not a number', hint: 'use digits' }),
    ).toBe('data/vn-hq.csv:42: [INVALID_QUANTITY] quantity "abc": is not a number (use digits)');
  });

  it('quotes values as JSON strings, so quotes and line breaks stay visible', () => {
    expect(formatDiagnostic({ severity: 'error', code: 'UNKNOWN_UNIT', file: 'a.csv', line: 3, field: 'unit', value: 'say "x"\n', message: 'm' })).toBe(
      'a.csv:3: [UNKNOWN_UNIT] unit "say \\"x\\"\\n": m',
    );
  });

  it('without field, value or hint', () => {
    expect(formatDiagnostic({ severity: 'error', code: 'FIELD_COUNT', file: 'a.csv', line: 7, message: 'row has 3 fields' })).toBe('a.csv:7: [FIELD_COUNT] row has 3 fields');
  });

  it('line 0 (the whole file) prints the file alone', () => {
    expect(formatDiagnostic({ severity: 'warning', code: 'EMPTY_FILE', file: 'data/x.csv', line: 0, message: 'file has no records' })).toBe(
      'data/x.csv: [EMPTY_FILE] file has no records',
    );
  });

  it('a field with an empty value still shows the empty value', () => {
    expect(formatDiagnostic({ severity: 'error', code: 'MISSING_FIELD', file: 'a.csv', line: 2, field: 'route', value: '', message: 'route is required' })).toBe(
      'a.csv:2: [MISSING_FIELD] route "": route is required',
    );
  });
});

describe('buckets', () => {
  it('formatBuckets is the documented line', () => {
    expect(formatBuckets({ read: 10, accepted: 6, rejected: 2, duplicates: 1, out_of_scope: 1 })).toBe(
      'read 10 = accepted 6 + rejected 2 + duplicates 1 + out_of_scope 1',
    );
  });
  it('emptyBuckets starts every bucket at 0', () => {
    expect(emptyBuckets()).toEqual({ read: 0, accepted: 0, rejected: 0, duplicates: 0, out_of_scope: 0 });
  });
});
