import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/config/campaign.js';
import { contentHash, keyedContentHash, Ledger } from '../../src/validate/ledger.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, rec, testCampaign } from '../helpers/records.js';

const FILES = ['old.csv', 'new.csv', 'newest.csv'];
const KEY = ['reporting_country', 'date', 'subtype', 'route'] as const;

function keyed(onConflict: 'latest' | 'first', overrides: Partial<Campaign> = {}): Ledger {
  return new Ledger(testCampaign({ key: { fields: [...KEY], onConflict }, ...overrides }), FILES);
}

function classify(ledger: Ledger, r: SeizureRecord) {
  const [h1, h2] = keyHash(r.reportingCountry, r.id);
  return ledger.classify(r, h1, h2, contentHash(r));
}

/** A release's row: ids differ between releases, the key does not. */
const row = (o: Partial<SeizureRecord> & { date?: string }) => rec({ subtype: 'heroin', ...o });

describe('Ledger with key: and on_conflict: latest', () => {
  it('holds accepted records, and a later file with the same key and other content replaces the earlier record', () => {
    const l = keyed('latest');
    expect(l.holding).toBe(true);
    expect(classify(l, row({ id: 'A1', quantity: 5, line: 3 }))).toEqual({ bucket: 'accepted', phase: 'p1' });
    expect(classify(l, row({ id: 'A2', subtype: 'cocaine', line: 4 }))).toEqual({ bucket: 'accepted', phase: 'p1' });
    const c = classify(l, row({ id: 'B1', quantity: 7.5, fileIndex: 1, line: 9 }));
    expect(c.bucket).toBe('accepted');
    expect(c.phase).toBe('p1');
    expect(c.diagnostic).toBeUndefined();
    // the first record held (number 0) leaves the accepted set
    expect(c.superseded).toEqual({
      fileIndex: 0,
      bucket: 'accepted',
      held: 0,
      day: row({}).day,
      diagnostic: {
        severity: 'warning',
        code: 'SUPERSEDED',
        file: 'old.csv',
        line: 3,
        field: 'key',
        value: 'VN, 2024-07-10, heroin, air',
        message: 'replaced by new.csv:9, the same key from a later source with other content (on_conflict: latest)',
      },
    });
    // a third release replaces the second: its record was held as number 2
    const third = classify(l, row({ id: 'C1', quantity: 8, fileIndex: 2, line: 2 }));
    expect(third.superseded).toMatchObject({ fileIndex: 1, bucket: 'accepted', held: 2, diagnostic: { file: 'new.csv', line: 9 } });
    expect(third.superseded!.diagnostic.message).toContain('newest.csv:2');
  });

  it('an earlier out-of-scope record is replaced too, with its reason', () => {
    const l = keyed('latest');
    const out = classify(l, row({ id: 'A', date: '2024-09-02', line: 6 }));
    expect(out).toMatchObject({ bucket: 'out_of_scope', reason: 'outside_phases' });
    const c = classify(l, row({ id: 'B', date: '2024-09-02', quantity: 2, fileIndex: 1, line: 7 }));
    expect(c).toMatchObject({ bucket: 'out_of_scope', reason: 'outside_phases', superseded: { fileIndex: 0, bucket: 'out_of_scope', reason: 'outside_phases', held: -1 } });
    expect(c.diagnostic).toMatchObject({ code: 'OUTSIDE_PHASES', file: 'new.csv', line: 7 });
    // commodity out of scope, then replaced by an in-scope record: held as the first record (number 0)
    const l2 = keyed('latest', { commodities: ['drugs'] });
    expect(classify(l2, row({ commodity: 'cites', line: 2 }))).toMatchObject({ bucket: 'out_of_scope', reason: 'commodity' });
    const in2 = classify(l2, row({ commodity: 'drugs', fileIndex: 1, line: 2 }));
    expect(in2).toMatchObject({ bucket: 'accepted', superseded: { bucket: 'out_of_scope', reason: 'commodity', held: -1 } });
    expect(classify(l2, row({ commodity: 'drugs', quantity: 3, fileIndex: 2, line: 2 })).superseded).toMatchObject({ bucket: 'accepted', held: 0 });
    // another phase (aggregate --phase)
    const l3 = new Ledger(testCampaign({ key: { fields: [...KEY], onConflict: 'latest' } }), FILES, 'p2');
    expect(classify(l3, row({ line: 2 }))).toMatchObject({ bucket: 'out_of_scope', reason: 'other_phase' });
    expect(classify(l3, row({ quantity: 2, fileIndex: 1, line: 3 })).superseded).toMatchObject({ bucket: 'out_of_scope', reason: 'other_phase' });
  });

  it('the same content again (whatever the id): from a later file under latest it replaces the earlier record; in the same file, or under first, a duplicate', () => {
    const l = keyed('latest');
    classify(l, row({ id: 'A1', line: 3 }));
    expect(classify(l, row({ id: 'A2', line: 5 }))).toEqual({
      bucket: 'duplicates',
      phase: '',
      diagnostic: { severity: 'warning', code: 'DUPLICATE', file: 'old.csv', line: 5, field: 'key', value: 'VN, 2024-07-10, heroin, air', message: 'the same record as old.csv:3; counted once' },
    });
    const d = classify(l, row({ id: 'B7', fileIndex: 1, line: 4 }));
    expect(d.bucket).toBe('accepted');
    expect(d.superseded).toMatchObject({ fileIndex: 0, bucket: 'accepted', held: 0 });
    expect(d.superseded!.diagnostic).toEqual({
      severity: 'warning',
      code: 'SUPERSEDED',
      file: 'old.csv',
      line: 3,
      field: 'key',
      value: 'VN, 2024-07-10, heroin, air',
      message: 'replaced by new.csv:4, the same key from a later source with the same content (on_conflict: latest)',
    });
    const f = keyed('first');
    classify(f, row({ id: 'A1', line: 3 }));
    expect(classify(f, row({ id: 'B7', fileIndex: 1, line: 4 }))).toEqual({
      bucket: 'duplicates',
      phase: '',
      diagnostic: { severity: 'warning', code: 'DUPLICATE', file: 'new.csv', line: 4, field: 'key', value: 'VN, 2024-07-10, heroin, air', message: 'the same record as old.csv:3; counted once' },
    });
  });

  it('names where each key is held now, as records take keys over from earlier files and new keys come after them', () => {
    const l = keyed('latest');
    const k1 = { subtype: 'heroin' };
    const k2 = { subtype: 'cocaine' };
    const k3 = { subtype: 'ivory', commodity: 'cites' };
    classify(l, row({ ...k1, id: 'a', line: 3 }));
    classify(l, row({ ...k2, id: 'b', fileIndex: 1, line: 5 }));
    // newest.csv takes k2 over from new.csv, then brings a key of its own
    expect(classify(l, row({ ...k2, id: 'c', quantity: 9, fileIndex: 2, line: 7 })).superseded!.diagnostic).toMatchObject({ file: 'new.csv', line: 5, message: expect.stringContaining('replaced by newest.csv:7,') });
    classify(l, row({ ...k3, id: 'd', fileIndex: 2, line: 8 }));
    const conflict = (r: SeizureRecord) => classify(l, r).diagnostic!.message;
    expect(conflict(row({ ...k3, id: 'e', quantity: 2, fileIndex: 2, line: 9 }))).toContain('already used at newest.csv:8 ');
    expect(conflict(row({ ...k2, id: 'f', quantity: 3, fileIndex: 2, line: 10 }))).toContain('already used at newest.csv:7 ');
    // k1 is still where it was first read
    expect(classify(l, row({ ...k1, id: 'g', quantity: 4, fileIndex: 2, line: 11 })).superseded!.diagnostic).toMatchObject({ file: 'old.csv', line: 3 });
    expect(conflict(row({ ...k1, id: 'h', quantity: 5, fileIndex: 2, line: 12 }))).toContain('already used at newest.csv:11 ');
    // A key taken over from the middle of a file's keys: those after it stay that file's.
    const m = keyed('latest');
    const keys = ['a', 'b', 'c'].map((r) => ({ route: r }));
    keys.forEach((k, i) => classify(m, row({ ...k, id: `n${i}`, fileIndex: 1, line: 20 + i })));
    expect(classify(m, row({ ...keys[1]!, id: 'x', quantity: 8, fileIndex: 2, line: 30 })).superseded!.diagnostic).toMatchObject({ file: 'new.csv', line: 21 });
    expect(classify(m, row({ ...keys[2]!, id: 'y', quantity: 8, fileIndex: 2, line: 31 })).superseded!.diagnostic).toMatchObject({ file: 'new.csv', line: 22, message: expect.stringContaining('replaced by newest.csv:31,') });
  });

  it('the same key with other content in the same file is a conflict, as an id is; the record kept stays', () => {
    const l = keyed('latest');
    classify(l, row({ quantity: 1, line: 3 }));
    const c = classify(l, row({ quantity: 2, line: 5 }));
    expect(c.bucket).toBe('rejected');
    expect(c.superseded).toBeUndefined();
    expect(c.diagnostic).toMatchObject({ severity: 'error', code: 'CONFLICTING_ID', file: 'old.csv', line: 5, field: 'key', value: 'VN, 2024-07-10, heroin, air' });
    expect(c.diagnostic!.message).toBe('this key (reporting_country, date, subtype, route) was already used at old.csv:3 with different content; this later record is rejected');
    // a later file replacing it, then a conflict inside that later file: compared with the later record
    expect(classify(l, row({ quantity: 4, fileIndex: 1, line: 2 })).superseded).toMatchObject({ fileIndex: 0, held: 0 });
    expect(classify(l, row({ quantity: 1, fileIndex: 1, line: 3 })).diagnostic).toMatchObject({ code: 'CONFLICTING_ID', line: 3 });
    expect(classify(l, row({ quantity: 1, fileIndex: 1, line: 3 })).diagnostic!.message).toContain('new.csv:2');
  });

  it("names the day of the record it replaces (a key without the date: the later record's day may differ)", () => {
    const l = new Ledger(testCampaign({ key: { fields: ['reporting_country', 'subtype', 'route'], onConflict: 'latest' } }), FILES);
    const first = row({ date: '2024-07-03', line: 2 });
    classify(l, first);
    const second = row({ date: '2024-07-20', quantity: 9, fileIndex: 1, line: 2 });
    expect(classify(l, second).superseded).toMatchObject({ bucket: 'accepted', held: 0, day: first.day });
    expect(classify(l, row({ date: '2024-07-25', quantity: 3, fileIndex: 2, line: 2 })).superseded).toMatchObject({ held: 1, day: second.day });
    // out of scope (outside every phase), then replaced: its own day too
    const out = row({ subtype: 'cocaine', date: '2024-09-02', line: 3 });
    classify(l, out);
    expect(classify(l, row({ subtype: 'cocaine', fileIndex: 1, line: 3 })).superseded).toMatchObject({ bucket: 'out_of_scope', day: out.day });
  });

  it('keeps the days of more keys than its first tables hold', () => {
    const l = new Ledger(testCampaign({ key: { fields: ['reporting_country', 'date', 'subtype', 'route'], onConflict: 'latest' } }), FILES);
    const n = (1 << 14) + 5;
    const base = row({}).day;
    for (let i = 0; i < n; i++) classify(l, row({ date: '2024-07-01', route: `r${i}`, line: i + 2 }));
    const last = classify(l, row({ date: '2024-07-01', route: `r${n - 1}`, quantity: 2, fileIndex: 1, line: 2 }));
    expect(last.superseded).toMatchObject({ held: n - 1 });
    expect(last.superseded!.day).toBe(base - 9);
  });

  it('records whose keys differ in any key field are different records', () => {
    const l = keyed('latest');
    for (const o of [{}, { reportingCountry: 'KR' }, { date: '2024-07-11' }, { subtype: 'cocaine' }, { route: 'sea' }] as Partial<SeizureRecord>[]) {
      expect(classify(l, row({ ...o, id: 'same' })).bucket).toBe('accepted');
    }
    // a field outside the key makes no other record: the same key with other content
    expect(classify(l, row({ id: 'x', origin: 'LA', fileIndex: 1 })).superseded).toBeDefined();
  });
});

describe('Ledger with key: and on_conflict: first', () => {
  it('keeps the earlier record and sets the later one aside as SUPERSEDED at its own line', () => {
    const l = keyed('first');
    expect(l.holding).toBe(false);
    expect(classify(l, row({ quantity: 5, line: 3 })).bucket).toBe('accepted');
    const c = classify(l, row({ quantity: 7.5, fileIndex: 1, line: 9 }));
    expect(c).toEqual({
      bucket: 'duplicates',
      phase: '',
      diagnostic: {
        severity: 'warning',
        code: 'SUPERSEDED',
        file: 'new.csv',
        line: 9,
        field: 'key',
        value: 'VN, 2024-07-10, heroin, air',
        message: 'the same key as old.csv:3 with other content; set aside, the earlier record is kept (on_conflict: first)',
      },
    });
    // still compared with the first record
    expect(classify(l, row({ quantity: 5, fileIndex: 2, line: 4 })).diagnostic).toMatchObject({ code: 'DUPLICATE', message: 'the same record as old.csv:3; counted once' });
  });

  it('without key: identity is country and id, nothing is held', () => {
    const l = new Ledger(testCampaign(), FILES);
    expect(l.holding).toBe(false);
    classify(l, row({ id: 'A', quantity: 1 }));
    expect(classify(l, row({ id: 'A', quantity: 2, fileIndex: 1 })).diagnostic).toMatchObject({ code: 'CONFLICTING_ID', field: 'id', value: 'A' });
  });
});

describe('keyedContentHash', () => {
  it('ignores a case id that is only the record id, and covers reporting country and agency', () => {
    const base = row({ id: 'A', caseId: 'A' });
    expect(keyedContentHash(row({ id: 'B', caseId: 'B' }))).toBe(keyedContentHash(base));
    expect(keyedContentHash(row({ id: 'B', caseId: 'A' }))).not.toBe(keyedContentHash(base));
    expect(keyedContentHash(row({ id: 'A', caseId: 'A', reportingCountry: 'KR' }))).not.toBe(keyedContentHash(base));
    expect(keyedContentHash(row({ id: 'A', caseId: 'A', agency: 'hq' }))).not.toBe(keyedContentHash(base));
    expect(keyedContentHash(row({ id: 'A', caseId: 'A', quantity: 2 }))).not.toBe(keyedContentHash(base));
    // contentHash keeps the case id as it was
    expect(contentHash(row({ id: 'B', caseId: 'B' }))).not.toBe(contentHash(base));
  });
});
