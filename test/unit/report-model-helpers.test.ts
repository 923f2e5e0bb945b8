import { describe, expect, it } from 'vitest';
import { agencyTables, type CommodityTable } from '../../src/aggregate/report-model.js';

const row = (country: string, agency: string, cases: number) => ({ keys: { country, agency }, cases, seizures: cases, quantities: [{ unit: 'kg' as const, quantity: cases }] });
const names = (id: string) => `name of ${id}`;

describe('agencyTables', () => {
  it('no table when no record of the phase names an agency (a table of "not given" rows says nothing)', () => {
    const tables: CommodityTable[] = [{ commodity: 'drugs', units: ['kg'], rows: [row('VN', '', 3), row('KR', '', 1)] }];
    expect(agencyTables(tables, names)).toEqual([]);
  });

  it('every table, each row with its agency name, when one row of any table names an agency', () => {
    const tables: CommodityTable[] = [
      { commodity: 'drugs', units: ['kg'], rows: [row('VN', '', 3)] },
      { commodity: 'tobacco', units: ['kg'], rows: [row('KR', 'kcs', 2)] },
    ];
    const out = agencyTables(tables, names);
    expect(out.map((t) => t.commodity)).toEqual(['drugs', 'tobacco']);
    expect(out[0]!.rows[0]!.keys).toEqual({ country: 'VN', agency: '', agencyName: 'name of ' });
    expect(out[1]!.rows[0]!.keys).toEqual({ country: 'KR', agency: 'kcs', agencyName: 'name of kcs' });
    expect(out[1]!.rows[0]!.cases).toBe(2);
  });
});

import { isPeriodId } from '../../src/aggregate/report-model.js';

describe('isPeriodId', () => {
  it('a generated phase id is a period that names its phase; a plain id is not', () => {
    for (const id of ['2017', '2017-Q3', '2017-07', 'fy2019', 'FY2019', 'fy2019-q1']) expect([id, isPeriodId(id)]).toEqual([id, true]);
    for (const id of ['p1', 'phase-2', '201', '20171', '2017-Q5', '2017-7', 'x2017', '2017-07-01']) expect([id, isPeriodId(id)]).toEqual([id, false]);
  });
});

import { phaseSubtitle } from '../../src/aggregate/report-model.js';

describe('phaseSubtitle of generated phases', () => {
  it('a period id is said after "Phase N of M" (it is the name); a plain id is not', () => {
    expect(phaseSubtitle('2017', '2017', 48)).toBe('2017');
    expect(phaseSubtitle('FY2019', 'fy2019', 1)).toBe('FY2019');
    expect(phaseSubtitle('p1', 'p1', 1)).toBeNull();
  });
});
