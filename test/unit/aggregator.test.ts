import { describe, expect, it } from 'vitest';
import { Aggregator, round3 } from '../../src/aggregate/aggregator.js';
import type { Dimension } from '../../src/aggregate/dimensions.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { keyHash, rec } from '../helpers/records.js';

/** Adds records the way the pipeline does: the case is (reporting country, case id). */
function aggregate(dims: Dimension[], records: SeizureRecord[], phaseOf: (r: SeizureRecord) => string = () => 'p1', phaseOrder: string[] = []) {
  const a = new Aggregator(dims, phaseOrder);
  for (const r of records) {
    const [c1, c2] = keyHash(r.reportingCountry, r.caseId);
    a.add(r, phaseOf(r), c1, c2);
  }
  return a.rows().map(
    (row): Record<string, string | number> => ({
      ...Object.fromEntries(dims.map((d, i) => [d, row.dims[i]!])),
      unit: row.unit,
      cases: row.cases,
      seizures: row.seizures,
      quantity: row.quantity,
    }),
  );
}

describe('Aggregator: units', () => {
  it('never adds quantities of different canonical units: one row per unit', () => {
    const rows = aggregate(
      ['commodity'],
      [rec({ id: '1', unit: 'kg', quantity: 2 }), rec({ id: '2', unit: 'l', quantity: 3 }), rec({ id: '3', unit: 'kg', quantity: 0.5 }), rec({ id: '4', unit: 'pieces', quantity: 100 })],
    );
    expect(rows).toEqual([
      { commodity: 'drugs', unit: 'kg', cases: 2, seizures: 2, quantity: 2.5 },
      { commodity: 'drugs', unit: 'l', cases: 1, seizures: 1, quantity: 3 },
      { commodity: 'drugs', unit: 'pieces', cases: 1, seizures: 1, quantity: 100 },
    ]);
  });
});

describe('Aggregator: cases', () => {
  it('the same case id from two reporting countries is two cases', () => {
    const rows = aggregate(['commodity'], [rec({ id: 'VN-1', caseId: 'C-1', reportingCountry: 'VN' }), rec({ id: 'KR-1', caseId: 'C-1', reportingCountry: 'KR' })]);
    expect(rows).toEqual([{ commodity: 'drugs', unit: 'kg', cases: 2, seizures: 2, quantity: 2 }]);
  });

  it('two item lines of one case in one group are one case, two seizures', () => {
    const rows = aggregate(['commodity'], [rec({ id: 'L1', caseId: 'C-1' }), rec({ id: 'L2', caseId: 'C-1' })]);
    expect(rows).toEqual([{ commodity: 'drugs', unit: 'kg', cases: 1, seizures: 2, quantity: 2 }]);
  });

  it('two item lines of one case in two groups count one case in each', () => {
    const rows = aggregate(['commodity'], [rec({ id: 'L1', caseId: 'C-1', commodity: 'drugs' }), rec({ id: 'L2', caseId: 'C-1', commodity: 'tobacco', unit: 'sticks', quantity: 200 })]);
    expect(rows).toEqual([
      { commodity: 'drugs', unit: 'kg', cases: 1, seizures: 1, quantity: 1 },
      { commodity: 'tobacco', unit: 'sticks', cases: 1, seizures: 1, quantity: 200 },
    ]);
  });

  it('one case in two units of the same group counts once per unit row', () => {
    const rows = aggregate(['commodity'], [rec({ id: 'L1', caseId: 'C-1', unit: 'kg' }), rec({ id: 'L2', caseId: 'C-1', unit: 'pieces', quantity: 50 })]);
    expect(rows.map((r) => [r.unit, r.cases, r.seizures])).toEqual([
      ['kg', 1, 1],
      ['pieces', 1, 1],
    ]);
  });

  it('totals rows add their count to cases and seizures', () => {
    const rows = aggregate(
      ['country'],
      [
        rec({ id: 'T1', reportingCountry: 'KR', totals: true, count: 5, quantity: 10 }),
        rec({ id: 'T2', reportingCountry: 'KR', totals: true, count: 3, quantity: 0 }),
        rec({ id: 'I1', reportingCountry: 'KR', caseId: 'C-7', quantity: 1 }),
        rec({ id: 'I2', reportingCountry: 'KR', caseId: 'C-7', quantity: 1 }),
      ],
    );
    expect(rows).toEqual([{ country: 'KR', unit: 'kg', cases: 5 + 3 + 1, seizures: 5 + 3 + 2, quantity: 12 }]);
  });
});

describe('Aggregator without unit split (counts only)', () => {
  it('groups across units: one row per group, unit "", quantity 0, a case counted once', () => {
    const a = new Aggregator(['commodity'], [], false);
    const add = (r: SeizureRecord) => {
      const [c1, c2] = keyHash(r.reportingCountry, r.caseId);
      a.add(r, 'p1', c1, c2);
    };
    add(rec({ id: 'L1', caseId: 'C-1', unit: 'kg', quantity: 2 }));
    add(rec({ id: 'L2', caseId: 'C-1', unit: 'pieces', quantity: 50 }));
    add(rec({ id: 'L3', caseId: 'C-2', unit: 'l', quantity: 1 }));
    add(rec({ id: 'T1', totals: true, count: 4, unit: 'kg', quantity: 3 }));
    expect(a.rows()).toEqual([{ dims: ['drugs'], unit: '', cases: 2 + 4, seizures: 3 + 4, quantity: 0 }]);
  });
});

describe('Aggregator: sorting', () => {
  it('sorts by each dimension in order, then by unit in canonical order kg, l, pieces, sticks', () => {
    const rows = aggregate(
      ['route', 'country'],
      [
        rec({ id: '1', route: 'sea', reportingCountry: 'VN', unit: 'sticks' }),
        rec({ id: '2', route: 'air', reportingCountry: 'VN', unit: 'pieces' }),
        rec({ id: '3', route: 'air', reportingCountry: 'KR', unit: 'l' }),
        rec({ id: '4', route: 'air', reportingCountry: 'VN', unit: 'kg' }),
        rec({ id: '5', route: 'sea', reportingCountry: 'KR', unit: 'kg' }),
      ],
    );
    expect(rows.map((r) => [r.route, r.country, r.unit])).toEqual([
      ['air', 'KR', 'l'],
      ['air', 'VN', 'kg'],
      ['air', 'VN', 'pieces'],
      ['sea', 'KR', 'kg'],
      ['sea', 'VN', 'sticks'],
    ]);
  });

  it('sorts phases in campaign order, not alphabetically', () => {
    const rows = aggregate(
      ['phase', 'commodity'],
      [rec({ id: '1', phase: 'sep' }), rec({ id: '2', phase: 'jul', commodity: 'tobacco' }), rec({ id: '3', phase: 'aug' }), rec({ id: '4', phase: 'jul' })],
      (r) => r.phase,
      ['jul', 'aug', 'sep'],
    );
    expect(rows.map((r) => [r.phase, r.commodity])).toEqual([
      ['jul', 'drugs'],
      ['jul', 'tobacco'],
      ['aug', 'drugs'],
      ['sep', 'drugs'],
    ]);
  });
});

describe('Aggregator: quantities', () => {
  it('0.1 kg added ten times is exactly 1', () => {
    const rows = aggregate(['commodity'], Array.from({ length: 10 }, (_, i) => rec({ id: `r${i}`, quantity: 0.1 })));
    expect(rows[0]!.quantity).toBe(1);
  });

  it('sums without drift before rounding: 1000 kg + 15 × 0.0001 kg = 1000.0015 → 1000.002', () => {
    // Naive left-to-right addition gives 1000.0014999999996, which would round to 1000.001.
    const rows = aggregate(['commodity'], [rec({ id: 'big', quantity: 1000 }), ...Array.from({ length: 15 }, (_, i) => rec({ id: `g${i}`, quantity: 0.0001 }))]);
    expect(rows[0]!.quantity).toBe(1000.002);
  });

  it('35 × 0.0001 kg = 0.0035 → 0.004', () => {
    const rows = aggregate(['commodity'], Array.from({ length: 35 }, (_, i) => rec({ id: `g${i}`, quantity: 0.0001 })));
    expect(rows[0]!.quantity).toBe(0.004);
  });

  it('a million grams of 1 mg each sum to 1 kg', () => {
    const a = new Aggregator(['commodity']);
    const r = rec({ quantity: 0.000001 });
    for (let i = 0; i < 1_000_000; i++) a.add(r, 'p1', i, 0);
    expect(a.rows()[0]!.quantity).toBe(1);
    expect(a.rows()[0]!.seizures).toBe(1_000_000);
  });
});

describe('round3', () => {
  it.each([
    [1.0005, 1.001],
    [2.675, 2.675],
    [1.0004999, 1],
    [0.001, 0.001],
    [0.0015, 0.002],
    [123456789.123, 123456789.123],
    [0, 0],
    // a non-zero quantity is never 0: below 0.001, three significant digits
    [0.0005, 0.0005],
    [0.000123456, 0.000123],
    [0.00099949, 0.000999],
    [1e-9, 1e-9],
    [-0.0001, -0.0001],
  ])('%d → %d', (x, y) => {
    expect(round3(x)).toBe(y);
  });
  it('never returns -0', () => {
    expect(Object.is(round3(-0.0000001 * 0), -0)).toBe(false);
    expect(Object.is(round3(-0.0004999 + 0.0004999), -0)).toBe(false);
  });
});

describe('Aggregator: kg equivalents, partial rows and order', () => {
  const factor = (subtype: string, unit: string) => (subtype === 'mdma' && unit === 'pieces' ? 0.0001 : subtype === 'cocaine' && unit === 'l' ? 1 : undefined);

  it('a row with a factor table carries its kg estimate, undefined when no item had a factor; none without the table', () => {
    const a = new Aggregator(['commodity', 'subtype'], [], true, factor);
    const items = [rec({ id: '1', subtype: 'mdma', unit: 'pieces', quantity: 500 }), rec({ id: '2', subtype: 'mdma', unit: 'pieces', quantity: 1500 }), rec({ id: '3', subtype: 'heroin', quantity: 2 }), rec({ id: '4', subtype: 'cocaine', unit: 'l', quantity: 1.5 })];
    for (const r of items) a.add(r, 'p1', ...keyHash(r.reportingCountry, r.caseId));
    expect(a.rows().map((r) => [r.dims.join('/'), r.unit, r.quantity, r.kgEquivalent])).toEqual([
      ['drugs/cocaine', 'l', 1.5, 1.5],
      ['drugs/heroin', 'kg', 2, undefined],
      ['drugs/mdma', 'pieces', 2000, 0.2],
    ]);
    const fine = new Aggregator(['subtype'], [], true, factor);
    fine.addFine((d) => (d === 'subtype' ? 'mdma' : ''), 'pieces', 3, 1000, 0, new Uint32Array([1, 2, 3, 4]));
    expect(fine.rows()).toEqual([{ dims: ['mdma'], unit: 'pieces', cases: 2, seizures: 3, quantity: 1000, kgEquivalent: 0.1 }]);
    const plain = new Aggregator(['subtype']);
    plain.add(items[0]!, 'p1', 1, 1);
    expect(plain.rows()[0]).not.toHaveProperty('kgEquivalent');
  });

  it("a partial's rows: cases by their keys (each pair once per group), totals cases added, seizures and quantity summed", () => {
    const a = new Aggregator(['country']);
    a.addFine((d) => (d === 'country' ? 'VN' : ''), 'kg', 2, 1.5, 0, new Uint32Array([7, 1, 8, 1]));
    a.addFine((d) => (d === 'country' ? 'VN' : ''), 'kg', 4, 2.25, 3, new Uint32Array([7, 1, 9]));
    expect(a.rows()).toEqual([{ dims: ['VN'], unit: 'kg', cases: 5, seizures: 6, quantity: 3.75 }]);
  });

  it("a partial's quantities are summed exactly (compensated), small ones before and after a large one", () => {
    const a = new Aggregator([]);
    const none = new Uint32Array(0);
    for (let i = 0; i < 100_000; i++) a.addFine(() => '', 'kg', 1, 0.001, 0, none);
    a.addFine(() => '', 'kg', 1, 1e11, 0, none);
    for (let i = 0; i < 100_000; i++) a.addFine(() => '', 'kg', 1, 0.001, 0, none);
    expect(a.rows()[0]!.quantity).toBe(100_000_000_200);
  });

  it('records: the same compensated sum, small quantities before and after a large one', () => {
    const a = new Aggregator([]);
    const small = rec({ quantity: 0.001 });
    for (let i = 0; i < 100_000; i++) a.add(small, 'p1', i, 1);
    a.add(rec({ quantity: 1e11 }), 'p1', 0, 2);
    for (let i = 0; i < 100_000; i++) a.add(small, 'p1', i, 3);
    expect(a.rows()[0]!.quantity).toBe(100_000_000_200);
  });

  it('phases sort in campaign order; phases the campaign does not list come after, by id; then the unit order', () => {
    const a = new Aggregator(['phase', 'commodity'], ['p2', 'p1']);
    for (const [phase, unit, commodity] of [['zz', 'kg', 'drugs'], ['p1', 'l', 'drugs'], ['aa', 'kg', 'drugs'], ['p1', 'kg', 'drugs'], ['p2', 'kg', 'cites'], ['p2', 'kg', 'drugs']] as const) {
      a.add(rec({ unit, commodity }), phase, 1, 1);
    }
    expect(a.rows().map((r) => `${r.dims.join('/')} ${r.unit}`)).toEqual(['p2/cites kg', 'p2/drugs kg', 'p1/drugs kg', 'p1/drugs l', 'aa/drugs kg', 'zz/drugs kg']);
  });
});
