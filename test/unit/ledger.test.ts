import { describe, expect, it } from 'vitest';
import { Ledger, contentHash } from '../../src/validate/ledger.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, phase, rec, testCampaign } from '../helpers/records.js';

const FILES = ['data/a.csv', 'data/b.csv'];

function classify(ledger: Ledger, r: SeizureRecord) {
  const [h1, h2] = keyHash(r.reportingCountry, r.id);
  return ledger.classify(r, h1, h2, contentHash(r));
}

describe('Ledger: identity (reporting country + id)', () => {
  it('the same record again is a duplicate naming where it was first seen', () => {
    const l = new Ledger(testCampaign(), FILES);
    expect(classify(l, rec({ id: 'X1', line: 2 }))).toEqual({ bucket: 'accepted', phase: 'p1' });
    const dup = classify(l, rec({ id: 'X1', fileIndex: 1, line: 5, extras: ['other extra'] }));
    expect(dup.bucket).toBe('duplicates');
    expect(dup.diagnostic).toMatchObject({ severity: 'warning', code: 'DUPLICATE', file: 'data/b.csv', line: 5, field: 'id', value: 'X1' });
    expect(dup.diagnostic!.message).toContain('data/a.csv:2');
  });

  it('the same id with different content: the later record is rejected and the message names both file:line', () => {
    const l = new Ledger(testCampaign(), FILES);
    classify(l, rec({ id: 'X1', quantity: 2, line: 3 }));
    const c = classify(l, rec({ id: 'X1', quantity: 2.5, fileIndex: 1, line: 8 }));
    expect(c.bucket).toBe('rejected');
    expect(c.diagnostic).toMatchObject({ severity: 'error', code: 'CONFLICTING_ID', file: 'data/b.csv', line: 8, field: 'id', value: 'X1' });
    expect(c.diagnostic!.message).toContain('data/a.csv:3');
    // and the third sighting is compared with the first, accepted one
    expect(classify(l, rec({ id: 'X1', quantity: 2, line: 20 })).bucket).toBe('duplicates');
  });

  it('the same id from another reporting country is another seizure', () => {
    const l = new Ledger(testCampaign(), FILES);
    expect(classify(l, rec({ id: 'X1', reportingCountry: 'VN' })).bucket).toBe('accepted');
    expect(classify(l, rec({ id: 'X1', reportingCountry: 'KR' })).bucket).toBe('accepted');
  });

  it('quantities equal at 6 decimals of the canonical unit are the same: 1 lb vs 0.453592 kg', () => {
    const l = new Ledger(testCampaign(), FILES);
    classify(l, rec({ id: 'P1', quantity: 1 * 0.45359237, conversion: { from: 'lb', unit: 'kg', factor: 0.45359237 } }));
    expect(classify(l, rec({ id: 'P1', quantity: 0.453592, fileIndex: 1 })).bucket).toBe('duplicates');
    // 0.4536 kg differs in the 5th decimal: a conflict
    expect(classify(l, rec({ id: 'P1', quantity: 0.4536, fileIndex: 1 })).bucket).toBe('rejected');
  });

  it('quantities that differ in the 6th decimal conflict', () => {
    const l = new Ledger(testCampaign(), FILES);
    classify(l, rec({ id: 'Q', quantity: 1.000001 }));
    expect(classify(l, rec({ id: 'Q', quantity: 1.000002 })).bucket).toBe('rejected');
    expect(classify(l, rec({ id: 'Q', quantity: 1.0000013 })).bucket).toBe('duplicates');
  });

  it.each<[string, Partial<SeizureRecord>]>([
    ['date', { date: '2024-07-11' }],
    ['commodity', { commodity: 'precursors' }],
    ['subtype', { subtype: 'heroin' }],
    ['unit', { unit: 'l' }],
    ['route', { route: 'sea' }],
    ['origin', { origin: 'LA' }],
    ['destination', { destination: 'KR' }],
    ['case id', { caseId: 'C-9' }],
    ['direction', { direction: 'import' }],
    ['location', { location: 'Noi Bai' }],
    ['detection method', { detectionMethod: 'x-ray' }],
    ['concealment', { concealment: 'luggage' }],
    ['count', { count: 2 }],
  ])('a different %s is a conflict', (_what, change) => {
    const l = new Ledger(testCampaign(), FILES);
    classify(l, rec({ id: 'Z' }));
    expect(classify(l, rec({ id: 'Z', ...change })).bucket).toBe('rejected');
  });

  it('file, line and extras do not make a record different', () => {
    const a = rec({ fileIndex: 0, line: 2, extras: ['a'] });
    const b = rec({ fileIndex: 1, line: 99, extras: ['b', 'c'] });
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('still finds first sightings after growing past its initial capacity', () => {
    const l = new Ledger(testCampaign(), FILES);
    const n = 40_000;
    for (let i = 0; i < n; i++) expect(classify(l, rec({ id: `ID-${i}`, line: i + 2 })).bucket).toBe('accepted');
    const late = classify(l, rec({ id: 'ID-0', fileIndex: 1, line: 7 }));
    expect(late.bucket).toBe('duplicates');
    expect(late.diagnostic!.message).toContain('data/a.csv:2');
    const conflict = classify(l, rec({ id: `ID-${n - 1}`, quantity: 5, fileIndex: 1, line: 8 }));
    expect(conflict.bucket).toBe('rejected');
    expect(conflict.diagnostic!.message).toContain(`data/a.csv:${n + 1}`);
  });
});

describe('Ledger: scope', () => {
  it('a commodity outside the campaign is out_of_scope with COMMODITY_OUT_OF_SCOPE', () => {
    const l = new Ledger(testCampaign({ commodities: ['drugs'] }), FILES);
    const c = classify(l, rec({ commodity: 'tobacco', line: 4 }));
    expect(c).toMatchObject({ bucket: 'out_of_scope', reason: 'commodity' });
    expect(c.diagnostic).toMatchObject({ severity: 'warning', code: 'COMMODITY_OUT_OF_SCOPE', line: 4 });
  });

  it('phases are inclusive at both ends; a date between or outside them is OUTSIDE_PHASES', () => {
    const campaign = testCampaign({ phases: [phase('a', '2024-07-01', '2024-07-31'), phase('b', '2024-08-05', '2024-08-31')] });
    const l = new Ledger(campaign, FILES);
    const at = (date: string, id: string) => classify(l, rec({ id, date }));
    expect(at('2024-07-01', '1')).toEqual({ bucket: 'accepted', phase: 'a' });
    expect(at('2024-07-31', '2')).toEqual({ bucket: 'accepted', phase: 'a' });
    expect(at('2024-08-05', '3')).toEqual({ bucket: 'accepted', phase: 'b' });
    expect(at('2024-08-31', '4')).toEqual({ bucket: 'accepted', phase: 'b' });
    for (const [date, id] of [
      ['2024-06-30', '5'],
      ['2024-08-02', '6'],
      ['2024-09-01', '7'],
    ] as const) {
      const c = at(date, id);
      expect(c).toMatchObject({ bucket: 'out_of_scope', reason: 'outside_phases', phase: '' });
      expect(c.diagnostic).toMatchObject({ code: 'OUTSIDE_PHASES', field: 'date', value: date });
    }
  });

  it('a phase column wins over the date', () => {
    const l = new Ledger(testCampaign(), FILES);
    expect(classify(l, rec({ date: '2024-07-10', phase: 'p2' }))).toEqual({ bucket: 'accepted', phase: 'p2' });
  });

  it('with only one phase selected, records of other phases are out_of_scope (other_phase) without a diagnostic', () => {
    const l = new Ledger(testCampaign(), FILES, 'p2');
    expect(classify(l, rec({ id: '1', date: '2024-07-10' }))).toEqual({ bucket: 'out_of_scope', phase: 'p1', reason: 'other_phase' });
    expect(classify(l, rec({ id: '2', date: '2024-08-10' }))).toEqual({ bucket: 'accepted', phase: 'p2' });
  });

  it('identity is checked before scope: a re-sent out-of-scope record is a duplicate', () => {
    const l = new Ledger(testCampaign(), FILES);
    expect(classify(l, rec({ id: 'O', date: '2025-01-01' })).bucket).toBe('out_of_scope');
    expect(classify(l, rec({ id: 'O', date: '2025-01-01' })).bucket).toBe('duplicates');
  });
});

describe('Ledger: the classifications and diagnostics, exactly', () => {
  it('a duplicate and a conflict name the first sighting by file and line, in any file', () => {
    const l = new Ledger(testCampaign(), FILES);
    classify(l, rec({ id: 'X1', fileIndex: 1, line: 7 }));
    expect(classify(l, rec({ id: 'X1', fileIndex: 0, line: 3 }))).toStrictEqual({
      bucket: 'duplicates',
      phase: '',
      diagnostic: { severity: 'warning', code: 'DUPLICATE', file: 'data/a.csv', line: 3, field: 'id', value: 'X1', message: 'the same record as data/b.csv:7; counted once' },
    });
    expect(classify(l, rec({ id: 'X1', quantity: 3, fileIndex: 1, line: 9 }))).toStrictEqual({
      bucket: 'rejected',
      phase: '',
      diagnostic: {
        severity: 'error',
        code: 'CONFLICTING_ID',
        file: 'data/b.csv',
        line: 9,
        field: 'id',
        value: 'X1',
        message: 'id X1 from VN was already used at data/b.csv:7 with different content; this later record is rejected',
        hint: 'give each seizure line its own id, or correct the one that is wrong',
      },
    });
  });

  it("out of scope: a commodity the campaign leaves out, a date outside every phase (the hint lists them), another phase than the one asked", () => {
    const l = new Ledger(testCampaign({ commodities: ['drugs'] }), FILES, 'p1');
    expect(classify(l, rec({ id: 'C', commodity: 'cites', line: 4 }))).toStrictEqual({
      bucket: 'out_of_scope',
      phase: '',
      reason: 'commodity',
      diagnostic: { severity: 'warning', code: 'COMMODITY_OUT_OF_SCOPE', file: 'data/a.csv', line: 4, field: 'commodity', value: 'cites', message: "cites is not in this campaign's commodities" },
    });
    expect(classify(l, rec({ id: 'D', date: '2024-09-01', line: 5 }))).toStrictEqual({
      bucket: 'out_of_scope',
      phase: '',
      reason: 'outside_phases',
      diagnostic: {
        severity: 'warning',
        code: 'OUTSIDE_PHASES',
        file: 'data/a.csv',
        line: 5,
        field: 'date',
        value: '2024-09-01',
        message: '2024-09-01 is outside every phase',
        hint: 'phases: p1 2024-07-01..2024-07-31, p2 2024-08-01..2024-08-31',
      },
    });
    expect(classify(l, rec({ id: 'E', date: '2024-08-02' }))).toStrictEqual({ bucket: 'out_of_scope', phase: 'p2', reason: 'other_phase' });
    expect(classify(l, rec({ id: 'F' }))).toStrictEqual({ bucket: 'accepted', phase: 'p1' });
  });

  it('the hint of a date outside every phase: none, up to six listed, more summed up', () => {
    const hint = (phases: ReturnType<typeof phase>[]) => classify(new Ledger(testCampaign({ phases }), FILES), rec({ date: '2023-01-01' })).diagnostic?.hint;
    expect(hint([])).toBe('no phases');
    const months = Array.from({ length: 7 }, (_, i) => phase(`m${i + 1}`, `2024-0${i + 1}-01`, `2024-0${i + 1}-28`));
    expect(hint(months.slice(0, 6))).toBe(`phases: ${months.slice(0, 6).map((p) => `${p.id} ${p.start.iso}..${p.end.iso}`).join(', ')}`);
    expect(hint(months.slice(0, 6))).toContain('m6 2024-06-01..2024-06-28');
    expect(hint(months)).toBe('7 phases between 2024-01-01 and 2024-07-28');
  });

  it('the record that fills the first table is remembered like any other (signature and place)', () => {
    const l = new Ledger(testCampaign(), FILES);
    const first = 1 << 14; // the smallest table
    for (let i = 0; i <= first; i++) classify(l, rec({ id: `G${i}`, line: i + 2 }));
    expect(classify(l, rec({ id: `G${first - 1}`, line: 1 })).diagnostic?.message).toBe(`the same record as data/a.csv:${first + 1}; counted once`);
    expect(classify(l, rec({ id: `G${first}`, line: 1 })).diagnostic?.message).toBe(`the same record as data/a.csv:${first + 2}; counted once`);
  });
});

describe('Ledger: places in workbooks', () => {
  const keyed = (onConflict: 'latest' | 'first') => new Ledger(testCampaign({ key: { fields: ['reporting_country', 'date', 'subtype', 'route'], onConflict } }), ['old.xlsx', 'new.csv']);
  const classifyIn = (ledger: Ledger, r: SeizureRecord, sheet?: string) => {
    const [h1, h2] = keyHash(r.reportingCountry, r.id);
    return ledger.classify(r, h1, h2, contentHash(r), sheet);
  };

  it('a duplicate and a conflict name the sheet and row of the first sighting, as diagnostics are printed', () => {
    const l = new Ledger(testCampaign(), ['book.xlsx', 'data/b.csv']);
    classifyIn(l, rec({ id: 'X1', line: 4 }), 'Tháng 7');
    classifyIn(l, rec({ id: 'Y1', line: 5 }), 'Tháng 8');
    expect(classifyIn(l, rec({ id: 'X1', fileIndex: 1, line: 2 })).diagnostic!.message).toBe('the same record as book.xlsx [Tháng 7] row 4; counted once');
    expect(classifyIn(l, rec({ id: 'Y1', quantity: 9, line: 6 }), 'Tháng 8').diagnostic!.message).toBe('id Y1 from VN was already used at book.xlsx [Tháng 8] row 5 with different content; this later record is rejected');
    // back to the first sheet, and a CSV place beside them
    classifyIn(l, rec({ id: 'Z1', line: 9 }), 'Tháng 7');
    classifyIn(l, rec({ id: 'W1', fileIndex: 1, line: 3 }));
    expect(classifyIn(l, rec({ id: 'Z1', fileIndex: 1, line: 7 })).diagnostic!.message).toBe('the same record as book.xlsx [Tháng 7] row 9; counted once');
    expect(classifyIn(l, rec({ id: 'W1', line: 8 }), 'Tháng 7').diagnostic!.message).toBe('the same record as data/b.csv:3; counted once');
  });

  it('a record replaced under latest is named by its sheet (in the diagnostic and the message of the record after it)', () => {
    const l = keyed('latest');
    classifyIn(l, rec({ id: 'A', subtype: 'heroin', line: 4 }), 'Tháng 7');
    const c = classifyIn(l, rec({ id: 'B', subtype: 'heroin', quantity: 3, fileIndex: 1, line: 2 }));
    expect(c.superseded!.diagnostic).toEqual({
      severity: 'warning',
      code: 'SUPERSEDED',
      file: 'old.xlsx',
      line: 4,
      sheet: 'Tháng 7',
      field: 'key',
      value: 'VN, 2024-07-10, heroin, air',
      message: 'replaced by new.csv:2, the same key from a later source with other content (on_conflict: latest)',
    });
    // a CSV record replaced by a workbook's: no sheet on it, the workbook's row in the message
    const l2 = new Ledger(testCampaign({ key: { fields: ['reporting_country', 'date', 'subtype', 'route'], onConflict: 'latest' } }), ['new.csv', 'later.xlsx']);
    classifyIn(l2, rec({ id: 'A', line: 3 }));
    const d = classifyIn(l2, rec({ id: 'B', quantity: 4, fileIndex: 1, line: 6 }), 'Báo cáo').superseded!.diagnostic;
    expect(d).not.toHaveProperty('sheet');
    expect(d.message).toBe('replaced by later.xlsx [Báo cáo] row 6, the same key from a later source with other content (on_conflict: latest)');
  });

  it('two sheets of one workbook are one file: the same key in both is a conflict, not a later release', () => {
    const l = keyed('latest');
    classifyIn(l, rec({ id: 'A', line: 4 }), 'Tháng 7');
    const c = classifyIn(l, rec({ id: 'B', quantity: 2, line: 4 }), 'Tháng 8');
    expect(c.bucket).toBe('rejected');
    expect(c.superseded).toBeUndefined();
    expect(c.diagnostic!.message).toBe('this key (reporting_country, date, subtype, route) was already used at old.xlsx [Tháng 7] row 4 with different content; this later record is rejected');
    // under first, a later file with other content is set aside naming the sheet kept
    const f = keyed('first');
    classifyIn(f, rec({ id: 'A', line: 4 }), 'Tháng 7');
    expect(classifyIn(f, rec({ id: 'B', quantity: 2, fileIndex: 1, line: 2 })).diagnostic!.message).toBe('the same key as old.xlsx [Tháng 7] row 4 with other content; set aside, the earlier record is kept (on_conflict: first)');
  });
});
