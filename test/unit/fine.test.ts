import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import type { Dimension } from '../../src/aggregate/dimensions.js';
import { CaseNumbers, FineAggregator, rowsByCase } from '../../src/aggregate/fine.js';
import { REPORT_GRAIN, REPORT_GRAINS } from '../../src/aggregate/report-collector.js';
import type { CanonicalUnit } from '../../src/normalize/unit.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { mulberry32 as random } from '../helpers/random.js';
import { keyHash, rec } from '../helpers/records.js';


const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

/**
 * Records the way exports make them: cases of one to four items (of several
 * goods and units, so a case spans fine rows), reused case ids across
 * countries, totals rows, quantities with many decimals.
 */
function records(seed: number, n: number): [SeizureRecord, string, number, number][] {
  const r = random(seed);
  const out: [SeizureRecord, string, number, number][] = [];
  let caseNo = 0;
  while (out.length < n) {
    const country = pick(r, ['VN', 'KR', 'TH']);
    const caseId = `C${r() < 0.2 ? Math.floor(r() * 5) : ++caseNo}`;
    const phase = pick(r, ['p1', 'p2', 'p3']);
    const date = `2024-0${pick(r, [7, 8])}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    const items = 1 + Math.floor(r() * r() * 4);
    const totals = r() < 0.05;
    for (let i = 0; i < items && out.length < n; i++) {
      const unit = pick(r, ['kg', 'kg', 'l', 'pieces', 'sticks'] as CanonicalUnit[]);
      const record = rec({
        id: `${caseId}-${i}-${out.length}`,
        caseId,
        date,
        reportingCountry: country,
        commodity: pick(r, ['drugs', 'drugs', 'cites', 'tobacco']),
        subtype: pick(r, ['', 'heroin', 'methamphetamine', 'ivory']),
        agency: pick(r, ['', 'a1', 'a2']),
        route: pick(r, ['air', 'sea', 'post']),
        direction: pick(r, ['', 'import', 'transit']),
        origin: pick(r, ['', 'LA', 'MM', 'ZZ']),
        destination: pick(r, ['', 'VN', 'KR']),
        unit,
        quantity: Math.round(r() * 1e7) / 1e4 + 1e-4,
        totals,
        count: totals ? 1 + Math.floor(r() * 9) : 1,
      });
      const [h1, h2] = keyHash(country, caseId);
      out.push([record, phase, h1, h2]);
    }
  }
  return out;
}

const PHASES = ['p1', 'p2', 'p3'];
const TABLES: Dimension[][] = [[], ['phase'], ['phase', 'commodity'], ['phase', 'commodity', 'subtype'], ['phase', 'country'], ['phase', 'country', 'agency'], ['phase', 'route', 'direction'], ['phase', 'route'], ['phase', 'origin', 'destination'], ['phase', 'week'], ['country', 'week', 'subtype']];

describe('FineAggregator: any table derived from the fine rows equals the table aggregated directly', () => {
  it.each([1, 2, 3])('seed %i: 3,000 records, every report table, with and without units', (seed) => {
    const data = records(seed, 3000);
    const fine = new FineAggregator(REPORT_GRAIN);
    for (const [r, phase, h1, h2] of data) fine.add(r, phase, h1, h2);
    for (const dims of TABLES) {
      for (const split of [true, false]) {
        const direct = new Aggregator(dims, PHASES, split);
        for (const [r, phase, h1, h2] of data) direct.add(r, phase, h1, h2);
        expect(fine.rows(dims, PHASES, split), `${dims.join(',')} ${split}`).toEqual(direct.rows());
      }
    }
  });

  it('a case with items in two goods counts once in a table that gathers both, once in each otherwise', () => {
    const fine = new FineAggregator(REPORT_GRAIN);
    const [h1, h2] = keyHash('VN', 'C1');
    fine.add(rec({ id: 'a', caseId: 'C1', subtype: 'heroin', quantity: 1 }), 'p1', h1, h2);
    fine.add(rec({ id: 'b', caseId: 'C1', subtype: 'ivory', commodity: 'cites', quantity: 2 }), 'p1', h1, h2);
    fine.add(rec({ id: 'c', caseId: 'C1', subtype: 'ivory', commodity: 'cites', quantity: 3 }), 'p1', h1, h2);
    expect(fine.rows(['phase'], PHASES, false).map((r) => [r.cases, r.seizures])).toEqual([[1, 3]]);
    expect(fine.rows(['commodity', 'subtype'], PHASES, true).map((r) => [r.dims.join('/'), r.cases, r.seizures, r.quantity])).toEqual([
      ['cites/ivory', 1, 2, 5],
      ['drugs/heroin', 1, 1, 1],
    ]);
  });

  it('a case with items in twenty rows counts once in a table that gathers them, once in each of their groups otherwise', () => {
    const fine = new FineAggregator(REPORT_GRAIN);
    const [h1, h2] = keyHash('VN', 'C1');
    // 20 subtypes (more than the first room for one case's groups), each twice, in two phases
    for (let i = 0; i < 40; i++) fine.add(rec({ id: `r${i}`, caseId: 'C1', subtype: `s${String(i % 20).padStart(2, '0')}`, quantity: 1 }), i < 20 ? 'p1' : 'p2', h1, h2);
    expect(fine.rows([], PHASES, false).map((r) => [r.cases, r.seizures])).toEqual([[1, 40]]);
    expect(fine.rows(['phase'], PHASES, false).map((r) => [r.dims.join('/'), r.cases, r.seizures])).toEqual([
      ['p1', 1, 20],
      ['p2', 1, 20],
    ]);
    const bySubtype = fine.rows(['subtype'], PHASES, false);
    expect(bySubtype).toHaveLength(20);
    expect(bySubtype.every((r) => r.cases === 1 && r.seizures === 2)).toBe(true);
  });

  it('rowsByCase: the rows of each case together, cases in the order first seen, rows in the order added', () => {
    // (case, row) pairs: case 5 rows 1 and 4, case 2 rows 3 and 7, case 9 row 0
    const { rows, ends } = rowsByCase([5, 1, 2, 3, 5, 4, 2, 7, 9, 0]);
    expect([...rows]).toEqual([1, 4, 3, 7, 0]);
    expect([...ends]).toEqual([2, 4, 5]);
    expect(rowsByCase([])).toEqual({ rows: new Int32Array(0), ends: new Int32Array(0) });
  });

  it('partial rows (addFine) merge as the aggregator merges them', () => {
    const data = records(9, 500);
    const fine = new FineAggregator(REPORT_GRAIN);
    const direct = new Aggregator(['phase', 'commodity'], PHASES, true);
    for (const [r, phase, h1, h2] of data) {
      const value = (d: Dimension) => (d === 'phase' ? phase : d === 'week' ? '2024-W30' : String((r as unknown as Record<string, unknown>)[d === 'country' ? 'reportingCountry' : d] ?? ''));
      const cases = r.totals ? new Uint32Array(0) : Uint32Array.of(h1, h2);
      fine.addFine(value, r.unit, r.count, r.quantity, r.totals ? r.count : 0, cases);
      direct.addFine(value, r.unit, r.count, r.quantity, r.totals ? r.count : 0, cases);
    }
    expect(fine.rows(['phase', 'commodity'], PHASES, true)).toEqual(direct.rows());
  });

  it('a dimension with more than 65,536 values widens the codes (16 to 32 bits) and keeps every row', () => {
    const fine = new FineAggregator(REPORT_GRAIN);
    const direct = new Aggregator(['agency'], PHASES, true);
    for (let i = 0; i < 70_000; i++) {
      const r = rec({ id: `R${i}`, agency: `A${i % 66_000}`, quantity: 1 + (i % 7) });
      const [h1, h2] = keyHash('VN', r.id);
      fine.add(r, 'p1', h1, h2);
      direct.add(r, 'p1', h1, h2);
    }
    expect(fine.rows(['agency'], PHASES, true)).toEqual(direct.rows());
  });

  it('refuses a table over a dimension outside its grain', () => {
    expect(() => new FineAggregator(['phase', 'commodity']).rows(['month'], PHASES, true)).toThrow('month is not a dimension of this aggregation');
  });

  it('refuses a where over a dimension outside its grain', () => {
    expect(() => new FineAggregator(['phase', 'commodity']).tables([{ dims: [], splitUnits: false, where: { dim: 'month', values: new Set(['2024-07']) } }], PHASES)).toThrow('month is not a dimension of this aggregation');
  });
});

describe('FineAggregator: tables of some fine rows only (where)', () => {
  it.each([4, 5])('seed %i: a table of the phases up to one equals the table aggregated over those records alone', (seed) => {
    const data = records(seed, 2000);
    const fine = new FineAggregator(REPORT_GRAIN);
    for (const [r, phase, h1, h2] of data) fine.add(r, phase, h1, h2);
    for (const upTo of [['p1'], ['p1', 'p2']]) {
      const values = new Set(upTo);
      for (const dims of [[], ['commodity'], ['country', 'commodity']] as Dimension[][]) {
        for (const split of [true, false]) {
          const direct = new Aggregator(dims, PHASES, split);
          for (const [r, phase, h1, h2] of data) if (values.has(phase)) direct.add(r, phase, h1, h2);
          const [got] = fine.tables([{ dims, splitUnits: split, where: { dim: 'phase', values } }], PHASES);
          expect(got, `${upTo.join('+')} ${dims.join(',')} ${split}`).toEqual(direct.rows());
        }
      }
    }
  });

  it('a case with items in two phases counts once over both, once in the first alone; the other rows add nothing', () => {
    const fine = new FineAggregator(REPORT_GRAIN);
    const [h1, h2] = keyHash('VN', 'C1');
    fine.add(rec({ id: 'a', caseId: 'C1', quantity: 2 }), 'p1', h1, h2);
    fine.add(rec({ id: 'b', caseId: 'C1', quantity: 3 }), 'p2', h1, h2);
    fine.add(rec({ id: 'c', quantity: 7 }), 'p3', ...keyHash('VN', 'c'));
    const where = (values: string[]) => ({ dim: 'phase' as const, values: new Set(values) });
    const [both, first, none] = fine.tables(
      [
        { dims: ['commodity'], splitUnits: true, where: where(['p1', 'p2']) },
        { dims: ['commodity'], splitUnits: true, where: where(['p1']) },
        { dims: ['commodity'], splitUnits: true, where: where(['p9']) },
      ],
      PHASES,
    );
    expect(both!.map((r) => [r.dims[0], r.unit, r.cases, r.seizures, r.quantity])).toEqual([['drugs', 'kg', 1, 2, 5]]);
    expect(first!.map((r) => [r.dims[0], r.unit, r.cases, r.seizures, r.quantity])).toEqual([['drugs', 'kg', 1, 1, 2]]);
    expect(none).toEqual([]);
    expect(fine.rows(['phase'], PHASES, false).map((r) => [r.dims[0], r.cases])).toEqual([['p1', 1], ['p2', 1], ['p3', 1]]);
  });
});

describe('FineAggregator: several grains over the same records', () => {
  it.each([6, 7])('seed %i: grains sharing one CaseNumbers each give their tables as one aggregation of every dimension does', (seed) => {
    const data = records(seed, 3000);
    const cases = new CaseNumbers();
    const fines = REPORT_GRAINS.map((g) => new FineAggregator(g, cases));
    const whole = new FineAggregator(REPORT_GRAIN);
    for (const [r, phase, h1, h2] of data) {
      const caseNo = r.totals ? -1 : cases.of(h1, h2);
      for (const f of fines) f.addNumbered(r, phase, caseNo);
      whole.add(r, phase, h1, h2);
    }
    for (const dims of TABLES.filter((t) => t.includes('phase'))) {
      const fine = fines.find((f) => dims.every((d) => f.grain.includes(d)))!;
      for (const split of [true, false]) expect(fine.rows(dims, PHASES, split), `${dims.join(',')} ${split}`).toEqual(whole.rows(dims, PHASES, split));
    }
  });

  it('numbers a case once, in the order first seen, whichever aggregation asks', () => {
    const cases = new CaseNumbers();
    expect(cases.size).toBe(0);
    expect([cases.of(1, 2), cases.of(3, 4), cases.of(1, 2), cases.of(0, 0), cases.of(3, 4)]).toEqual([0, 1, 0, 2, 1]);
    expect(cases.size).toBe(3);
  });

  it('makes room for the cases announced once (reserveCaseRows), grows past it by doubling, and counts as without it', () => {
    const data = records(8, 3000);
    const cases = new CaseNumbers();
    const reserved = new FineAggregator(REPORT_GRAINS[0]!, cases);
    const plain = new FineAggregator(REPORT_GRAINS[0]!);
    expect(reserved.caseCapacity).toBe(1 << 14);
    reserved.reserveCaseRows(50_000);
    expect(reserved.caseCapacity).toBe(50_000);
    reserved.reserveCaseRows(20_000);
    expect(reserved.caseCapacity).toBe(50_000);
    for (const [r, phase, h1, h2] of data) {
      reserved.add(r, phase, h1, h2);
      plain.add(r, phase, h1, h2);
    }
    expect(reserved.caseCapacity).toBe(50_000);
    for (const split of [true, false]) expect(reserved.rows(['phase', 'commodity', 'country'], PHASES, split)).toEqual(plain.rows(['phase', 'commodity', 'country'], PHASES, split));
    // Case number 50,000 (others numbered elsewhere): past the room made, doubled.
    while (cases.size < 50_001) cases.of(cases.size + 1_000_000, 9);
    reserved.addNumbered(rec({ id: 'z', quantity: 1 }), 'p1', 50_000);
    expect(reserved.caseCapacity).toBe(100_000);
  });

  it('a case whose items another aggregation saw first still counts once per group (case numbers not seen in order)', () => {
    const cases = new CaseNumbers();
    const fine = new FineAggregator(['phase', 'commodity'], cases);
    for (let i = 0; i < 20_000; i++) cases.of(i + 1, 7); // numbers 0 … 19,999 given elsewhere
    fine.addNumbered(rec({ id: 'a', quantity: 1 }), 'p1', 19_999);
    fine.addNumbered(rec({ id: 'b', quantity: 2, unit: 'l' }), 'p1', 19_999);
    fine.addNumbered(rec({ id: 'c', quantity: 4 }), 'p1', 5);
    expect(fine.rows(['phase'], PHASES, false).map((r) => [r.cases, r.seizures])).toEqual([[2, 3]]);
    expect(fine.rows(['phase'], PHASES, true).map((r) => [r.unit, r.cases, r.seizures, r.quantity])).toEqual([
      ['kg', 2, 2, 5],
      ['l', 1, 1, 2],
    ]);
  });

  it('dates by month and by year: the date dimensions read once per date and precision, as the aggregator reads them', () => {
    const fine = new FineAggregator(['phase', 'year', 'quarter', 'month', 'week']);
    const dims: Dimension[] = ['phase', 'year', 'quarter', 'month', 'week'];
    const direct = new Aggregator(dims, PHASES, true);
    const list = [
      rec({ id: '1', date: '2024-07-01' }),
      { ...rec({ id: '2', date: '2024-07-01' }), precision: 'month' as const },
      { ...rec({ id: '3', date: '2024-01-01' }), precision: 'year' as const },
      rec({ id: '4', date: '2024-07-01', quantity: 3 }),
      { ...rec({ id: '5', date: '2024-07-01' }), precision: 'year' as const },
      rec({ id: '6', date: '2024-12-30' }),
    ];
    list.forEach((r, i) => {
      const [h1, h2] = keyHash('VN', r.id);
      fine.add(r, 'p1', h1, h2 + i);
      direct.add(r, 'p1', h1, h2 + i);
    });
    expect(fine.rows(dims, PHASES, true)).toEqual(direct.rows());
    expect(fine.rows(dims, PHASES, true).map((r) => r.dims.slice(1).join('/'))).toEqual(['2024///', '2024/2024-Q3/2024-07/', '2024/2024-Q3/2024-07/2024-W27', '2024/2024-Q4/2024-12/2025-W01']);
  });
});
