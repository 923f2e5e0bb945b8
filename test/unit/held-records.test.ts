import { describe, expect, it } from 'vitest';
import { HeldRecords } from '../../src/pipeline/held-records.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { rec } from '../helpers/records.js';

describe('HeldRecords', () => {
  it('hands on every record held and not dropped, in the order held, across files, with every field', () => {
    const held = new HeldRecords();
    const records = [
      rec({ id: 'a', line: 2, quantity: 5, fileIndex: 0, caseId: 'case-1', extras: ['x'] }),
      rec({ id: 'b', line: 3, quantity: 6, fileIndex: 0 }),
      rec({ id: 'c', line: 2, quantity: 7.5, fileIndex: 1, reportingCountry: 'KR', count: 4, totals: true }),
      rec({ id: 'd', line: 9, quantity: 8, fileIndex: 1, subtype: 'heroin' }),
    ];
    for (const r of records) held.add(r, 0);
    held.drop(1);
    const out: SeizureRecord[] = [];
    held.release((r) => out.push({ ...r }));
    expect(out).toEqual([records[0], records[2], records[3]]);
  });

  it('grows past its first table of dropped marks', () => {
    const held = new HeldRecords();
    for (let i = 0; i < 3000; i++) held.add(rec({ id: `r${i}`, line: i + 2 }), 0);
    for (let i = 0; i < 3000; i += 2) held.drop(i);
    const lines: number[] = [];
    held.release((r) => lines.push(r.line));
    expect(lines).toHaveLength(1500);
    expect(lines[0]).toBe(3);
    expect(lines[1499]).toBe(3001);
  });
});
