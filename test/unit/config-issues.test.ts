import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { flatIssues, formatIssues, issueMessage } from '../../src/config/issues.js';
import { allowedKeys, suggestKey } from '../../src/config/key-suggestions.js';
import { campaignSchema, CANONICAL_FIELDS, phaseSchema } from '../../src/config/schema.js';

describe('suggestKey: the allowed key an unknown one is a slip of', () => {
  const keys = ['columns', 'date_format', 'delimiter', 'route', 'name', 'kg'];

  it('one edit in a key of 3–5 characters, two in a longer one', () => {
    expect(suggestKey('colums', keys)).toBe('columns');
    expect(suggestKey('Columns', keys)).toBe('columns');
    expect(suggestKey('date_fromat', keys)).toBe('date_format');
    expect(suggestKey('delimeter', keys)).toBe('delimiter');
    expect(suggestKey('rout', keys)).toBe('route');
    expect(suggestKey('nam', keys)).toBe('name');
    // two edits in a key of 4 or 5 characters are too many: "nmae" is as near to many a word
    expect(suggestKey('nmae', keys)).toBeUndefined();
    expect(suggestKey('rooute', keys)).toBe('route');
    expect(suggestKey('roouute', keys)).toBe('route');
    // three edits in a long key: no suggestion
    expect(suggestKey('dxte_fxrmxt', keys)).toBeUndefined();
  });

  it('none for a key of one or two characters, or when nothing is near', () => {
    expect(suggestKey('g', keys)).toBeUndefined();
    expect(suggestKey('kq', keys)).toBeUndefined();
    expect(suggestKey('colour', keys)).toBeUndefined();
    expect(suggestKey('colums', [])).toBeUndefined();
  });
});

describe('allowedKeys: the keys the schema allows at a place of the campaign file', () => {
  it('objects, lists, records with field keys, and values of several forms', () => {
    expect(allowedKeys(campaignSchema, [])).toEqual(Object.keys(campaignSchema.shape));
    expect(allowedKeys(campaignSchema, ['campaign'])).toContain('participants');
    const source = allowedKeys(campaignSchema, ['sources', 0]);
    expect(source).toEqual(expect.arrayContaining(['path', 'columns', 'defaults', 'date_format', 'delimiter', 'encoding', 'sheet']));
    expect(allowedKeys(campaignSchema, ['sources', 0, 'columns'])).toEqual([...CANONICAL_FIELDS]);
    expect(allowedKeys(campaignSchema, ['sources', 0, 'defaults'])).toEqual([...CANONICAL_FIELDS]);
    // phases: a list of phases, a file name, or a series: the series' keys
    expect(allowedKeys(campaignSchema, ['phases'])).toEqual(expect.arrayContaining(['every', 'from', 'to']));
    expect(allowedKeys(campaignSchema, ['phases', 0])).toEqual(expect.arrayContaining(['id', 'name', 'start', 'end']));
    expect(allowedKeys(phaseSchema, [])).toEqual(Object.keys(phaseSchema.shape));
  });

  it('none where the schema has no object, or no such key', () => {
    expect(allowedKeys(campaignSchema, ['sources', 0, 'path'])).toEqual([]);
    expect(allowedKeys(campaignSchema, ['nothing', 'here'])).toEqual([]);
    expect(allowedKeys(campaignSchema, ['sources', 'first'])).toEqual([]);
    // a record with free keys (aliases.route: any spelling) allows any key: none to suggest
    expect(allowedKeys(campaignSchema, ['aliases', 'route'])).toEqual([]);
  });
});

describe('the findings of an invalid campaign file', () => {
  const issuesOf = (value: unknown, schema: z.ZodType = campaignSchema) => {
    const r = schema.safeParse(value);
    if (r.success) throw new Error('expected it to be invalid');
    return r.error.issues;
  };
  const base = { campaign: { id: 't', name: 'T' }, phases: [{ id: 'p1', start: '2024-07-01', end: '2024-07-31' }], sources: [{ path: 'x.csv' }] };

  it('a value of several forms gives the findings of the form it was written in, with the whole path', () => {
    const flat = flatIssues(issuesOf({ ...base, phases: [{ id: 'p1', end: '2024-07-31' }] }));
    expect(flat.map((i) => [i.path, issueMessage(i, campaignSchema)])).toEqual([[['phases', 0, 'start'], 'required']]);
    const series = flatIssues(issuesOf({ ...base, phases: { evry: 'month', from: '2024-01', to: '2024-03' } }));
    expect(series.map((i) => [i.path, issueMessage(i, campaignSchema)])).toEqual([
      [['phases', 'every'], 'Invalid option: expected one of "year"|"quarter"|"month"'],
      [['phases'], 'unknown key(s) "evry" (did you mean "every"?)'],
    ]);
  });

  it('a value of none of the forms: one finding that names them', () => {
    const flat = flatIssues(issuesOf({ ...base, phases: 5 }));
    expect(flat.map((i) => [i.path, i.message])).toEqual([[['phases'], 'expected array, string or object']]);
  });

  it('other findings are as zod gives them; several unknown keys each with its suggestion', () => {
    const wrongType = issuesOf({ ...base, campaign: { id: 5, name: 'T' } });
    expect(flatIssues(wrongType)).toEqual(wrongType);
    expect(issueMessage(wrongType[0]!, campaignSchema)).toBe('Invalid input: expected string, received number');
    const unknown = issuesOf({ ...base, sources: [{ path: 'x.csv', colums: {}, colour: 'red', date_fromat: 'yyyy' }] });
    expect(issueMessage(unknown[0]!, campaignSchema)).toBe('unknown key(s) "colums" (did you mean "columns"?), "colour", "date_fromat" (did you mean "date_format"?)');
    const phase = issuesOf({ id: 'p1', strt: '2024-07-01', end: '2024-07-31' }, phaseSchema);
    expect(flatIssues(phase).map((i) => issueMessage(i, phaseSchema))).toEqual(['required', 'unknown key(s) "strt" (did you mean "start"?)']);
  });

  it('formatIssues: one line a finding, with the line of the key or of the nearest key above a missing one', () => {
    const lines: Record<string, number> = { 'campaign': 1, 'sources': 4, 'sources.0': 5, 'sources.0.colums': 6 };
    const lineOf = (p: readonly PropertyKey[]) => lines[p.map(String).join('.')];
    const text = formatIssues(issuesOf({ campaign: { name: 'T' }, phases: base.phases, sources: [{ path: 'x.csv', colums: {} }] }), campaignSchema, lineOf);
    expect(text).toBe(['  campaign.id (line 1): required', '  sources[0] (line 6): unknown key(s) "colums" (did you mean "columns"?)'].join('\n'));
    // no line anywhere on the path: none said; the top level is named so
    expect(formatIssues(issuesOf(5), campaignSchema, () => undefined)).toBe('  (top level): Invalid input: expected object, received number');
  });

  it('lists at most 20 findings', () => {
    const many = z.object(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, z.string()])));
    expect(formatIssues(issuesOf({}, many), many, () => undefined).split('\n')).toHaveLength(20);
  });
});
